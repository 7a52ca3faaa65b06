#!/usr/bin/env node
// Differential test: the same signed transactions go to anvil (the reference) and to an AgentChain devnet;
// statuses, gas used, logs, eth_call / eth_estimateGas results and callTracer traces (debug_traceTransaction with
// each config, debug_traceCall) must match one by one.
// Starts both nodes itself (anvil from npm, agentchain.dll as in run-e2e.mjs). Exit code 0 = identical.
import { freePort, startProcess } from './lib/processes.mjs';
import { existsSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as E from 'ethers';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const ANVIL = join(here, 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');
const KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

function compile() {
  const solc = require('solc');
  const input = { language: 'Solidity', sources: { 'E2E.sol': { content: readFileSync(join(here, 'contracts', 'E2E.sol'), 'utf8') } },
    settings: { evmVersion: 'cancun', optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } } };
  const c = JSON.parse(solc.compile(JSON.stringify(input))).contracts['E2E.sol'].E2E;
  return { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
}

async function rpc(url, method, params) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return res.json();
}

async function receipt(url, hash) {
  for (let i = 0; i < 200; i++) {
    const r = (await rpc(url, 'eth_getTransactionReceipt', [hash])).result;
    if (r) return r;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`no receipt for ${hash} from ${url}`);
}

const dll = process.env.AGENTCHAIN_CLI_DLL ?? ['Release', 'Debug'].map(c => join(here, '..', '..', 'cli', 'AgentChain.Cli', 'bin', c, 'net10.0', 'agentchain.dll')).find(existsSync);
if (!dll) throw new Error('agentchain.dll not found: build cli/AgentChain.Cli or set AGENTCHAIN_CLI_DLL');
const [pa, pb] = [await freePort(), await freePort()];
const dataDir = mkdtempSync(join(tmpdir(), 'agentchain-diff-'));
// --hardfork cancun: anvil 1.7.1 defaults to Prague (EIP-7623's calldata floor changes gas used); AgentChain is Cancun.
const anvil = await startProcess(ANVIL, ['--host', '127.0.0.1', '--port', String(pa), '--gas-limit', '30000000', '--hardfork', 'cancun'], 'Listening on', { timeoutMs: 30_000 });
// --no-predeploys: anvil starts without the contracts, so the devnet must too for the same transactions to compare.
const ours = await startProcess('dotnet', [dll, 'devnet', '--port', String(pb), '--data-dir', dataDir, '--fresh', '--block-time', '100', '--no-predeploys'], 'Listening on', { timeoutMs: 30_000 });
const A = `http://127.0.0.1:${pa}`, B = `http://127.0.0.1:${pb}`;

const { abi, bytecode } = compile();
const iface = new E.Interface(abi);
const wallet = new E.Wallet(KEY0);
const contract = E.getCreateAddress({ from: wallet.address, nonce: 0 });
const other = '0x000000000000000000000000000000000000d1ff';
const steps = [
  ['deploy', { data: bytecode, gasLimit: 3_000_000 }],
  ['transfer', { to: other, value: 12345n, gasLimit: 21000 }],
  ['increment a', { to: contract, data: iface.encodeFunctionData('increment', ['a']), gasLimit: 200_000 }],
  ['fill 20', { to: contract, data: iface.encodeFunctionData('fill', [20]), gasLimit: 1_000_000 }],
  ['fill 101 (custom error)', { to: contract, data: iface.encodeFunctionData('fill', [101]), gasLimit: 100_000 }],
  ['fill 5 (overwrite, refunds)', { to: contract, data: iface.encodeFunctionData('fill', [5]), gasLimit: 1_000_000 }],
  ['increment with a long note', { to: contract, data: iface.encodeFunctionData('increment', ['x'.repeat(300)]), gasLimit: 300_000 }],
  ['call to an empty account with data', { to: other, data: '0xdeadbeef', gasLimit: 50_000 }],
  ['out of gas', { to: contract, data: iface.encodeFunctionData('fill', [50]), gasLimit: 60_000 }],
  ['fail() (revert with reason)', { to: contract, data: iface.encodeFunctionData('fail', []), gasLimit: 100_000 }],
  ['spawn (CREATE with value, then STATICCALL)', { to: contract, data: iface.encodeFunctionData('spawn', [7]), value: 1000n, gasLimit: 500_000 }],
  ['spawn2 (CREATE2)', { to: contract, data: iface.encodeFunctionData('spawn2', [5]), gasLimit: 500_000 }],
  ['forward (nested value transfer)', { to: contract, data: iface.encodeFunctionData('forward', [other]), value: 777n, gasLimit: 100_000 }],
  ['tryFail (caught nested revert that logged)', { to: contract, data: iface.encodeFunctionData('tryFail', []), gasLimit: 200_000 }],
  ['recurse(3)', { to: contract, data: iface.encodeFunctionData('recurse', [3]), gasLimit: 300_000 }],
  ['delegate (DELEGATECALL)', { to: contract, data: iface.encodeFunctionData('delegate', []), gasLimit: 200_000 }],
  ['failDeep (reason bubbled up from a nested call)', { to: contract, data: iface.encodeFunctionData('failDeep', []), gasLimit: 200_000 }],
];
const traceConfigs = [{ tracer: 'callTracer' }, { tracer: 'callTracer', tracerConfig: { withLog: true } }, { tracer: 'callTracer', tracerConfig: { onlyTopCall: true, withLog: true } }];
const tracedCalls = [
  ['recurse(2)', { from: wallet.address, to: contract, data: iface.encodeFunctionData('recurse', [2]), gas: '0x1e8480' }],
  ['spawn(3) with value', { from: wallet.address, to: contract, data: iface.encodeFunctionData('spawn', [3]), value: '0x64', gas: '0x1e8480' }],
  ['failDeep()', { from: wallet.address, to: contract, data: iface.encodeFunctionData('failDeep', []), gas: '0x1e8480' }],
];
const calls = [
  ['count()', { to: contract, data: iface.encodeFunctionData('count', []) }],
  ['squares(3)', { to: contract, data: iface.encodeFunctionData('squares', [3]) }],
  ['squares(19)', { to: contract, data: iface.encodeFunctionData('squares', [19]) }],
  ['divide(7,2)', { to: contract, data: iface.encodeFunctionData('divide', [7, 2]) }],
  ['divide(1,0) (panic)', { to: contract, data: iface.encodeFunctionData('divide', [1, 0]) }],
  ['fail()', { to: contract, data: iface.encodeFunctionData('fail', []) }],
];

let mismatches = 0, compared = 0;
function same(what, a, b) {
  compared++;
  const ja = JSON.stringify(a), jb = JSON.stringify(b);
  if (ja !== jb) { mismatches++; console.log(`  DIFF ${what}\n    anvil: ${ja}\n    ours:  ${jb}`); }
}
const pick = r => ({ status: r.status, gasUsed: r.gasUsed, contractAddress: r.contractAddress, logs: r.logs.map(l => ({ address: l.address, topics: l.topics, data: l.data })) });
const callResult = r => r.error ? { code: r.error.code, message: r.error.message, data: r.error.data } : { result: r.result };
// JSON key order is not part of the format; array order (calls, logs) is.
const sorted = v => Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map(k => [k, sorted(v[k])])) : v;
const trace = r => r.error ? { code: r.error.code, message: r.error.message } : sorted(r.result);
// Where anvil (revm-inspectors) departs from geth's callTracer, AgentChain follows geth; these fields are checked on
// our side against geth's rule and left out of the comparison:
//  - the top frame's gas: geth reports the transaction's gas limit, anvil the gas left after intrinsic gas;
//  - logs' "index": an anvil addition that geth's callLog does not have;
//  - with onlyTopCall, a log's "position": geth counts the recorded subcalls (none), anvil the executed ones.
function gethOnly(t, gasLimit, config) {
  if (!t || t.code !== undefined) return t;
  const copy = structuredClone(t);
  if (gasLimit !== undefined) {
    if (BigInt(copy.gas) !== BigInt(gasLimit)) { mismatches++; console.log(`  DIFF top frame gas ${copy.gas} is not the gas limit ${gasLimit}`); }
    delete copy.gas;
  }
  const strip = f => {
    for (const l of f.logs ?? []) { delete l.index; if (config.tracerConfig?.onlyTopCall) delete l.position; }
    for (const c of f.calls ?? []) strip(c);
  };
  strip(copy);
  return copy;
}
const anvilTrace = (r, config) => { const t = trace(r); if (t && t.code === undefined) { delete t.gas; } return gethOnly(t, undefined, config); };

try {
  for (let i = 0; i < steps.length; i++) {
    const [name, fields] = steps[i];
    const raw = await wallet.signTransaction({ type: 2, chainId: 31337, nonce: i, maxFeePerGas: E.parseUnits('100', 'gwei'), maxPriorityFeePerGas: E.parseUnits('1', 'gwei'), ...fields });
    const [ha, hb] = [(await rpc(A, 'eth_sendRawTransaction', [raw])), (await rpc(B, 'eth_sendRawTransaction', [raw]))];
    same(`${name}: accepted`, ha.error?.message ?? ha.result, hb.error?.message ?? hb.result);
    if (ha.result && hb.result) {
      same(`${name}: receipt`, pick(await receipt(A, ha.result)), pick(await receipt(B, hb.result)));
      for (const config of traceConfigs)
        same(`${name}: debug_traceTransaction ${JSON.stringify(config.tracerConfig ?? {})}`,
          anvilTrace(await rpc(A, 'debug_traceTransaction', [ha.result, config]), config),
          gethOnly(trace(await rpc(B, 'debug_traceTransaction', [hb.result, config])), fields.gasLimit, config));
    }
    for (const [callName, tx] of calls) same(`after ${name}: eth_call ${callName}`, callResult(await rpc(A, 'eth_call', [tx, 'latest'])), callResult(await rpc(B, 'eth_call', [tx, 'latest'])));
    const est = { from: wallet.address, to: contract, data: iface.encodeFunctionData('fill', [30]) };
    same(`after ${name}: eth_estimateGas fill(30)`, callResult(await rpc(A, 'eth_estimateGas', [est])), callResult(await rpc(B, 'eth_estimateGas', [est])));
    // The contract's storage trie is the same on both nodes, so its storage hash and slot proofs must match byte
    // for byte; the account proof depends on the whole state (genesis differs), so only the account's fields are compared.
    const proofPick = r => r.error ? { code: r.error.code, message: r.error.message } : { balance: r.result.balance, nonce: r.result.nonce, codeHash: r.result.codeHash, storageHash: r.result.storageHash, storageProof: r.result.storageProof };
    const proofKeys = [E.zeroPadValue('0x00', 32), E.solidityPackedKeccak256(['uint256', 'uint256'], [3, 1]), E.solidityPackedKeccak256(['uint256', 'uint256'], [99, 1])];
    same(`after ${name}: eth_getProof of the contract`, proofPick(await rpc(A, 'eth_getProof', [contract, proofKeys, 'latest'])), proofPick(await rpc(B, 'eth_getProof', [contract, proofKeys, 'latest'])));
    same(`after ${name}: balance of ${other}`, (await rpc(A, 'eth_getBalance', [other, 'latest'])).result, (await rpc(B, 'eth_getBalance', [other, 'latest'])).result);
  }
  for (const [callName, tx] of tracedCalls)
    for (const config of traceConfigs)
      same(`debug_traceCall ${callName} ${JSON.stringify(config.tracerConfig ?? {})}`,
        anvilTrace(await rpc(A, 'debug_traceCall', [tx, 'latest', config]), config),
        gethOnly(trace(await rpc(B, 'debug_traceCall', [tx, 'latest', config])), tx.gas, config));
} finally {
  await anvil.stop();
  await ours.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`differential: ${compared} comparisons, ${mismatches} mismatches`);
process.exit(mismatches === 0 ? 0 : 1);

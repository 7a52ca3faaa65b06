#!/usr/bin/env node
// Differential test: the same signed transactions go to anvil (the reference) and to an AgentChain devnet;
// statuses, gas used, logs and eth_call / eth_estimateGas results must match one by one.
// Starts both nodes itself (anvil from npm, agentchain.dll as in run-e2e.mjs). Exit code 0 = identical.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
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

function freePort() {
  return new Promise((res, rej) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); s.on('error', rej); });
}

async function startProcess(cmd, args, ready) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', d => { output += d; });
  child.stderr.on('data', d => { output += d; });
  for (let i = 0; i < 300 && !output.includes(ready); i++) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited early:\n${output}`);
    await new Promise(r => setTimeout(r, 100));
  }
  return { stop: () => new Promise(r => { if (child.exitCode !== null) return r(); child.on('exit', r); child.kill('SIGTERM'); }) };
}

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
const anvil = await startProcess(ANVIL, ['--host', '127.0.0.1', '--port', String(pa), '--gas-limit', '30000000', '--hardfork', 'cancun'], 'Listening on');
// --no-predeploys: anvil starts without the contracts, so the devnet must too for the same transactions to compare.
const ours = await startProcess('dotnet', [dll, 'devnet', '--port', String(pb), '--data-dir', dataDir, '--fresh', '--block-time', '100', '--no-predeploys'], 'Listening on');
const A = `http://127.0.0.1:${pa}`, B = `http://127.0.0.1:${pb}`;

const { abi, bytecode } = compile();
const iface = new E.Interface(abi);
const wallet = new E.Wallet(KEY0);
const contract = E.getCreateAddress({ from: wallet.address, nonce: 0 });
const other = '0x000000000000000000000000000000000000d1ff';
const steps = [
  ['deploy', { data: bytecode, gasLimit: 1_000_000 }],
  ['transfer', { to: other, value: 12345n, gasLimit: 21000 }],
  ['increment a', { to: contract, data: iface.encodeFunctionData('increment', ['a']), gasLimit: 200_000 }],
  ['fill 20', { to: contract, data: iface.encodeFunctionData('fill', [20]), gasLimit: 1_000_000 }],
  ['fill 101 (custom error)', { to: contract, data: iface.encodeFunctionData('fill', [101]), gasLimit: 100_000 }],
  ['fill 5 (overwrite, refunds)', { to: contract, data: iface.encodeFunctionData('fill', [5]), gasLimit: 1_000_000 }],
  ['increment with a long note', { to: contract, data: iface.encodeFunctionData('increment', ['x'.repeat(300)]), gasLimit: 300_000 }],
  ['call to an empty account with data', { to: other, data: '0xdeadbeef', gasLimit: 50_000 }],
  ['out of gas', { to: contract, data: iface.encodeFunctionData('fill', [50]), gasLimit: 60_000 }],
  ['fail() (revert with reason)', { to: contract, data: iface.encodeFunctionData('fail', []), gasLimit: 100_000 }],
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

try {
  for (let i = 0; i < steps.length; i++) {
    const [name, fields] = steps[i];
    const raw = await wallet.signTransaction({ type: 2, chainId: 31337, nonce: i, maxFeePerGas: E.parseUnits('100', 'gwei'), maxPriorityFeePerGas: E.parseUnits('1', 'gwei'), ...fields });
    const [ha, hb] = [(await rpc(A, 'eth_sendRawTransaction', [raw])), (await rpc(B, 'eth_sendRawTransaction', [raw]))];
    same(`${name}: accepted`, ha.error?.message ?? ha.result, hb.error?.message ?? hb.result);
    if (ha.result && hb.result) {
      same(`${name}: receipt`, pick(await receipt(A, ha.result)), pick(await receipt(B, hb.result)));
    }
    for (const [callName, tx] of calls) same(`after ${name}: eth_call ${callName}`, callResult(await rpc(A, 'eth_call', [tx, 'latest'])), callResult(await rpc(B, 'eth_call', [tx, 'latest'])));
    const est = { from: wallet.address, to: contract, data: iface.encodeFunctionData('fill', [30]) };
    same(`after ${name}: eth_estimateGas fill(30)`, callResult(await rpc(A, 'eth_estimateGas', [est])), callResult(await rpc(B, 'eth_estimateGas', [est])));
    same(`after ${name}: balance of ${other}`, (await rpc(A, 'eth_getBalance', [other, 'latest'])).result, (await rpc(B, 'eth_getBalance', [other, 'latest'])).result);
  }
} finally {
  await anvil.stop();
  await ours.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`differential: ${compared} comparisons, ${mismatches} mismatches`);
process.exit(mismatches === 0 ? 0 : 1);

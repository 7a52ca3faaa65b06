#!/usr/bin/env node
// End-to-end suite: drives an AgentChain devnet with ethers v6 and Foundry cast, the way users do.
// Starts its own node (dotnet agentchain.dll devnet on a free port, fresh temp data dir) unless
// AGENTCHAIN_RPC points at a running one. Exit code 0 = all passed.
//   AGENTCHAIN_CLI_DLL  path to agentchain.dll (default: ../../cli/AgentChain.Cli/bin/Release|Debug/net10.0/agentchain.dll)
//   AGENTCHAIN_RPC      use this node instead of starting one (http://host:port)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as E from 'ethers';
import { freePort } from './lib/processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CAST = join(here, 'node_modules', '@foundry-rs', 'cast-linux-amd64', 'bin', 'cast');
const KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const KEY1 = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

let passed = 0, failed = 0;
async function check(name, fn) {
  const t0 = Date.now();
  try { await fn(); passed++; console.log(`  ok   ${name} (${Date.now() - t0} ms)`); }
  catch (e) { failed++; console.log(`  FAIL ${name}: ${e?.stack ?? e}`); }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
function eq(a, b, msg) { if (a !== b) throw new Error(`${msg}: expected ${b}, got ${a}`); }

function compile() {
  const solc = require('solc');
  const input = { language: 'Solidity', sources: { 'E2E.sol': { content: readFileSync(join(here, 'contracts', 'E2E.sol'), 'utf8') } },
    settings: { evmVersion: 'cancun', optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } } };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter(e => e.severity === 'error');
  if (errors.length) throw new Error(errors.map(e => e.formattedMessage).join('\n'));
  const c = out.contracts['E2E.sol'].E2E;
  return { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
}

async function startNode() {
  if (process.env.AGENTCHAIN_RPC) return { url: process.env.AGENTCHAIN_RPC, stop: async () => {} };
  const dll = process.env.AGENTCHAIN_CLI_DLL ?? ['Release', 'Debug'].map(c => join(here, '..', '..', 'cli', 'AgentChain.Cli', 'bin', c, 'net10.0', 'agentchain.dll')).find(existsSync);
  if (!dll || !existsSync(dll)) throw new Error('agentchain.dll not found: build cli/AgentChain.Cli or set AGENTCHAIN_CLI_DLL / AGENTCHAIN_RPC');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'agentchain-e2e-'));
  // --no-predeploys: this suite checks the node's RPC from a plain genesis (dev account 0 at nonce 0, 10,000 ETH).
  const child = spawn('dotnet', [dll, 'devnet', '--port', String(port), '--data-dir', dataDir, '--fresh', '--block-time', '200', '--no-predeploys'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', d => { output += d; });
  child.stderr.on('data', d => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`node exited early:\n${output}`);
    if (output.includes('Listening on')) break;
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise(r => child.exitCode !== null ? r() : child.on('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
      if (child.exitCode !== 0) throw new Error(`node exited with ${child.exitCode} after SIGTERM:\n${output}`);
      if (!output.includes('Stopped at block')) throw new Error(`node did not shut down gracefully:\n${output}`);
    },
  };
}

function cast(...args) {
  return execFileSync(CAST, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const node = await startNode();
const rpc = node.url;
console.log(`e2e against ${rpc}`);
// cacheTimeout -1: ethers otherwise answers identical requests made within 250 ms from a cache, so with sub-second
// blocks a second getTransactionCount("pending") right after tx.wait() returns the previous nonce.
const provider = new E.JsonRpcProvider(rpc, undefined, { pollingInterval: 100, cacheTimeout: -1 });
const wallet = new E.Wallet(KEY0, provider);
const { abi, bytecode } = compile();
let contract, address, incrementReceipt;

try {
  await check('ethers: chain id, block number, balance', async () => {
    const net = await provider.getNetwork();
    eq(net.chainId, 31337n, 'chain id');
    assert(await provider.getBlockNumber() >= 0, 'block number');
    eq(await provider.getBalance(wallet.address), E.parseEther('10000'), 'dev account balance');
  });

  await check('ethers: send ETH and wait for the receipt', async () => {
    const to = E.Wallet.createRandom().address;
    const tx = await wallet.sendTransaction({ to, value: E.parseEther('1.5') });
    const receipt = await tx.wait();
    eq(receipt.status, 1, 'status');
    eq(receipt.gasUsed, 21000n, 'gas used');
    eq(await provider.getBalance(to), E.parseEther('1.5'), 'recipient balance');
    const fetched = await provider.getTransaction(tx.hash);
    eq(fetched.hash, tx.hash, 'getTransaction hash');
    eq(fetched.from, wallet.address, 'getTransaction from');
  });

  await check('ethers: deploy a contract', async () => {
    const factory = new E.ContractFactory(abi, bytecode, wallet);
    contract = await factory.deploy();
    await contract.waitForDeployment();
    address = await contract.getAddress();
    assert((await provider.getCode(address)).length > 2, 'code at the contract address');
    eq(await contract.count(), 0n, 'initial count');
  });

  await check('ethers: estimate gas, send a call, read its event', async () => {
    const estimate = await contract.fill.estimateGas(20);
    assert(estimate > 21000n * 20n, `estimate ${estimate} covers 20 cold SSTOREs`);
    const fillTx = await contract.fill(20, { gasLimit: estimate });
    eq((await fillTx.wait()).status, 1, 'fill with exactly the estimate succeeds');
    eq(await contract.squares(19), 19n * 19n + 1n, 'storage written');
    const tx = await contract.increment('hello');
    incrementReceipt = await tx.wait();
    eq(incrementReceipt.logs.length, 1, 'one log');
    const parsed = contract.interface.parseLog(incrementReceipt.logs[0]);
    eq(parsed.name, 'Incremented', 'event name');
    eq(parsed.args.note, 'hello', 'event data');
    eq(await contract.count(), 1n, 'count after increment');
  });

  await check('ethers: queryFilter with indexed-topic filters', async () => {
    await (await contract.increment('second')).wait();
    const all = await contract.queryFilter(contract.filters.Incremented(), 0, 'latest');
    eq(all.length, 2, 'both events');
    const byValue = await contract.queryFilter(contract.filters.Incremented(null, 2), 0, 'latest');
    eq(byValue.length, 1, 'filter on the second indexed topic');
    eq(byValue[0].args.note, 'second', 'matching event');
    const other = await contract.queryFilter(contract.filters.Incremented(E.Wallet.createRandom().address), 0, 'latest');
    eq(other.length, 0, 'no events from another sender');
  });

  await check('ethers: revert reasons from eth_call, estimateGas and a mined failure', async () => {
    try { await contract.fail(); throw new Error('call did not revert'); }
    catch (e) { eq(e.code, 'CALL_EXCEPTION', 'error code'); eq(e.reason, 'nope: always fails', 'revert reason'); }
    try { await contract.fill(101); throw new Error('estimate did not revert'); }
    catch (e) {
      // eth_estimateGas: ethers leaves custom errors undecoded ("unknown custom error"), the data is what matters.
      eq(e.code, 'CALL_EXCEPTION', `custom error code (${e.shortMessage})`);
      const decoded = contract.interface.parseError(e.data);
      eq(decoded?.name, 'TooLarge', 'custom error from eth_estimateGas data');
      eq(decoded.args[0], 101n, 'custom error argument');
    }
    try { await contract.fill.staticCall(101); throw new Error('call did not revert'); }
    catch (e) { eq(e.revert?.name, 'TooLarge', 'custom error decoded from eth_call'); }
    try { await contract.divide(1, 0); throw new Error('divide did not revert'); }
    catch (e) { eq(e.code, 'CALL_EXCEPTION', 'panic code'); assert(String(e.reason).includes('division or modulo by zero') || e.revert?.name === 'Panic', `panic decoded: ${e.reason}`); }
    // A transaction that reverts on chain: an explicit gas limit skips estimation, so it is mined with status 0.
    const tx = await contract.fill(101, { gasLimit: 100000 });
    try { await tx.wait(); throw new Error('wait did not throw'); }
    catch (e) { eq(e.code, 'CALL_EXCEPTION', 'mined revert'); eq(e.receipt.status, 0, 'status 0'); }
  });

  await check('ethers: pool rejections carry the standard messages', async () => {
    const nonce = await provider.getTransactionCount(wallet.address);
    try { await wallet.sendTransaction({ to: wallet.address, nonce: nonce - 1 }); throw new Error('accepted'); }
    catch (e) { assert(String(e.message).includes('nonce too low') || e.code === 'NONCE_EXPIRED', `nonce too low: ${e.message}`); }
    const poor = E.Wallet.createRandom().connect(provider);
    try { await poor.sendTransaction({ to: wallet.address, value: 1n }); throw new Error('accepted'); }
    catch (e) { assert(String(e.message).includes('insufficient funds') || e.code === 'INSUFFICIENT_FUNDS', `insufficient funds: ${e.message}`); }
  });

  await check('ethers: WebSocket subscriptions (blocks and contract events)', async () => {
    const ws = new E.WebSocketProvider(rpc.replace('http', 'ws'));
    try {
      const wsContract = new E.Contract(address, abi, ws);
      const blocks = [];
      const gotBlock = new Promise(res => ws.on('block', n => { blocks.push(n); if (blocks.length >= 2) res(); }));
      const gotEvent = new Promise(res => wsContract.on('Incremented', (by, value, note) => res({ by, value, note })));
      await new Promise(r => setTimeout(r, 300));
      await (await contract.increment('over ws')).wait();
      const event = await Promise.race([gotEvent, new Promise((_, rej) => setTimeout(() => rej(new Error('no event within 10 s')), 10000))]);
      eq(event.note, 'over ws', 'event over WebSocket');
      await Promise.race([gotBlock, new Promise((_, rej) => setTimeout(() => rej(new Error('no blocks within 10 s')), 10000))]);
      assert(blocks[1] > blocks[0], 'block numbers increase');
    } finally {
      await ws.destroy();
    }
  });

  await check('cast: send, call, receipt, logs', async () => {
    const out = cast('send', '--rpc-url', rpc, '--private-key', KEY1, address, 'increment(string)', 'from cast', '--json');
    const sent = JSON.parse(out);
    eq(sent.status, '0x1', 'cast send status');
    const count = cast('call', '--rpc-url', rpc, address, 'count()(uint256)');
    eq(count, '4', 'cast call');
    const receipt = JSON.parse(cast('receipt', '--rpc-url', rpc, sent.transactionHash, '--json'));
    eq(receipt.transactionHash, sent.transactionHash, 'cast receipt');
    eq(receipt.logs.length, 1, 'receipt logs');
    const logs = cast('logs', '--rpc-url', rpc, '--from-block', '0', '--address', address, 'Incremented(address indexed,uint256 indexed,string)', '--json');
    eq(JSON.parse(logs).length, 4, 'cast logs');
    eq(cast('chain-id', '--rpc-url', rpc), '31337', 'cast chain-id');
    const balance = cast('balance', '--rpc-url', rpc, '0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
    assert(BigInt(balance) < 10000n * 10n ** 18n, 'cast balance reflects gas paid');
  });

  await check('cast: revert reason from cast call', async () => {
    try { cast('call', '--rpc-url', rpc, address, 'fail()'); throw new Error('no revert'); }
    catch (e) { assert(String(e.stderr ?? e.message).includes('nope: always fails'), `reason in cast output: ${e.stderr ?? e.message}`); }
  });
} finally {
  provider.destroy();
  await check('node shuts down gracefully on SIGTERM', () => node.stop());
}

console.log(`\ne2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

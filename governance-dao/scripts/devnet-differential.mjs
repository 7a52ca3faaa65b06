#!/usr/bin/env node
// The contracts scenario on two clients: anvil (--hardfork cancun, the reference) put into the devnet's genesis state
// with anvil_setCode/setStorageAt/setBalance/setNonce, and `agentchain devnet --fresh --no-mining` (predeploys on; --no-agents, since the scenario itself sends from the agents' accounts).
// The same signed transactions go to both, mined at the same timestamps (evm_mine <t>); at every step the eth_call
// result or revert data, the transaction status, gas used and logs must be identical, and every step must do what
// the scenario expects (a revert names the expected custom error). Steps: register nothing new (the genesis did),
// the demo agent acts within its limits, an over-limit and a replayed action are rejected, a challenge is upheld and
// slashes, a DAO proposal raises the cap (propose, vote, queue, execute), the guardian pauses the agent, the feed's
// runners report and the consumer reads the median.
// Usage: node governance-dao/scripts/devnet-differential.mjs   (exit 0: identical and as expected)
// Needs: the CLI built (cli/AgentChain.Cli, Release or Debug, or AGENTCHAIN_CLI_DLL) and tests/e2e/node_modules
// (ethers v6, anvil), which tests/e2e/run.sh installs with npm ci.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { freePort, startProcess } from '../../tests/e2e/lib/processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const e2e = join(repo, 'tests', 'e2e');
const ANVIL = join(e2e, 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');
if (!existsSync(ANVIL) || !existsSync(join(e2e, 'node_modules', 'ethers'))) {
  console.error('contracts differential: tests/e2e/node_modules lacks ethers or anvil; run (cd tests/e2e && npm ci)');
  process.exit(3);
}
const E = createRequire(join(e2e, 'package.json'))('ethers');
const dll = process.env.AGENTCHAIN_CLI_DLL ?? ['Release', 'Debug'].map(c => join(repo, 'cli', 'AgentChain.Cli', 'bin', c, 'net10.0', 'agentchain.dll')).find(existsSync);
if (!dll) { console.error('contracts differential: agentchain.dll not found; build cli/AgentChain.Cli or set AGENTCHAIN_CLI_DLL'); process.exit(3); }

// Dev accounts 0..9 of the test mnemonic (anvil prints the same keys).
const KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a', '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a', '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e', '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97', '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
];
const dev = KEYS.map(k => new E.Wallet(k));
const CHAIN_ID = 31337n;
const ETH = 10n ** 18n;
const coder = E.AbiCoder.defaultAbiCoder();

async function rpc(url, method, params) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return res.json();
}

async function ok(url, method, params) {
  const r = await rpc(url, method, params);
  if (r.error) throw new Error(`${method} on ${url}: ${JSON.stringify(r.error)}`);
  return r.result;
}

let compared = 0, mismatches = 0, unexpected = 0;
// Differences outside what this check compares (node RPC wording), printed so they are not lost.
const notes = new Map(); // kind → first occurrence
const note = (kind, text) => { if (!notes.has(kind)) notes.set(kind, text); };
function same(what, a, b) {
  compared++;
  const ja = JSON.stringify(a), jb = JSON.stringify(b);
  if (ja !== jb) { mismatches++; console.log(`  DIFF ${what}\n    anvil: ${ja}\n    ours:  ${jb}`); }
}
function expect(what, condition, detail) {
  if (!condition) { unexpected++; console.log(`  UNEXPECTED ${what}: ${detail}`); }
}

const genesis = JSON.parse(execFileSync('dotnet', [dll, 'contracts', 'genesis'], { maxBuffer: 64 << 20 }).toString());
const C = Object.fromEntries(Object.entries(genesis.contracts).map(([name, { address, abi }]) => [name, { address, iface: new E.Interface(abi) }]));
const allErrors = Object.values(C).map(c => c.iface);
function errorName(data) {
  if (!data || data === '0x') return null;
  for (const iface of allErrors) { try { return iface.parseError(data).name; } catch { /* try the next ABI */ } }
  return `unknown ${data.slice(0, 10)}`;
}

const [pa, pb] = [await freePort(), await freePort()];
const dataDir = mkdtempSync(join(tmpdir(), 'agentchain-contracts-diff-'));
const anvil = await startProcess(ANVIL, ['--host', '127.0.0.1', '--port', String(pa), '--hardfork', 'cancun', '--gas-limit', '30000000', '--no-mining', '--chain-id', String(CHAIN_ID)], 'Listening on');
const ours = await startProcess('dotnet', [dll, 'devnet', '--fresh', '--port', String(pb), '--data-dir', dataDir, '--no-mining', '--no-agents'], 'Listening on');
const A = `http://127.0.0.1:${pa}`, B = `http://127.0.0.1:${pb}`;
const started = Date.now();

try {
  // ---- the same genesis state on anvil; our node serves the same manifest
  for (const a of genesis.accounts) {
    await ok(A, 'anvil_setBalance', [a.address, a.balance]);
    await ok(A, 'anvil_setNonce', [a.address, a.nonce]);
    if (a.code !== '0x') await ok(A, 'anvil_setCode', [a.address, a.code]);
    for (const [slot, value] of Object.entries(a.storage)) await ok(A, 'anvil_setStorageAt', [a.address, slot, value]);
  }
  const manifest = await (await fetch(`${B}/api/contracts`)).json();
  same('GET /api/contracts = the genesis manifest', Object.fromEntries(Object.entries(genesis.contracts).map(([n, c]) => [n, c.address])),
    Object.fromEntries(Object.entries(manifest).map(([n, c]) => [n, c.address])));
  for (const a of genesis.accounts) {
    for (const [method, args] of [['eth_getBalance', [a.address, 'latest']], ['eth_getTransactionCount', [a.address, 'latest']], ['eth_getCode', [a.address, 'latest']]])
      same(`genesis ${method} ${a.address}`, await ok(A, method, args), await ok(B, method, args));
    for (const slot of Object.keys(a.storage)) same(`genesis storage ${a.address}[${slot}]`, await ok(A, 'eth_getStorageAt', [a.address, slot, 'latest']), await ok(B, 'eth_getStorageAt', [a.address, slot, 'latest']));
  }

  // ---- helpers: one transaction per block, the same timestamp on both
  let clock = Math.floor(Date.now() / 1000) + 60;
  // Return data, or the revert's error code and data. The message text is node wording, not contract behaviour: anvil
  // spells out custom errors ("custom error 0x…: …"), so a different message is noted, not counted.
  const callResult = r => r.error ? { code: r.error.code, data: r.error.data } : { result: r.result };
  const noteMessages = (what, ra, rb) => {
    if (ra.error && rb.error && ra.error.message !== rb.error.message) note('message', `revert message wording differs (first at ${what}): anvil "${ra.error.message.slice(0, 60)}…", ours "${rb.error.message.slice(0, 60)}"`);
  };
  // Fees are the node's (its base fee schedule from the genesis block), not the contracts': receipts are compared
  // without effectiveGasPrice, and dev accounts' balances with the fees each chain charged added back.
  const feesPaid = [new Map(), new Map()];
  const payFee = (i, who, r) => feesPaid[i].set(who, (feesPaid[i].get(who) ?? 0n) + BigInt(r.gasUsed) * BigInt(r.effectiveGasPrice));
  const pick = r => ({ status: r.status, gasUsed: r.gasUsed, blockNumber: r.blockNumber, logs: r.logs.map(l => ({ address: l.address.toLowerCase(), topics: l.topics, data: l.data })) });

  async function view(name, to, data) {
    const [ra, rb] = [await rpc(A, 'eth_call', [{ to, data }, 'latest']), await rpc(B, 'eth_call', [{ to, data }, 'latest'])];
    same(`view ${name}`, callResult(ra), callResult(rb));
    noteMessages(`view ${name}`, ra, rb);
    return rb.result;
  }

  // Sends `data` from dev account `who` to `to`; `expectError` names the custom error the call must revert with.
  async function step(name, who, to, data, { value = 0n, advance = 12, expectError = null, gasLimit = 2_000_000 } = {}) {
    const wallet = dev[who];
    const [na, nb] = [await ok(A, 'eth_getTransactionCount', [wallet.address, 'latest']), await ok(B, 'eth_getTransactionCount', [wallet.address, 'latest'])];
    same(`${name}: sender nonce`, na, nb);
    const call = { from: wallet.address, to, data, value: E.toQuantity(value) };
    const [ca, cb] = [await rpc(A, 'eth_call', [call, 'latest']), await rpc(B, 'eth_call', [call, 'latest'])];
    same(`${name}: eth_call (return or revert data)`, callResult(ca), callResult(cb));
    noteMessages(name, ca, cb);
    const raw = await wallet.signTransaction({ type: 2, chainId: CHAIN_ID, nonce: Number(BigInt(nb)), to, data, value, gasLimit,
      maxFeePerGas: E.parseUnits('100', 'gwei'), maxPriorityFeePerGas: E.parseUnits('1', 'gwei') });
    const [ha, hb] = [await rpc(A, 'eth_sendRawTransaction', [raw]), await rpc(B, 'eth_sendRawTransaction', [raw])];
    same(`${name}: accepted`, ha.error?.message ?? ha.result, hb.error?.message ?? hb.result);
    clock += advance;
    await ok(A, 'evm_mine', [clock]);
    await ok(B, 'evm_mine', [clock]);
    const [xa, xb] = [await ok(A, 'eth_getTransactionReceipt', [ha.result]), await ok(B, 'eth_getTransactionReceipt', [hb.result])];
    if (!xa || !xb) throw new Error(`${name}: no receipt (anvil ${!!xa}, ours ${!!xb})`);
    same(`${name}: receipt (status, gas used, logs)`, pick(xa), pick(xb));
    if (xa.effectiveGasPrice !== xb.effectiveGasPrice) note('fee', `effective gas price differs (first at ${name}): anvil ${BigInt(xa.effectiveGasPrice)}, ours ${BigInt(xb.effectiveGasPrice)} wei — base fee schedule after genesis`);
    payFee(0, who, xa);
    payFee(1, who, xb);
    const got = cb.error ? errorName(cb.error.data) : null;
    if (expectError) expect(name, xb.status === '0x0' && got === expectError, `expected revert ${expectError}, got status ${xb.status} / ${got}`);
    else expect(name, xb.status === '0x1', `expected success, got status ${xb.status} / ${got}`);
    return { receipt: xb, result: cb.result };
  }

  const enc = (name, fn, args) => C[name].iface.encodeFunctionData(fn, args);
  const agent = C.DemoAgent.address, desk = C.ExampleRiskDesk.address;
  const agentId = 1n;
  const modelHash = '0x' + createHash('sha256').update(readFileSync(join(repo, 'models', 'breast_cancer_risk', 'model.onnx'))).digest('hex');
  const DOMAIN = E.keccak256(E.toUtf8Bytes('AgentChain.InferenceCommitment.v1'));
  const inference = { runtime: E.id('runtime: reproducible backend'), input: E.id('case input'), output: E.id('case output') };
  async function proveNext(model = modelHash) {
    const nonce = BigInt(await view('DemoAgent.nonce()', agent, enc('DemoAgent', 'nonce', [])));
    const commitment = E.keccak256(coder.encode(['bytes32', 'uint256', 'address', 'uint256', 'uint256', 'bytes32', 'bytes32', 'bytes32', 'bytes32'],
      [DOMAIN, CHAIN_ID, agent, agentId, nonce, model, inference.runtime, inference.input, inference.output]));
    const sig = new E.SigningKey(KEYS[1]).sign(commitment);
    const evidence = E.concat([sig.r, sig.s, E.toBeHex(sig.v, 1)]);
    const proof = coder.encode(['tuple(uint8,bytes32,bytes32,bytes32,bytes32,bytes)'], [[0, model, inference.runtime, inference.input, inference.output, evidence]]);
    return { commitment, proof };
  }
  const features = Array.from({ length: 30 }, (_, i) => 1_000_000n + BigInt(i) * 12_345n);
  const caseId = n => E.id(`case-${n}`);
  const execute = (value, data, proof) => enc('DemoAgent', 'execute', [desk, value, data, proof]);

  // ---- the scenario
  await step('dApp user submits case 1', 5, desk, enc('ExampleRiskDesk', 'submitCase', [caseId(1), features]));
  const first = await proveNext();
  await step('demo agent records assessment 1 (0.05 ETH follow-up, within limits)', 1, agent,
    execute(ETH / 20n, enc('ExampleRiskDesk', 'recordAssessment', [caseId(1), 8_700]), first.proof), { value: 0n });
  await step('replayed proof is rejected', 1, agent,
    execute(0n, enc('ExampleRiskDesk', 'recordAssessment', [caseId(1), 8_700]), first.proof), { expectError: 'InvalidProof' });
  await step('dApp user submits case 2', 5, desk, enc('ExampleRiskDesk', 'submitCase', [caseId(2), features]));
  await step('over the per-call cap (0.2 ETH > 0.1) is rejected', 1, agent,
    execute(ETH / 5n, enc('ExampleRiskDesk', 'recordAssessment', [caseId(2), 9_100]), (await proveNext()).proof), { expectError: 'ValueAboveCap' });
  await step('a model the DAO did not allow is rejected', 1, agent,
    execute(0n, enc('ExampleRiskDesk', 'recordAssessment', [caseId(2), 9_100]), (await proveNext(E.id('other model'))).proof), { expectError: 'ModelNotAllowed' });
  await step('a dev account cannot record an assessment directly', 5, desk, enc('ExampleRiskDesk', 'recordAssessment', [caseId(2), 1]), { expectError: 'NotAgentAccount' });

  await step('challenge assessment 1 with the 0.1 ETH bond', 6, C.InferenceVerifier.address,
    enc('InferenceVerifier', 'challenge', [first.commitment]), { value: ETH / 10n });
  await step('someone else cannot resolve', 6, C.InferenceVerifier.address, enc('InferenceVerifier', 'resolve', [first.commitment, true]), { expectError: 'NotResolver' });
  await step('resolver (account 8) upholds it: fraud, slash', 8, C.InferenceVerifier.address, enc('InferenceVerifier', 'resolve', [first.commitment, true]));
  await step('challenger claims its slash share', 6, C.AgentStaking.address, enc('AgentStaking', 'claim', []));
  await step('challenger claims its bond back', 6, C.InferenceVerifier.address, enc('InferenceVerifier', 'claim', []));
  await view('stakeOf(1) after the slash', C.AgentStaking.address, enc('AgentStaking', 'stakeOf', [agentId]));
  await view('reputationOf(1)', C.InferenceVerifier.address, enc('InferenceVerifier', 'reputationOf', [agentId]));

  const raise = [[agent], [0n], [enc('DemoAgent', 'setMaxValuePerCall', [ETH / 5n])], 'Raise the demo agent cap to 0.2 ETH'];
  await step('account 0 proposes raising the cap', 0, C.AgentGovernor.address, enc('AgentGovernor', 'propose', raise));
  const proposalId = C.AgentGovernor.iface.decodeFunctionResult('hashProposal',
    await view('hashProposal', C.AgentGovernor.address, enc('AgentGovernor', 'hashProposal', [raise[0], raise[1], raise[2], E.id(raise[3])])))[0];
  await step('account 0 votes for', 0, C.AgentGovernor.address, enc('AgentGovernor', 'castVote', [proposalId, 1]), { advance: 2 });
  await step('account 1 votes for', 1, C.AgentGovernor.address, enc('AgentGovernor', 'castVote', [proposalId, 1]));
  await step('account 2 votes against', 2, C.AgentGovernor.address, enc('AgentGovernor', 'castVote', [proposalId, 0]));
  // Each step's advance is the time before its own block: queue after the 300 s voting period, execute after the 60 s timelock.
  await step('queue', 0, C.AgentGovernor.address, enc('AgentGovernor', 'queue', [raise[0], raise[1], raise[2], E.id(raise[3])]), { advance: 301 });
  await step('execute through the timelock', 0, C.AgentGovernor.address, enc('AgentGovernor', 'execute', [raise[0], raise[1], raise[2], E.id(raise[3])]), { advance: 61 });
  await step('0.2 ETH follow-up is now within the cap', 1, agent,
    execute(ETH / 5n, enc('ExampleRiskDesk', 'recordAssessment', [caseId(2), 9_100]), (await proveNext()).proof));

  await step('guardian (account 9) pauses the demo agent at once', 9, C.AgentRegistry.address, enc('AgentRegistry', 'setAgentPaused', [agentId, true]));
  await step('dApp user submits case 3', 5, desk, enc('ExampleRiskDesk', 'submitCase', [caseId(3), features]));
  await step('the paused agent is rejected', 1, agent,
    execute(0n, enc('ExampleRiskDesk', 'recordAssessment', [caseId(3), 100]), (await proveNext()).proof), { expectError: 'AgentIsPaused' });
  await step('the guardian cannot unpause (loosening is the DAO\'s)', 9, C.AgentRegistry.address, enc('AgentRegistry', 'setAgentPaused', [agentId, false]), { expectError: 'NotGovernance' });

  const reports = [[2, 151_250_000n], [3, 149_900_000n], [4, 152_000_000n]];
  for (const [runner, value] of reports)
    await step(`runner ${runner} submits round 1`, runner, C.AIFeed.address, enc('AIFeed', 'submit', [BigInt(runner), 1n, value, E.id(`commitment ${runner}`)]));
  await step('a non-runner cannot submit', 5, C.AIFeed.address, enc('AIFeed', 'submit', [2n, 1n, 1n, E.ZeroHash]), { expectError: 'NotRunnerSigner' });
  const latest = C.AIFeed.iface.decodeFunctionResult('latestRoundData', await view('AIFeed.latestRoundData', C.AIFeed.address, enc('AIFeed', 'latestRoundData', [])));
  expect('AIFeed median', latest[1] === 151_250_000n, `answer ${latest[1]}`);
  await step('consumer records the answer', 5, C.ExampleFeedConsumer.address, enc('ExampleFeedConsumer', 'recordAnswer', []));
  await view('assessmentOf(case 2)', desk, enc('ExampleRiskDesk', 'assessmentOf', [caseId(2)]));
  for (const [i, w] of dev.entries()) {
    const [ba, bb] = [BigInt(await ok(A, 'eth_getBalance', [w.address, 'latest'])), BigInt(await ok(B, 'eth_getBalance', [w.address, 'latest']))];
    same(`final balance + fees paid, account ${i}`, (ba + (feesPaid[0].get(i) ?? 0n)).toString(), (bb + (feesPaid[1].get(i) ?? 0n)).toString());
  }
  for (const [name, { address }] of Object.entries(C))
    same(`final balance ${name}`, await ok(A, 'eth_getBalance', [address, 'latest']), await ok(B, 'eth_getBalance', [address, 'latest']));
} finally {
  await anvil.stop();
  await ours.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
for (const text of notes.values()) console.log(`  note: ${text}`);
console.log(`contracts differential: ${compared} comparisons, ${mismatches} mismatches, ${unexpected} unexpected outcomes (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(mismatches === 0 && unexpected === 0 ? 0 : 1);

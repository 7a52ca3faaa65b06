// Replays DevChain transcripts (agentchain contracts gas --transcript DIR) on a running anvil and compares every
// transaction's status, gas used, log count and created address with what AgentChain's EVM reported.
//
//   anvil --hardfork osaka --base-fee 0 --gas-price 0 --port 8545 &    (osaka: P256VERIFY at 0x100, as on AgentChain)
//   node replay-on-anvil.mjs http://127.0.0.1:8545 DIR/agents.json [DIR/dao.json ...]
//
// Each transcript needs a fresh anvil (same chain id 31337, empty state): the replay reproduces nonces, hence
// addresses, and sets each block's timestamp to the one the DevChain used. Osaka caps a transaction's gas at 2^24
// (EIP-7825), so transactions are sent with that limit; gas used does not depend on the limit here.
import { readFileSync } from 'node:fs';

const [url, ...files] = process.argv.slice(2);
if (!url || files.length === 0) {
  console.error('usage: node replay-on-anvil.mjs <anvil-url> <transcript.json>...');
  process.exit(2);
}

let id = 0;
async function rpc(method, params = []) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

let mismatches = 0;
let compared = 0;
for (const file of files) {
  const steps = JSON.parse(readFileSync(file, 'utf8'));
  for (const [index, step] of steps.entries()) {
    if (step.kind === 'setBalance') {
      await rpc('anvil_setBalance', [step.from, step.value]);
      continue;
    }
    await rpc('anvil_impersonateAccount', [step.from]);
    await rpc('evm_setNextBlockTimestamp', [step.timestamp]);
    const tx = { from: step.from, data: step.data, value: step.value, gas: '0x1000000', gasPrice: '0x0' };
    if (step.to) tx.to = step.to;
    const hash = await rpc('eth_sendTransaction', [tx]);
    let receipt = null;
    for (let attempt = 0; receipt === null && attempt < 50; attempt++) {
      receipt = await rpc('eth_getTransactionReceipt', [hash]);
      if (receipt === null) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (receipt === null) throw new Error(`${file} step ${index}: anvil did not mine ${hash}`);
    const ok = receipt.status === '0x1';
    const gas = Number(BigInt(receipt.gasUsed));
    const created = receipt.contractAddress ? receipt.contractAddress.toLowerCase() : null;
    const problems = [];
    if (ok !== step.succeeded) problems.push(`status ${ok} vs ${step.succeeded}`);
    if (gas !== step.gasUsed) problems.push(`gas ${gas} vs ${step.gasUsed}`);
    if (receipt.logs.length !== step.logCount) problems.push(`logs ${receipt.logs.length} vs ${step.logCount}`);
    if ((step.contractAddress ?? null) !== created) problems.push(`created ${created} vs ${step.contractAddress}`);
    compared++;
    if (problems.length > 0) {
      mismatches++;
      console.log(`${file} step ${index} (${step.to ?? 'create'} ${step.data.slice(0, 10)}): anvil vs AgentChain: ${problems.join(', ')}`);
    }
  }
}
console.log(`${compared} transactions compared, ${mismatches} differ`);
process.exit(mismatches === 0 ? 0 : 1);

// Latency of one model through onnxruntime-node (the npm package our library comes from), for comparison with
// our C# binding over the very same libonnxruntime.so.1. `agentchain bench inference` runs this and times our
// binding the same way (NodeBindingComparison in bench/AgentChain.Bench/Inference). Prints one JSON line.
//   node ort-node-latency.js <model.onnx> <features> <batch> <warmup> <iterations>
'use strict';
const path = require('path');
const ort = require(path.join(__dirname, '..', 'native', 'node_modules', 'onnxruntime-node'));

async function main() {
  const [model, features, batch, warmup, iterations] = process.argv.slice(2);
  const f = Number(features), b = Number(batch), n = Number(iterations);
  if (!model || !(f > 0) || !(b > 0) || !(Number(warmup) >= 0) || !(n > 0)) {
    throw new Error('usage: node ort-node-latency.js <model.onnx> <features> <batch> <warmup> <iterations>');
  }
  // Same session settings as the C# side: one intra-op thread, sequential, all graph optimisations.
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  // Same input as the C# side: element i of the [batch, features] float tensor is (i mod 17) / 2.
  const data = new Float32Array(f * b);
  for (let i = 0; i < data.length; i++) data[i] = (i % 17) / 2;
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, [b, f]) };
  const output = session.outputNames[0];
  let sink = 0;
  for (let i = 0; i < Number(warmup); i++) sink += (await session.run(feeds))[output].data.length;
  const lat = new Float64Array(n);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const out = await session.run(feeds);
    sink += out[output].data.length;
    lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const totalUs = Number(process.hrtime.bigint() - start) / 1000;
  lat.sort();
  // Nearest-rank percentiles, as the C# side computes them.
  const pct = (p) => lat[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  console.log(JSON.stringify({ runner: 'onnxruntime-node', output, p50_us: pct(0.5), p99_us: pct(0.99),
    mean_us: lat.reduce((a, x) => a + x, 0) / n, max_us: lat[n - 1], runs_per_s: n / (totalUs / 1e6), sink: sink > 0 }));
}
main().catch((e) => { console.error(e.message || e); process.exit(1); });

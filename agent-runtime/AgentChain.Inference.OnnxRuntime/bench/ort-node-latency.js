// Latency of one model through onnxruntime-node (the npm package our library comes from), for comparison with
// our C# binding over the very same libonnxruntime.so.1. Prints one JSON line.
//   node ort-node-latency.js <model.onnx> <features> <batch> <warmup> <iterations>
'use strict';
const path = require('path');
const ort = require(path.join(__dirname, '..', 'native', 'node_modules', 'onnxruntime-node'));

async function main() {
  const [model, features, batch, warmup, iterations] = process.argv.slice(2);
  const f = Number(features), b = Number(batch);
  // Same session settings as the C# side: one intra-op thread, sequential, all graph optimisations.
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const data = new Float32Array(f * b);
  for (let i = 0; i < data.length; i++) data[i] = (i % 17) / 2;
  const feeds = { features: new ort.Tensor('float32', data, [b, f]) };
  let sink = 0;
  for (let i = 0; i < Number(warmup); i++) sink += (await session.run(feeds)).probabilities.data[0];
  const n = Number(iterations);
  const lat = new Float64Array(n);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const out = await session.run(feeds);
    sink += out.probabilities.data[0];
    lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const totalUs = Number(process.hrtime.bigint() - start) / 1000;
  lat.sort();
  const pct = (p) => lat[Math.min(n - 1, Math.floor(p * n))];
  console.log(JSON.stringify({ runner: 'onnxruntime-node', p50_us: pct(0.5), p99_us: pct(0.99),
    mean_us: lat.reduce((a, x) => a + x, 0) / n, max_us: lat[n - 1], runs_per_s: n / (totalUs / 1e6), sink: sink > 0 }));
}
main().catch((e) => { console.error(e); process.exit(1); });

// Reads the JSON that run.sh collected (two alternating rounds per node) and prints the side-by-side table.
// evm: per case the median of the two rounds' medians, our time / anvil's time, the same with each node's
// eth_call-of-STOP overhead subtracted (floored at 0.05 ms), whether the return data hashes agree, and geometric means.
// tps: each round's TPS and the ratio of the medians.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [mode, dir] = process.argv.slice(2);
const read = (who) => readdirSync(dir).filter((f) => f.startsWith(`${who}-`) && !f.endsWith('.cpu.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8').trim().split('\n').pop()));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
const anvil = read('anvil'), ours = read('ours');

if (mode === 'tps') {
  const row = (who, runs) => console.log(`${who.padEnd(28)} ${runs.map((r) => r.tps.toFixed(1).padStart(9)).join(' ')}   median ${median(runs.map((r) => r.tps)).toFixed(1)}  errors ${runs.reduce((a, r) => a + r.errors, 0)}`);
  console.log(`tps.mjs kind=${anvil[0].kind} txs=${anvil[0].txs}          round TPS`);
  row(anvil[0].client, anvil); row(ours[0].client, ours);
  console.log(`ratio (ours / anvil, medians): ${(median(ours.map((r) => r.tps)) / median(anvil.map((r) => r.tps))).toFixed(2)}`);
  // Node CPU (user + system) over tps.mjs's whole run, deploy and funding included, per 1,000 included transactions.
  const cpu = (who) => readdirSync(dir).filter((f) => f.startsWith(`${who}-`) && f.endsWith('.cpu.json')).sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).cpuSeconds);
  const perK = (who, runs) => cpu(who).map((s, i) => (s * 1000) / runs[i].included);
  const ca = perK('anvil', anvil), co = perK('ours', ours);
  if (ca.length && co.length) {
    console.log(`node CPU s per 1,000 txs     ${ca.map((x) => x.toFixed(3).padStart(7)).join(' ')} (anvil)  ${co.map((x) => x.toFixed(3).padStart(7)).join(' ')} (ours)`);
    console.log(`CPU per tx, ours / anvil (medians): ${(median(co) / median(ca)).toFixed(2)}`);
  }
} else {
  const cases = (runs) => {
    const by = new Map();
    for (const run of runs) for (const c of run.cases) {
      const e = by.get(c.name) ?? { ms: [], hashes: new Set(), errors: 0 };
      e.ms.push(c.medianMs); e.hashes.add(c.resultHash); if (c.error) e.errors++; by.set(c.name, e);
    }
    return by;
  };
  const a = cases(anvil), o = cases(ours);
  const ao = median(anvil.map((r) => r.overhead.medianMs)), oo = median(ours.map((r) => r.overhead.medianMs));
  console.log(`eth_call of STOP (JSON-RPC + call overhead), median ms: anvil ${ao.toFixed(3)}, ours ${oo.toFixed(3)}`);
  console.log(`${'case'.padEnd(20)} ${'anvil ms'.padStart(9)} ${'ours ms'.padStart(9)} ${'ratio'.padStart(6)} ${'ratio-ovh'.padStart(9)}  same result`);
  const ratios = [], net = [], at = [], ot = [];
  let mismatches = 0;
  for (const [name, ea] of a) {
    const eo = o.get(name);
    if (!eo) { console.log(`${name}: missing from our run`); mismatches++; continue; }
    const ma = median(ea.ms), mo = median(eo.ms);
    const same = ea.hashes.size === 1 && eo.hashes.size === 1 && [...ea.hashes][0] === [...eo.hashes][0] && !ea.errors && !eo.errors;
    if (!same) mismatches++;
    const r = mo / ma, rn = Math.max(mo - oo, 0.05) / Math.max(ma - ao, 0.05);
    ratios.push(r); net.push(rn); at.push(ma); ot.push(mo);
    console.log(`${name.padEnd(20)} ${ma.toFixed(3).padStart(9)} ${mo.toFixed(3).padStart(9)} ${r.toFixed(2).padStart(6)} ${rn.toFixed(2).padStart(9)}  ${same ? 'yes' : 'NO'}`);
  }
  console.log(`geometric mean: anvil ${geomean(at).toFixed(3)} ms, ours ${geomean(ot).toFixed(3)} ms; ratio ${geomean(ratios).toFixed(2)}, ` +
    `with each node's STOP overhead removed ${geomean(net).toFixed(2)}; ${ratios.length} cases, ${mismatches} result mismatches`);
  if (mismatches) process.exitCode = 1;
}

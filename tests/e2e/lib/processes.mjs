// Process helpers shared by the end-to-end scripts (tests/e2e and governance-dao/scripts): node built-ins only, so
// any script can import them without installing anything.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((res, rej) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); s.on('error', rej); });
}

/**
 * Starts `cmd args` and waits until its output contains `ready`. Throws with the output so far if the process exits
 * first or `ready` does not appear within `timeoutMs`. Returns `{ stop }`, which sends SIGTERM and waits for the exit.
 */
export async function startProcess(cmd, args, ready, { timeoutMs = 60_000 } = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', d => { output += d; });
  child.stderr.on('data', d => { output += d; });
  for (let waited = 0; waited < timeoutMs && !output.includes(ready); waited += 100) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited early:\n${output}`);
    await new Promise(r => setTimeout(r, 100));
  }
  if (!output.includes(ready)) throw new Error(`${cmd} did not print "${ready}" within ${timeoutMs / 1000} s:\n${output}`);
  return { stop: () => new Promise(r => { if (child.exitCode !== null) return r(); child.on('exit', r); child.kill('SIGTERM'); }) };
}

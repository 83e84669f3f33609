// Runs a command under GNU time and reports wall seconds, CPU seconds (user + system) and peak RSS.
// CPU time is reported beside wall time because a shared machine's load inflates wall time.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

const TIME = '/usr/bin/time';
export const canMeasure = () => existsSync(TIME);

export function measure(cmd, args) {
  // Wall time from our own clock: GNU time's %e has 10 ms steps, as long as h5dump -H takes.
  const start = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', 'kerascope-bench %e %U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const m = /kerascope-bench ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').slice(0, 400)}`);
  return { seconds, cpu: Number(m[2]) + Number(m[3]), rssMB: Number(m[4]) / 1024, stdout: r.stdout };
}

/** Best of `n` runs (warm cache): the lowest wall and CPU time, the highest peak RSS. */
export function best(n, fn) {
  let out;
  for (let i = 0; i < n; i++) {
    const m = fn();
    out = out ? { ...out, seconds: Math.min(out.seconds, m.seconds), cpu: Math.min(out.cpu, m.cpu), rssMB: Math.max(out.rssMB, m.rssMB) } : m;
  }
  return out;
}

/** `x` with `d` decimals, for a table cell. */
export const fixed = (x, d = 2) => x.toFixed(d);

/** The row every benchmark ends its timings with: how busy the machine was while they ran. */
export const loadRow = () => ({ what: `load average while measuring (${availableParallelism()} cores)`, value: loadavg()[0].toFixed(1) });

// The CLI invariants on one input: exit 0 or 2; on 2 exactly one line `kerascope: … [E_CODE]`
// (never E_INTERNAL, never a stack); no hang; nothing written beside the input or in the cwd.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './pool.mjs';

const CLI = join(ROOT, 'dist/cli/main.js');
const ONE_LINE = /^kerascope: .+ \[E_[A-Z_]+\]$/;

export async function checkCli(scratch, files, { deadlineMs = 20_000, hdf5 = 'auto' } = {}) {
  const inputDir = join(scratch, 'in');
  const cwd = join(scratch, 'cwd');
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(inputDir, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  for (const f of files) {
    mkdirSync(dirname(join(inputDir, f.name)), { recursive: true });
    writeFileSync(join(inputDir, f.name), f.bytes);
  }
  const before = readdirSync(inputDir, { recursive: true }).sort().join('\n');
  const r = await run([CLI, 'summary', join(inputDir, files[0].name), '--format', 'json', '--hdf5', hdf5], cwd, deadlineMs);
  const problems = [];
  if (r.timedOut) problems.push(`no exit within ${deadlineMs} ms`);
  else if (r.code === 2) {
    const lines = r.stderr.trimEnd().split('\n');
    if (lines.length !== 1 || !ONE_LINE.test(lines[0])) problems.push(`stderr is not one coded line: ${JSON.stringify(r.stderr.slice(0, 300))}`);
    if (r.stderr.includes('[E_INTERNAL]')) problems.push(`internal error: ${lines[0].slice(0, 300)}`);
  } else if (r.code !== 0) problems.push(`exit ${r.code} (signal ${r.signal}): ${r.stderr.slice(0, 300)}`);
  else if (r.stderr.trim()) problems.push(`exit 0 with stderr: ${r.stderr.slice(0, 200)}`);
  const after = readdirSync(inputDir, { recursive: true }).sort().join('\n');
  if (after !== before) problems.push('files appeared beside the input');
  if (readdirSync(cwd).length) problems.push(`files appeared in the working directory: ${readdirSync(cwd).join(', ')}`);
  return problems.length ? { ok: false, kind: 'cli', detail: problems.join('; ') } : { ok: true, code: r.code };
}

function run(args, cwd, deadlineMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (d) => {
      if (stderr.length < 10_000) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, timedOut });
    });
  });
}

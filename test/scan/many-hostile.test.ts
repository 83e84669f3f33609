// Issue 17 part 3: a scan of a folder of hundreds of hostile files mixed with benign ones reports
// every file, and replaces each worker whose HDF5 library was stopped by the time budget (a runaway
// read) or grew its wasm memory past SCAN_WORKER_H5WASM_BYTES, so no worker piles up stopped
// library copies. The folder is made here from the repository's own fixtures. The scan runs the
// build (dist/) in a child process, as the CLI would.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const at = (p: string) => join(root, p);
/** h5wasm loops on it until the time budget stops the library (one copy: the stop costs ~10 s) */
const LOOPING = at('test/regressions/h5wasm-hang-mutated-k3-legacy/input/k3_legacy.h5');
/** h5wasm is asked for a gigabyte reading it, and refuses (the memory cap): E_LIMIT, the library stays usable */
const GROWING = at('test/regressions/h5wasm-rss-global-heap-1gb/input/model.h5');

const HOSTILE = [
  'fixtures/zip/bomb-declared-size.keras', 'fixtures/zip/bomb-ratio.keras', 'fixtures/zip/traversal.keras', 'fixtures/zip/truncated.keras',
  'fixtures/zip/bad-crc.keras', 'fixtures/zip/member-at-2048-os-system.keras', 'fixtures/zip/polyglot-h5-config.keras',
  'fixtures/audit/lambda_os_system.json', 'fixtures/audit/tfop_io_write_file.json', 'fixtures/audit/k3_builtins_exec.json',
  'fixtures/archive-members/keras-pickle-os-system.keras', 'fixtures/archive-members/keras-torch-subprocess.keras',
  'fixtures/h5/broken_truncated.h5', 'fixtures/h5/shape_bomb.h5', 'fixtures/h5/cycle.h5', 'fixtures/h5/userblock.h5',
].map(at);
const BENIGN = ['fixtures/keras3/functional_multi.keras', 'fixtures/keras3/sequential_renamed.keras', 'fixtures/zip/stored.keras',
  'fixtures/audit/tfop_math_clean.json', 'fixtures/archive-members/keras-npy-numeric-clean.keras', 'fixtures/h5/k1_dense.h5'].map(at);

const dir = mkdtempSync(join(tmpdir(), 'kerascope-many-'));
const scriptDir = mkdtempSync(join(tmpdir(), 'kerascope-many-script-'));
afterAll(() => [dir, scriptDir].forEach((d) => rmSync(d, { recursive: true, force: true })));

test('hundreds of hostile and benign files: every file reported, a worker replaced after each stopped HDF5 read', async () => {
  const made = new Map<string, { source: string; benign: boolean }>();
  const place = (source: string, copies: number, benign: boolean) => {
    for (let i = 0; i < copies; i++) {
      const name = `${String(made.size).padStart(4, '0')}-${basename(source)}`;
      copyFileSync(source, join(dir, name));
      made.set(name, { source, benign });
    }
  };
  for (const f of HOSTILE) place(f, 16, false);
  for (const f of BENIGN) place(f, 10, true);
  place(GROWING, 4, false);
  place(LOOPING, 2, false);
  expect(made.size).toBe(16 * 16 + 60 + 6);

  const script = `
    const { scanFolder } = await import(${JSON.stringify(at('dist/scan/index.js'))});
    const replaced = [];
    const outcomes = await scanFolder(${JSON.stringify(dir)}, { values: false, jobs: 2, onWorkerReplaced: (f) => replaced.push(f) });
    process.stdout.write(JSON.stringify({ outcomes, replaced }));`;
  writeFileSync(join(scriptDir, 'scan.mjs'), script);
  const child = spawnSync(process.execPath, [join(scriptDir, 'scan.mjs')], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  expect(child.status, child.stderr).toBe(0);
  const { outcomes, replaced } = JSON.parse(child.stdout) as {
    replaced: string[];
    outcomes: { file: string; error?: { code: string }; result?: { findings: { code: string }[] } }[];
  };

  expect(outcomes.map((o) => o.file).sort()).toEqual([...made.keys()].sort());
  // Every copy of a file ends the same way, whichever worker (fresh or not) audited it.
  const ending = (o: (typeof outcomes)[number]) => o.error?.code ?? o.result!.findings.map((f) => f.code).sort().join(',');
  const bySource = new Map<string, Set<string>>();
  for (const o of outcomes) {
    const src = made.get(o.file)!.source;
    bySource.set(src, (bySource.get(src) ?? new Set()).add(ending(o)));
  }
  for (const [src, endings] of bySource) expect([src, endings.size]).toEqual([src, 1]);
  // The library was stopped (LOOPING): E_LIMIT, and that worker replaced; refused growth (GROWING)
  // leaves the library usable, so its worker goes on.
  const of = (src: string) => outcomes.filter((o) => made.get(o.file)!.source === src);
  expect([...of(LOOPING), ...of(GROWING)].map((o) => o.error?.code)).toEqual(new Array(6).fill('E_LIMIT'));
  expect(replaced.sort()).toEqual(of(LOOPING).map((o) => o.file).sort());
  // Benign files stay benign.
  for (const o of outcomes.filter((x) => made.get(x.file)!.benign)) {
    expect([o.file, o.error]).toEqual([o.file, undefined]);
    expect(o.result!.findings.filter((f) => f.code.includes('dangerous') || f.code === 'unsafe-module')).toEqual([]);
  }
}, 240_000);

test('a worker that dies mid-file still gets its file reported, and the scan goes on', () => {
  // Worker threads inherit the parent's flags, and --input-type makes every worker fail to start.
  const small = mkdtempSync(join(tmpdir(), 'kerascope-dying-'));
  try {
    for (const f of BENIGN.slice(0, 3)) copyFileSync(f, join(small, basename(f)));
    const script = `const { scanFolder } = await import(${JSON.stringify(at('dist/scan/index.js'))});
      process.stdout.write(JSON.stringify(await scanFolder(${JSON.stringify(small)}, { values: false, jobs: 2 })));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    const outcomes = JSON.parse(child.stdout) as { file: string; error?: { code: string; message: string } }[];
    expect(outcomes.map((o) => o.file).sort()).toEqual(BENIGN.slice(0, 3).map((f) => basename(f)).sort());
    for (const o of outcomes) expect(o.error).toMatchObject({ code: 'E_LIMIT', message: expect.stringMatching(/worker auditing this file stopped/) });
  } finally {
    rmSync(small, { recursive: true, force: true });
  }
});

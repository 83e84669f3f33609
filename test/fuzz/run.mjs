#!/usr/bin/env node
// `npm run fuzz -- --minutes N [--shared] [--format h5,tfjs] [--seed S] [--workers W] [--verbose]`
// (`--per-seed N` instead: N inputs from each seed file, as npm test runs it; `--inputs N`: N in all)
// Long fuzz runs: seeds from fixtures/ (plus ../shared with --shared), figures per format every
// 30 s and at the end, each distinct failure saved under fuzz-failures/ (see test/regressions/).
// Input #N of a run is the same files every time: `--seed S --replay N[,M…]` (with the same
// --shared/--format) runs just those inputs again; `--verbose` logs each input before it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FuzzPool, ROOT } from './pool.mjs';
import { Mutator } from './mutate.mjs';
import { FORMATS, loadSeeds } from './seeds.mjs';
import { progress, runCampaign } from './campaign.mjs';

const { values: a } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    inputs: { type: 'string' },
    'per-seed': { type: 'string' },
    shared: { type: 'boolean', default: false },
    format: { type: 'string' },
    seed: { type: 'string' },
    replay: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    workers: { type: 'string', default: '2' },
    'cli-every': { type: 'string', default: '50' },
    out: { type: 'string', default: join(ROOT, 'fuzz-failures') },
  },
});

const unknownFormats = (a.format?.split(',') ?? []).filter((f) => !FORMATS.includes(f));
if (unknownFormats.length) {
  console.error(`no such format: ${unknownFormats.join(', ')} (formats: ${FORMATS.join(', ')})`);
  process.exit(2);
}
const lib = await import(join(ROOT, 'dist/index.js'));
const dirs = [join(ROOT, 'fixtures')];
if (a.shared) {
  const shared = resolve(process.env.KERASCOPE_SHARED ?? join(ROOT, '../shared'));
  dirs.push(join(shared, 'fixtures-h5'), join(shared, 'fixtures-security'), join(shared, 'keras3'), join(shared, 'seed-model'), join(shared, 'corpus'));
}
const seeds = await loadSeeds(dirs, { lib });
const baseSeed = a.seed ? Number(a.seed) : Math.floor(Math.random() * 2 ** 31);
if (a.replay && !a.seed) throw new Error('--replay needs the --seed of the run the inputs came from');
const replay = a.replay?.split(',').flatMap((r) => {
  const [from, to = from] = r.split('-').map(Number);
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
});
const bound = replay ? `replaying ${replay.length} input(s)` : a['per-seed'] ? `${a['per-seed']} inputs per seed file` : `${a.minutes} min`;
console.log(`seeds: ${Object.entries(seeds).map(([f, s]) => `${f} ${s.length}`).join(', ')}; base seed ${baseSeed}; ${bound}`);

const scratch = mkdtempSync(join(tmpdir(), 'kerascope-fuzz-'));
const pool = new FuzzPool(scratch, { workers: Number(a.workers) });
await pool.start();
const started = Date.now();
const result = await runCampaign({
  seeds,
  pool,
  mutator: new Mutator(lib.ALL_LAYER_SPECS.flatMap((s) => s.names)),
  until: replay || a['per-seed'] ? undefined : started + Number(a.minutes) * 60_000,
  maxInputs: a.inputs ? Number(a.inputs) : undefined,
  perSeed: a['per-seed'] ? Number(a['per-seed']) : undefined,
  baseSeed,
  saveDir: a.out,
  cliEvery: Number(a['cli-every']),
  scratch,
  onlyFormats: a.format?.split(','),
  replayFlags: a.shared ? ['--shared'] : [],
  replay,
  verbose: a.verbose,
  log: (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`),
});
await pool.close();
rmSync(scratch, { recursive: true, force: true });

const total = Object.values(result.stats).reduce((n, s) => n + s.tried, 0);
console.log(`\ndone: ${total} inputs in ${((Date.now() - started) / 1000).toFixed(0)} s`);
for (const [f, s] of Object.entries(result.stats)) {
  console.log(`  ${f}: ${s.tried} tried, ${s.ok} opened, ${s.cli} via CLI, ${s.slow} slow (missed the deadline once, finished on retry), coded errors ${JSON.stringify(s.coded)}, ${s.failures} failing inputs`);
}
console.log(`distinct failures: ${result.failures.length}`);
for (const f of result.failures) console.log(`  [${f.format}] ${f.kind}: ${f.detail.split('\n')[0]} → ${f.savedAt}\n    again: ${f.replay}`);
console.log(progress(result.stats));
// a run that tried nothing (no seed files found) proves nothing: CI must not pass on it
if (total === 0) console.log('no input was tried: no seed files for the chosen formats');
process.exitCode = result.failures.length || total === 0 ? 1 : 0;

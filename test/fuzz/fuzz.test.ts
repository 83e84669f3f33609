// Bounded fuzz run: a fixed number of mutated inputs from each fixture of every format (the same
// inputs on any machine, however fast) must end in success or a coded KerascopeError, within the
// deadline, with bounded allocation and no file written. Time-bound runs: `npm run fuzz -- --minutes N`
// (CI runs one). KERASCOPE_FUZZ_PER_SEED / KERASCOPE_FUZZ_SEED override.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
// @ts-expect-error plain ESM modules shared with the long-run fuzzer
import { FuzzPool, ROOT } from './pool.mjs';
// @ts-expect-error plain ESM module
import { Mutator } from './mutate.mjs';
// @ts-expect-error plain ESM module
import { FORMATS, loadSeeds } from './seeds.mjs';
// @ts-expect-error plain ESM module
import { runCampaign, progress } from './campaign.mjs';

const PER_SEED = Number(process.env.KERASCOPE_FUZZ_PER_SEED ?? 6);
const SEED = Number(process.env.KERASCOPE_FUZZ_SEED ?? 20261125);

interface Failure { format: string; kind: string; detail: string; seed: string; seedNumber: number; trail: string[]; savedAt?: string; replay: string }

test(`${PER_SEED} mutated inputs from each fixture, every format: only coded errors, no hang, bounded allocation, no writes`, async () => {
  const lib = await import(join(ROOT, 'dist/index.js'));
  const seeds = await loadSeeds([join(ROOT, 'fixtures')], { lib });
  // every format has fixtures to mutate: with none, the run below would try nothing and pass
  for (const format of FORMATS as string[]) expect(seeds[format]?.length ?? 0, format).toBeGreaterThan(0);
  const scratch = mkdtempSync(join(tmpdir(), 'kerascope-fuzz-'));
  const pool = new FuzzPool(scratch, { workers: 2 });
  await pool.start();
  try {
    const r = await runCampaign({
      seeds, pool, scratch,
      mutator: new Mutator(lib.ALL_LAYER_SPECS.flatMap((s: { names: string[] }) => s.names)),
      perSeed: PER_SEED,
      baseSeed: SEED,
      saveDir: join(ROOT, 'fuzz-failures'),
      cliEvery: 40,
    });
    console.log(`fuzz (seed ${SEED}, ${PER_SEED} per fixture): ${progress(r.stats)}`);
    const failures = (r.failures as Failure[]).map((f) => `[${f.format}] ${f.kind}: ${f.detail.split('\n')[0]} (seed ${f.seed} #${f.seedNumber}: ${f.trail.join(' → ')}) saved at ${f.savedAt}; again: ${f.replay}`);
    expect(failures).toEqual([]);
    for (const [format, list] of Object.entries(seeds as Record<string, unknown[]>)) expect(r.stats[format]?.tried ?? 0, format).toBe(PER_SEED * list.length);
  } finally {
    await pool.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}, 30 * 60_000); // a count, not a clock, bounds the run: the timeout only catches a stuck pool

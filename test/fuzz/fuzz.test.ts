// Bounded fuzz run (about a minute): mutated fixtures of every format must end in success or a
// coded KerascopeError, within the deadline, with bounded allocation and no file written.
// Long runs: `npm run fuzz -- --minutes N`. KERASCOPE_FUZZ_SECONDS / KERASCOPE_FUZZ_SEED override.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
// @ts-expect-error plain ESM modules shared with the long-run fuzzer
import { FuzzPool, ROOT } from './pool.mjs';
// @ts-expect-error plain ESM module
import { Mutator } from './mutate.mjs';
// @ts-expect-error plain ESM module
import { loadSeeds } from './seeds.mjs';
// @ts-expect-error plain ESM module
import { runCampaign, progress } from './campaign.mjs';

const SECONDS = Number(process.env.KERASCOPE_FUZZ_SECONDS ?? 60);
const SEED = Number(process.env.KERASCOPE_FUZZ_SEED ?? 20261125);

interface Failure { format: string; kind: string; detail: string; seed: string; seedNumber: number; trail: string[]; savedAt?: string }

test(`${SECONDS} s of mutated inputs, every format: only coded errors, no hang, bounded allocation, no writes`, async () => {
  const lib = await import(join(ROOT, 'dist/index.js'));
  const seeds = await loadSeeds([join(ROOT, 'fixtures')], { lib });
  const scratch = mkdtempSync(join(tmpdir(), 'kerascope-fuzz-'));
  const pool = new FuzzPool(scratch, { workers: 2 });
  await pool.start();
  try {
    const r = await runCampaign({
      seeds, pool, scratch,
      mutator: new Mutator(lib.ALL_LAYER_SPECS.flatMap((s: { names: string[] }) => s.names)),
      until: Date.now() + SECONDS * 1000,
      baseSeed: SEED,
      saveDir: join(ROOT, 'fuzz-failures'),
      cliEvery: 40,
    });
    console.log(`fuzz (seed ${SEED}): ${progress(r.stats)}`);
    const failures = (r.failures as Failure[]).map((f) => `[${f.format}] ${f.kind}: ${f.detail.split('\n')[0]} (seed ${f.seed} #${f.seedNumber}: ${f.trail.join(' → ')}) saved at ${f.savedAt}`);
    expect(failures).toEqual([]);
    for (const [format, s] of Object.entries(r.stats as Record<string, { tried: number }>)) expect(s.tried, format).toBeGreaterThan(5);
  } finally {
    await pool.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}, (SECONDS + 120) * 1000);

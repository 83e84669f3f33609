// A per-seed campaign: every seed file gets the same number of inputs, and the inputs are the same
// on every run (no clock involved), so npm test fuzzes the same ground on any machine.
import { expect, test } from 'vitest';
// @ts-expect-error plain ESM module
import { runCampaign } from './campaign.mjs';

interface Seed { name: string }
const seeds: Record<string, Seed[]> = { h5: [{ name: 'a.h5' }, { name: 'b.h5' }, { name: 'c.h5' }], tfjs: [{ name: 'model.json' }] };

async function campaign(perSeed: number, baseSeed: number) {
  const mutated: string[] = [];
  const pool = { opts: { workers: 2 }, run: async () => ({ ok: true, outcome: 'ok' }) };
  const mutator = {
    mutateCase: (rng: { int(n: number): number }, seed: Seed) => {
      const mutation = `${seed.name}:${rng.int(1000)}`;
      mutated.push(mutation);
      return { files: [{ name: seed.name, bytes: new Uint8Array(1) }], trail: [mutation] };
    },
  };
  const r = await runCampaign({ seeds, pool, mutator, perSeed, baseSeed, saveDir: null, cliEvery: 0, scratch: '/nonexistent' });
  return { stats: r.stats, mutated };
}

test('perSeed N gives each seed file N inputs, the same ones every run', async () => {
  const first = await campaign(4, 7);
  const count = (name: string) => first.mutated.filter((m) => m.startsWith(`${name}:`)).length;
  for (const name of ['a.h5', 'b.h5', 'c.h5', 'model.json']) expect(count(name), name).toBe(4);
  expect(first.stats.h5.tried).toBe(12);
  expect(first.stats.tfjs.tried).toBe(4);
  expect((await campaign(4, 7)).mutated.sort()).toEqual([...first.mutated].sort());
  expect((await campaign(4, 8)).mutated.sort()).not.toEqual([...first.mutated].sort());
});

test('a failure carries the command that replays it, and its flags give the same input again', async () => {
  const mutated: string[] = [];
  const mutator = {
    mutateCase: (rng: { int(n: number): number }, seed: Seed) => {
      const mutation = `${seed.name}:${rng.int(1000)}`;
      mutated.push(mutation);
      return { files: [{ name: seed.name, bytes: new Uint8Array(1) }], trail: [mutation] };
    },
  };
  // the fifth input fails
  let runs = 0;
  const pool = { opts: { workers: 1 }, run: async () => (++runs === 5 ? { ok: false, kind: 'crash', detail: 'boom' } : { ok: true, outcome: 'ok' }) };
  const r = await runCampaign({ seeds, pool, mutator, perSeed: 3, baseSeed: 40, onlyFormats: ['h5'], replayFlags: ['--shared'], saveDir: null, cliEvery: 0, scratch: '/nonexistent' });
  expect(r.failures).toHaveLength(1);
  const failure = r.failures[0];
  expect(failure.replay).toBe(`node test/fuzz/run.mjs --seed 40 --shared --format h5 --per-seed 3 --replay ${failure.seedNumber} --verbose`);
  const flag = (name: string) => new RegExp(`--${name} (\\S+)`).exec(failure.replay)![1];
  const failed = mutated[4];
  mutated.length = 0;
  const again = { opts: { workers: 1 }, run: async () => ({ ok: true, outcome: 'ok' }) };
  await runCampaign({ seeds, pool: again, mutator, perSeed: Number(flag('per-seed')), baseSeed: Number(flag('seed')), onlyFormats: flag('format').split(','), replay: [Number(flag('replay'))], saveDir: null, cliEvery: 0, scratch: '/nonexistent' });
  expect(mutated).toEqual([failed]);
});

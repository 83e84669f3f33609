// Converting to .keras writes each weight where Keras 3 itself keeps it (sub-objects' vars: attention
// projections, wrapped layers, RNN cells and stacked cells, SpectralNormalization's own copy of the
// kernel, nested models): the output of converting objects.keras, which real Keras wrote
// (scripts/fixtures/keras3_objects.py), holds the same datasets at the same paths with the same values.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { convertModel, readRaw, type RawModel } from '../../src/index.js';

const source = new URL('../../fixtures/keras3/objects.keras', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kerascope-objects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function datasets(raw: RawModel): Promise<Map<string, number[]>> {
  const store = raw.weights!;
  const out = new Map<string, number[]>();
  for (const t of store.layers.flatMap((l) => l.tensors)) out.set(t.path, Array.from(await store.read(t.path), Number));
  return out;
}

it('--to keras: every dataset of the Keras-written file, at its path, with its values', async () => {
  const out = join(dir, 'objects.keras');
  await convertModel(source, { to: 'keras', out });
  const want = await datasets(await readRaw(source));
  const got = await datasets(await readRaw(out));
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [path, values] of want) expect(got.get(path), path).toEqual(values);
});

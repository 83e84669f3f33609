// Converting to .keras writes each weight where Keras 3 itself keeps it (sub-objects' vars: attention
// projections, wrapped layers, RNN cells and stacked cells, SpectralNormalization's own copy of the
// kernel, nested models): the output of converting objects.keras, which real Keras wrote
// (scripts/fixtures/keras3_objects.py), holds the same datasets at the same paths with the same values.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { convertModel, readModel } from '../../src/index.js';
import { datasets } from './helpers.js';

const source = new URL('../../fixtures/keras3/objects.keras', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kerascope-objects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('--to keras: every dataset of the Keras-written file, at its path, with its values', async () => {
  const out = join(dir, 'objects.keras');
  await convertModel(source, { to: 'keras', out });
  const want = await datasets(source);
  const got = await datasets(out);
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [path, values] of want) expect(got.get(path), path).toEqual(values);
});

// A legacy .h5 stores trainable weights first (load_order.h5, scripts/fixtures/h5_weight_order.py:
// SpectralNormalization, a nested BatchNormalization → Dense); the .keras output keeps each weight's
// values in the weight Keras loads them into, whatever the two files' orders.
it('--to keras from a legacy .h5 stored trainable first: every weight keeps its values', async () => {
  const h5 = new URL('../../fixtures/h5/load_order.h5', import.meta.url).pathname;
  const out = join(dir, 'load_order.keras');
  await convertModel(h5, { to: 'keras', out });
  const [a, b] = [await readModel(h5), await readModel(out)];
  try {
    for (const l of a.analysis.layers.filter((x) => x.weights?.length)) {
      const [sa, sb] = [a.weightMatch!.byLayer.get(l.node.name)!, b.weightMatch!.byLayer.get(l.node.name)!];
      expect(sb).toHaveLength(l.weights!.length);
      for (const [i, w] of l.weights!.entries()) {
        expect(sa[i].name, w.name).toMatch(new RegExp(`/${w.name}$`));
        expect(Array.from(await b.raw.weights!.read(sb[i].path)), w.name).toEqual(Array.from(await a.raw.weights!.read(sa[i].path)));
      }
    }
  } finally {
    await a.raw.weights?.close();
    await b.raw.weights?.close();
  }
});

// Models nested two levels deep (a Functional holding a Sequential holding a Sequential; a frozen
// Functional holding a Sequential with BatchNormalization), saved by real Keras 3 as .keras and as a
// legacy .h5 (scripts/fixtures/keras3_deep_nested.py). Whichever file is converted, each variable
// lands where Keras 3 itself saved it (deep_nested.expected.json, found by value) and tfjs-layers
// loads it under `<layer>/<weight>` with the values Keras saved.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertModel } from '../../src/index.js';
import { datasets, loadTfjsFolder, tfjsWeights } from './helpers.js';

const fixture = (p: string) => new URL(`../../fixtures/${p}`, import.meta.url).pathname;
const expected: { weights: { layer: string; name: string; shape: number[]; saved: string[] }[] } = JSON.parse(readFileSync(fixture('keras3/deep_nested.expected.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'kerascope-deep-nested-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['the .keras archive', 'keras3/deep_nested.keras'],
  ['the legacy .h5', 'h5/k3_deep_nested.h5'],
])('converting %s', (_, source) => {
  it('--to keras: every variable in the dataset Keras 3 saved it in, with its values', async () => {
    const out = join(dir, `${source.replace(/\W/g, '_')}.keras`);
    await convertModel(fixture(source), { to: 'keras', out });
    const want = await datasets(fixture('keras3/deep_nested.keras'));
    const got = await datasets(out);
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const w of expected.weights) {
      expect(w.saved, `${w.layer}/${w.name}`).toHaveLength(1);
      expect(got.get(w.saved[0]), `${w.layer}/${w.name}`).toEqual(want.get(w.saved[0]));
    }
  });

  it('--to tfjs: tfjs-layers loads each variable as <layer>/<weight> with the values Keras saved', async () => {
    const out = join(dir, `${source.replace(/\W/g, '_')}-tfjs`);
    await convertModel(fixture(source), { to: 'tfjs', out });
    const want = await datasets(fixture('keras3/deep_nested.keras'));
    const tf = await loadTfjsFolder(out);
    const loaded = tfjsWeights(tf);
    expect(loaded.size).toBe(expected.weights.length);
    for (const w of expected.weights) expect(Array.from(loaded.get(`${w.layer}/${w.name}`) ?? [], Number), `${w.layer}/${w.name}`).toEqual(want.get(w.saved[0]));
    tf.dispose();
  });
});

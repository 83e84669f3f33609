// Keras 2.0-2.1 saved a Sequential's config as a bare list of layers, with no name. Nested in a
// model, its row is named by Keras' counter as a fresh session loading the file names it
// (`sequential_<n>` from 1, the outer unnamed Sequential first), its input shape comes from its
// deepest first layer, and its params are its layers'. Oracle: @tensorflow/tfjs-layers (a Keras 2
// port that loads the same bare lists). Fixtures: scripts/fixtures/keras2-bare-list-sequential.mjs.
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readModel, summarize } from '../../src/index.js';

const fx = (name: string) => new URL(`../../fixtures/keras2/${name}`, import.meta.url).pathname;

describe.each([
  ['bare-list-sequential.json', ['sequential_2', 'dropout_1', 'dense_3']],
  ['bare-list-in-functional.json', ['input_1', 'sequential_1', 'dense_6']],
])('%s', (file, names) => {
  test('rows named as Keras names them, with tfjs-layers\' shapes and params', async () => {
    const ours = summarize(await readModel(fx(file))).layers;
    expect(ours.map((l) => l.name)).toEqual(names);
    const oracle = await tfl.models.modelFromJSON({ modelTopology: JSON.parse(readFileSync(fx(file), 'utf8')) } as never);
    const theirs = oracle.layers.filter((l) => l.getClassName() !== 'InputLayer' || names.includes('input_1'));
    expect(ours.map((l) => [l.class_name, l.output_shape, l.params])).toEqual(theirs.map((l) => [l.getClassName(), l.outputShape, l.countParams()]));
    oracle.dispose();
  });
});

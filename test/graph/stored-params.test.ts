// Custom layer classes (no code to run): their params come from the tensors the file stores, their
// output shape from the shape Keras 3 records where the tensor is consumed, and the layers after
// them are inferred as usual. Ground truth: real Keras 3 (scripts/fixtures/custom_layers.py).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readModel, summarize } from '../../src/index.js';

const fx = (name: string) => new URL(`../../fixtures/custom/${name}`, import.meta.url).pathname;
const expected = JSON.parse(readFileSync(fx('custom_layers.expected.json'), 'utf8')) as {
  layers: Record<string, { params: number; output_shape: (number | null)[] }>;
  trainable: number;
  non_trainable: number;
};
const CUSTOM = ['scale_shift', 'frozen_scale_shift'];

describe.each(['custom_layers.h5', 'custom_layers.keras'])('%s: weights stored', (file) => {
  test('every layer has Keras\' params and output shape; the custom ones are counted from storage', async () => {
    const s = summarize(await readModel(fx(file)));
    for (const l of s.layers) {
      expect([l.name, l.params, l.output_shape]).toEqual([l.name, expected.layers[l.name].params, expected.layers[l.name].output_shape]);
      expect([l.name, l.params_from_storage ?? false]).toEqual([l.name, CUSTOM.includes(l.name)]);
    }
    expect(s.layers.find((l) => l.name === 'scale_shift')!.class_name).toBe('ScaleShift');
  });

  test('totals are exact, the frozen layer non-trainable', async () => {
    const s = summarize(await readModel(fx(file)));
    expect([s.trainable_params, s.non_trainable_params, s.incomplete]).toEqual([expected.trainable, expected.non_trainable, undefined]);
  });
});

test('without stored weights, a custom layer\'s params stay unknown and out of the totals', async () => {
  const s = summarize(await readModel(fx('custom_layers.json')));
  const custom = s.layers.filter((l) => CUSTOM.includes(l.name));
  expect(custom.map((l) => l.params)).toEqual([null, null]);
  expect(custom.map((l) => l.output_shape)).toEqual(CUSTOM.map((n) => expected.layers[n].output_shape));
  expect(s.total_params).toBe(expected.layers.dense.params + expected.layers.head.params);
  expect(s.incomplete).toEqual(CUSTOM);
});

// A Teachable Machine-like tfjs model: a custom depthwise subclass inside a nested model
// (scripts/fixtures/tfjs-custom-nested.mjs; counts from tfjs-layers itself).
test('tfjs: a nested model holding a custom class is counted from its stored weights', async () => {
  const dir = new URL('../../fixtures/tfjs/custom_nested/', import.meta.url);
  const want = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as { total_params: number; layers: { name: string; params: number }[] };
  const s = summarize(await readModel(new URL('model.json', dir).pathname));
  expect(s.layers.map((l) => [l.name, l.params, l.params_from_storage])).toEqual(want.layers.map((l) => [l.name, l.params, true]));
  expect([s.total_params, s.incomplete]).toEqual([want.total_params, undefined]);
});

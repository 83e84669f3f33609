import { describe, expect, test } from 'vitest';
import { actualOf, expectedOf, keras3Cases, runLayer } from './harness.js';
import { tfjsLayer } from './tfjs-oracle.js';

describe('merging vs real Keras 3 (fixtures/keras3_layers.json)', () => {
  test.each(keras3Cases('merging').map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(actualOf(c)).toEqual(expectedOf(c));
  });
});

describe('merging vs tfjs-layers (Keras 2)', () => {
  test.each([
    ['Add', {}, [[null, 3, 4], [null, 3, 4]]],
    ['Multiply', {}, [[null, 3, 1], [null, 3, 5]]],
    ['Maximum', {}, [[null, 2, 3], [null, 3]]],
    ['Average', {}, [[null, 6], [null, 6], [null, 6]]],
    ['Concatenate', { axis: 1 }, [[null, 2, 4], [null, 5, 4]]],
    ['Concatenate', {}, [[null, 2, 4], [null, 2, 1], [null, 2, 2]]],
    ['Dot', { axes: 1 }, [[null, 4], [null, 4]]],
    ['Dot', { axes: [2, 1] }, [[null, 3, 4], [null, 4, 5]]],
  ] as const)('%s %j on %j', async (cls, cfg, inputs) => {
    const shapes = inputs.map((s) => [...s]);
    expect(runLayer(cls, structuredClone(cfg) as Record<string, unknown>, shapes, 2)).toEqual(
      await tfjsLayer(cls, structuredClone(cfg) as Record<string, unknown>, shapes),
    );
  });
});

// docs/layer-math.md §10, by hand: broadcast keeps equal dims, 1 yields, None propagates.
describe('merging shapes by the layer-math rules', () => {
  test.each([
    ['Add', {}, [[null, null, 4], [null, 3, 4]], [null, null, 4]],
    ['Subtract', {}, [[null, 1, 4], [null, 3, 1]], [null, 3, 4]],
    ['Minimum', {}, [[8, 2], [null, 2]], [8, 2]],
    ['Concatenate', { axis: -1 }, [[null, 2, null], [null, 2, 3]], [null, 2, null]],
    ['Dot', { axes: -1 }, [[null, 7], [null, 7]], [null, 1]],
    ['Dot', { axes: [1, 1] }, [[null, 3, 4], [null, 3, 5]], [null, 4, 5]],
  ] as const)('%s %j on %j → %j', (cls, cfg, inputs, out) => {
    expect(runLayer(cls, structuredClone(cfg) as Record<string, unknown>, inputs.map((s) => [...s])).output_shape).toEqual(out);
  });

  test.each([
    ['Subtract', {}, [[null, 3], [null, 3], [null, 3]]],
    ['Multiply', {}, [[null, 3], [null, 2]]],
    ['Dot', { axes: 1 }, [[null, 3], [null, 4]]],
    ['Concatenate', { axis: 3 }, [[null, 3], [null, 4]]],
    ['Concatenate', { axis: -1 }, [[null, 2, 4], [null, 3, 4]]],
    ['Concatenate', { axis: 1 }, [[null, 2, 4], [null, 3]]],
  ] as const)('%s %j on %j is rejected', (cls, cfg, inputs) => {
    expect(() => runLayer(cls, structuredClone(cfg) as Record<string, unknown>, inputs.map((s) => [...s]))).toThrow(/layer "layer"/);
  });
});

// Keras 3 op layers (keras.src.ops.numpy) that a Functional config records: the comparisons. Shapes
// by numpy broadcasting worked by hand; the real model is keras3/modern's NotEqual case (conformance).
import { describe, expect, test } from 'vitest';
import { runLayer } from './harness.js';

describe('comparison op layers', () => {
  test.each([
    ['NotEqual', [[null, 7]], [null, 7]], // x != 0: the constant is no input
    ['Equal', [[null, 3, 1], [null, 1, 4]], [null, 3, 4]],
    ['Greater', [[null, 5], [5]], [null, 5]],
    ['LessEqual', [[2, 1, 6], [3, 1]], [2, 3, 6]],
  ] as const)('%s of %j is %j, no weights', (cls, inputs, out) => {
    const r = runLayer(cls, { name: 'op' }, inputs.map((s) => [...s]));
    expect(r.output_shape).toEqual(out);
    expect(r.weights).toEqual([]);
  });

  test('operands that do not broadcast are refused with both shapes', () => {
    expect(() => runLayer('Less', { name: 'op' }, [[null, 3], [null, 4]])).toThrow(/\(None, 3\).*\(None, 4\)|do not broadcast/);
  });
});

describe('Pad (keras.ops.pad)', () => {
  test.each([
    // ResNetV2's stem pad: the image axes by one each side
    [[[0, 0], [1, 1], [1, 1], [0, 0]], [null, 16, 16, 8], [null, 18, 18, 8]],
    // one pair pads every axis; an unknown axis stays unknown
    [[[2, 3]], [4, null], [9, null]],
  ])('pad_width %j of %j is %j, no weights', (padWidth, input, out) => {
    const r = runLayer('Pad', { name: 'pad', pad_width: padWidth, mode: 'constant' }, [input]);
    expect(r.output_shape).toEqual(out);
    expect(r.weights).toEqual([]);
  });

  test('a pad_width of another rank than the input is refused, naming the key', () => {
    expect(() => runLayer('Pad', { name: 'pad', pad_width: [[1, 1], [1, 1]] }, [[null, 4, 4]])).toThrow(/pad_width/);
  });
});

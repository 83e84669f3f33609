import { describe, expect, test } from 'vitest';
import { broadcastStatic, convOutputLength, deconvOutputLength, indexedShape } from '../../src/layers/shape-math.js';
import { LayerConfig } from '../../src/layers/config.js';

// Values from shared docs/layer-math.md §1 and hand arithmetic.
describe('convOutputLength', () => {
  test.each([
    [32, 3, 'same', 1, 1, 32],
    [32, 3, 'valid', 1, 1, 30],
    [15, 3, 'valid', 1, 1, 13],
    [30, 2, 'valid', 2, 1, 15],
    [13, 2, 'valid', 2, 1, 6],
    [10, 3, 'valid', 2, 1, 4],
    [10, 3, 'same', 3, 1, 4],
    [10, 3, 'valid', 1, 2, 6],
    [7, 3, 'causal', 2, 1, 4],
    [5, 3, 'full', 1, 1, 7],
    [null, 3, 'valid', 1, 1, null],
  ] as const)('L=%s k=%s %s s=%s d=%s → %s', (l, k, p, s, d, out) => {
    expect(convOutputLength(l, k, p, s, d)).toBe(out);
  });
});

describe('deconvOutputLength', () => {
  test.each([
    [4, 3, 'valid', 2, null, 1, 9],
    [4, 3, 'same', 2, null, 1, 8],
    [4, 3, 'same', 2, 1, 1, 8],
    [4, 3, 'valid', 2, 1, 1, 10],
    [5, 2, 'valid', 1, null, 1, 6],
  ] as const)('L=%s k=%s %s s=%s op=%s d=%s → %s', (l, k, p, s, op, d, out) => {
    expect(deconvOutputLength(l, k, p, s, op, d)).toBe(out);
  });
});

// Values from tf.broadcast_static_shape (TensorFlow 2.21), e.g. (None, None, 5) + (4, 1) → (None, 4, 5).
describe('broadcastStatic', () => {
  const c = new LayerConfig('x', 'TFOpLambda', {});
  test.each([
    [[null, 1, 5], [null, 4, 1], [null, 4, 5]],
    [[null, 1, 5], [4, 1], [null, 4, 5]],
    [[null, null, 5], [4, 1], [null, 4, 5]],
    [[null, null, 5], [1, 1], [null, null, 5]],
    [[null, 4, 6], [], [null, 4, 6]],
    [[3], [null], [3]],
  ] as const)('%j + %j → %j', (a, b, out) => {
    expect(broadcastStatic(c, [...a], [...b])).toEqual(out);
  });
  test('incompatible known dims fail', () => {
    expect(() => broadcastStatic(c, [null, 3], [null, 4])).toThrow(/do not broadcast/);
  });
});

// Values from Keras 3.15's GetItem.compute_output_spec on KerasTensors (the same keys written as
// tf.keras' slice_spec give TensorFlow's strided-slice shapes, fixtures/tf-ops).
describe('indexedShape', () => {
  const c = new LayerConfig('get_item', 'GetItem', {});
  const slice = (start: number | null, stop: number | null, step: number | null) => ({ class_name: '__slice__', config: { start, stop, step } });
  const ELLIPSIS = { class_name: '__ellipsis__' };
  test.each([
    [[null, 7, 5], [slice(null, null, null), 0, slice(null, null, null)], [null, 5]],
    [[null, 10], [ELLIPSIS, slice(1, null, 3)], [null, 3]],
    [[4, 10], [slice(null, null, -2), null], [2, 1, 10]],
    [[null, 6, 2], [ELLIPSIS, slice(-4, -1, null)], [null, 6, 1]],
  ] as const)('%j[%j] → %j', (x, key, out) => {
    expect(indexedShape(c, [...x], key)).toEqual(out);
  });
  test('tf.keras slices ({start, stop, step}) read the same', () => {
    expect(indexedShape(c, [4, 10], [{ start: null, stop: null, step: -2 }, null])).toEqual([2, 1, 10]);
  });
  test.each([
    [[null, 6], [slice(null, null, null), 6], /out of range/],
    [[null, 6], [ELLIPSIS, 0, ELLIPSIS], /two ellipses/],
    [[null, 6], [0, 0, 0], /too many indices/],
  ] as const)('%j[%j] fails as in Keras', (x, key, error) => {
    expect(() => indexedShape(c, [...x], key)).toThrow(error);
  });
});

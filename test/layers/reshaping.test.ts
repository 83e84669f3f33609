import { describe, expect, test } from 'vitest';
import { actualOf, expectedOf, keras3Cases, runLayer } from './harness.js';
import { tfjsLayer } from './tfjs-oracle.js';

describe('reshaping vs real Keras 3 (fixtures/keras3_layers.json)', () => {
  test.each(keras3Cases('reshaping').map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(actualOf(c)).toEqual(expectedOf(c));
  });
});

describe('reshaping vs tfjs-layers (Keras 2)', () => {
  test.each([
    ['Cropping2D', { cropping: [[1, 2], [0, 3]] }, [null, 8, 9, 2]],
    ['Cropping2D', { cropping: [[1, 1], [2, 2]], data_format: 'channels_first' }, [null, 2, 8, 9]],
    ['ZeroPadding2D', { padding: [[1, 0], [2, 2]] }, [null, 4, 4, 1]],
    ['ZeroPadding2D', { padding: [[1, 1], [1, 1]], data_format: 'channels_first' }, [null, 3, 4, 4]],
    ['UpSampling2D', { size: [2, 3] }, [null, 4, 5, 2]],
    ['UpSampling2D', { size: [3, 2], data_format: 'channels_first' }, [null, 2, 4, 5]],
    ['Permute', { dims: [3, 1, 2] }, [null, 2, 3, 4]],
    ['RepeatVector', { n: 5 }, [null, 3]],
    ['Flatten', {}, [null, 2, 3, 4]],
  ] as const)('%s %j on %j', async (cls, cfg, input) => {
    const shapes = [[...input]];
    expect(runLayer(cls, structuredClone(cfg) as Record<string, unknown>, shapes, 2)).toEqual(await tfjsLayer(cls, structuredClone(cfg) as Record<string, unknown>, shapes));
  });
});

// docs/layer-math.md §9, by hand: spatial dim ± padding/cropping, × size.
describe('reshaping shapes by the layer-math rules', () => {
  test.each([
    ['Cropping1D', { cropping: [2, 1] }, [null, 10, 3], [null, 7, 3]],
    ['Cropping3D', { cropping: 1 }, [null, 4, 5, 6, 2], [null, 2, 3, 4, 2]],
    ['ZeroPadding1D', { padding: 3 }, [null, 10, 3], [null, 16, 3]],
    ['ZeroPadding3D', { padding: [[1, 0], [0, 2], [3, 3]] }, [null, 1, 1, 1, 5], [null, 2, 3, 7, 5]],
    ['UpSampling1D', {}, [null, null, 3], [null, null, 3]],
    ['UpSampling3D', { size: 2, data_format: 'channels_first' }, [null, 1, 2, 3, 4], [null, 1, 4, 6, 8]],
    ['Permute', { dims: [2, 1] }, [null, null, 7], [null, 7, null]],
  ] as const)('%s %j on %j → %j', (cls, cfg, input, out) => {
    expect(runLayer(cls, structuredClone(cfg) as Record<string, unknown>, [[...input]]).output_shape).toEqual(out);
  });

  test.each([
    ['Cropping1D', { cropping: [5, 5] }, [null, 10, 3]],
    ['Permute', { dims: [1, 3] }, [null, 2, 3]],
    ['ZeroPadding2D', { padding: [1, 2, 3] }, [null, 2, 2, 1]],
  ] as const)('%s %j on %j is rejected with the layer named', (cls, cfg, input) => {
    expect(() => runLayer(cls, structuredClone(cfg) as Record<string, unknown>, [[...input]])).toThrow(/layer "layer"/);
  });
});

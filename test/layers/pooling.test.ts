import { describe, expect, test } from 'vitest';
import { actualOf, expectedOf, keras3Cases, runLayer } from './harness.js';
import { tfjsLayer } from './tfjs-oracle.js';

describe('pooling vs real Keras 3 (fixtures/keras3_layers.json)', () => {
  test.each(keras3Cases('pooling').map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(actualOf(c)).toEqual(expectedOf(c));
  });
});

describe('pooling vs tfjs-layers (Keras 2)', () => {
  test.each([
    ['GlobalAveragePooling1D', {}, [null, 7, 3]],
    ['GlobalMaxPooling1D', {}, [null, 7, 3]],
    ['GlobalAveragePooling2D', { data_format: 'channels_first' }, [null, 4, 5, 6]],
    ['GlobalMaxPooling2D', {}, [null, 4, 5, 6]],
  ] as const)('%s %j on %j', async (cls, cfg, input) => {
    const shapes = [[...input]];
    expect(runLayer(cls, { ...cfg }, shapes, 2)).toEqual(await tfjsLayer(cls, { ...cfg }, shapes));
  });
});

// docs/layer-math.md §4: (B, C), or spatial dims → 1 with keepdims; adaptive: spatial → output_size.
describe('pooling shapes by the layer-math rules', () => {
  test.each([
    ['GlobalAvgPool2D', { keepdims: true }, [null, 9, 9, 4], [null, 1, 1, 4]],
    ['GlobalMaxPool3D', { keepdims: true, data_format: 'channels_first' }, [null, 4, 2, 2, 2], [null, 4, 1, 1, 1]],
    ['GlobalAvgPool1D', {}, [null, null, 8], [null, 8]],
    ['AdaptiveMaxPooling2D', { output_size: [3, 1] }, [null, null, null, 2], [null, 3, 1, 2]],
  ] as const)('%s %j on %j → %j', (cls, cfg, input, out) => {
    expect(runLayer(cls, { ...cfg }, [[...input]])).toEqual({ output_shape: out, weights: [], params: 0 });
  });
});

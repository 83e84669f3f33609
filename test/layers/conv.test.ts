import { describe, expect, test } from 'vitest';
import { actualOf, expectedOf, keras3Cases, runLayer } from './harness.js';
import { tfjsLayer } from './tfjs-oracle.js';

describe('convolution vs real Keras 3 (fixtures/keras3_layers.json)', () => {
  test.each(keras3Cases('convolution').map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(actualOf(c)).toEqual(expectedOf(c));
  });
});

// tf-keras names the depthwise kernel `depthwise_kernel`; tfjs-layers is a port of it.
describe('convolution vs tfjs-layers (Keras 2)', () => {
  test.each([
    ['DepthwiseConv2D', { kernel_size: [3, 3], depth_multiplier: 2 }, [[null, 8, 8, 3]]],
    ['DepthwiseConv2D', { kernel_size: [2, 2], strides: [2, 2], padding: 'same', use_bias: false }, [[null, 7, 9, 4]]],
    ['DepthwiseConv2D', { kernel_size: [3, 1], data_format: 'channels_first' }, [[null, 5, 6, 6]]],
    ['SeparableConv2D', { filters: 7, kernel_size: [3, 3], depth_multiplier: 2 }, [[null, 9, 9, 3]]],
    ['SeparableConv2D', { filters: 4, kernel_size: [2, 3], strides: [2, 2], padding: 'same', use_bias: false }, [[null, 9, 9, 5]]],
    ['SeparableConv2D', { filters: 4, kernel_size: [3, 3], dilation_rate: [2, 2] }, [[null, 9, 9, 2]]],
  ] as const)('%s %j on %j', async (cls, cfg, inputs) => {
    const shapes = inputs.map((s) => [...s]);
    expect(runLayer(cls, { ...cfg }, shapes, 2)).toEqual(await tfjsLayer(cls, { ...cfg }, shapes));
  });
});

// docs/layer-math.md §3: params = prod(k)·C_in·dm + C_in·dm (depthwise), + C_in·dm·filters + filters (separable).
describe('convolution params by the layer-math formulas', () => {
  test.each([
    ['DepthwiseConv2D', { kernel_size: 3, depth_multiplier: 4 }, [null, 10, 10, 5], 3 * 3 * 5 * 4 + 5 * 4, [null, 8, 8, 20]],
    ['DepthwiseConv1D', { kernel_size: 5, strides: 2, padding: 'same' }, [null, 11, 6], 5 * 6 + 6, [null, 6, 6]],
    ['SeparableConv1D', { filters: 8, kernel_size: 3, depth_multiplier: 2 }, [null, 20, 4], 3 * 4 * 2 + 4 * 2 * 8 + 8, [null, 18, 8]],
    ['SeparableConv2D', { filters: 16, kernel_size: [3, 5], padding: 'same', strides: 2 }, [null, 15, 15, 3], 15 * 3 + 3 * 16 + 16, [null, 8, 8, 16]],
    ['AtrousConvolution1D', { filters: 2, kernel_size: 3, dilation_rate: 2 }, [null, 10, 1], 3 * 1 * 2 + 2, [null, 6, 2]],
  ] as const)('%s %j', (cls, cfg, input, params, out) => {
    const r = runLayer(cls, { ...cfg }, [[...input]]);
    expect(r.params).toBe(params);
    expect(r.output_shape).toEqual(out);
  });

  test('Keras 3 rejects causal padding outside Conv1D; tf-keras allows it for SeparableConv1D', () => {
    const cfg = { filters: 2, kernel_size: 3, padding: 'causal' };
    expect(() => runLayer('SeparableConv1D', cfg, [[null, 8, 3]], 3)).toThrow(/padding/);
    expect(runLayer('SeparableConv1D', cfg, [[null, 8, 3]], 2).output_shape).toEqual([null, 8, 2]);
    expect(() => runLayer('DepthwiseConv1D', { kernel_size: 3, padding: 'causal' }, [[null, 8, 3]], 2)).toThrow(/padding/);
  });
});

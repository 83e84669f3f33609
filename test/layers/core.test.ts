import { describe, expect, test } from 'vitest';
import { actualOf, expectedOf, keras3Cases, runLayer } from './harness.js';
import { tfjsLayer } from './tfjs-oracle.js';

describe('core, embedding and regularization layers vs real Keras 3 (fixtures/keras3_layers.json)', () => {
  const cases = [...keras3Cases('core'), ...keras3Cases('embedding'), ...keras3Cases('regularization')];
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(actualOf(c)).toEqual(expectedOf(c));
  });
});

describe('Embedding vs tfjs-layers (Keras 2)', () => {
  test.each([
    [{ input_dim: 30, output_dim: 4 }, [null, 6]],
    [{ input_dim: 30, output_dim: 4, input_length: 6 }, [null, null]],
    [{ input_dim: 9, output_dim: 2 }, [null, 3, 5]],
  ] as const)('%j on %j', async (cfg, input) => {
    const shapes = [[...input]];
    expect(runLayer('Embedding', { ...cfg }, shapes, 2)).toEqual(await tfjsLayer('Embedding', { ...cfg }, shapes));
  });

  test('Keras 2 input_length must agree with a known input dimension; Keras 1 names the table W', () => {
    expect(() => runLayer('Embedding', { input_dim: 5, output_dim: 2, input_length: 4 }, [[null, 6]], 2)).toThrow(/input_length/);
    expect(runLayer('Embedding', { input_dim: 5, output_dim: 2, input_length: [null, 3] }, [[null, 7, null]], 2).output_shape).toEqual([null, 7, 3, 2]);
    expect(runLayer('Embedding', { input_dim: 5, output_dim: 2 }, [[null, 7]], 1).weights[0].name).toBe('W');
  });
});

// docs/layer-math.md §2: EinsumDense kernel = the kernel term's letters sized from input/output.
describe('EinsumDense by hand', () => {
  test.each([
    // Dense-like: ab,bc->ac on (None, 8) with output 16: kernel (8,16), bias (16,)
    ['ab,bc->ac', 16, 'c', [null, 8], [null, 16], [[8, 16], [16]]],
    // a None in output_shape stays None even when the input dim is known (layer-math.md example)
    ['abc,cd->abd', [null, 3], null, [null, 8, 2], [null, null, 3], [[2, 3]]],
    // attention-style projection: abc,cde->abde, bias over d and e
    ['abc,cde->abde', [5, 2, 4], 'de', [null, 5, 6], [null, 5, 2, 4], [[6, 2, 4], [2, 4]]],
    // bias on a middle axis keeps the trailing axes as 1
    ['abc,cde->abde', [5, 2, 4], 'd', [null, 5, 6], [null, 5, 2, 4], [[6, 2, 4], [2, 1]]],
    // left ellipsis: Keras inserts each elided dim at position 1 in turn, so they come out reversed
    // (real Keras 3.15 gives (None, 3, 2, 5) for (None, 2, 3, 4), see the fixture)
    ['...b,bc->...c', 7, 'c', [null, 3, 4, 5], [null, 4, 3, 7], [[5, 7], [7]]],
  ] as const)('%s output_shape=%j bias_axes=%s on %j', (equation, outShape, biasAxes, input, out, kernels) => {
    const r = runLayer('EinsumDense', { equation, output_shape: structuredClone(outShape), bias_axes: biasAxes }, [[...input]]);
    expect(r.output_shape).toEqual(out);
    expect(r.weights.map((x) => x.shape)).toEqual(kernels);
  });

  test('a malformed equation is rejected naming the key', () => {
    expect(() => runLayer('EinsumDense', { equation: 'ab->b', output_shape: 3 }, [[null, 4]])).toThrow(/"equation"/);
  });
});

describe('Lambda never runs code', () => {
  test.each([
    [{ output_shape: [4, 2] }, [[null, 8]], [null, 4, 2]],
    [{ output_shape: [[3], [5]] }, [[null, 8]], [[null, 3], [null, 5]]],
    [{ output_shape: null }, [[null, 6, 2]], [null, 6, 2]],
    // a function-valued output_shape (Keras 2 output_shape_type='lambda') cannot be evaluated
    [{ output_shape: ['4wEAAAAAAAAA', null, null], output_shape_type: 'lambda' }, [[null, 6]], [null, 6]],
  ] as const)('%j on %j → %j', (cfg, inputs, out) => {
    expect(runLayer('Lambda', structuredClone(cfg) as Record<string, unknown>, inputs.map((s) => [...s])).output_shape).toEqual(out);
  });

  test('without a literal output_shape a multi-input Lambda has no known shape', () => {
    expect(() => runLayer('Lambda', {}, [[null, 2], [null, 2]])).toThrow(/output shape unknown/);
  });
});

// tf-keras kernelized.py: unscaled_kernel (D, out) and bias (out,) fixed; kernel_scale (1,) trainable with the layer.
describe('RandomFourierFeatures (tf-keras)', () => {
  test('weights and output', () => {
    const r = runLayer('RandomFourierFeatures', { output_dim: 16, trainable: false }, [[null, 5]], 2);
    expect(r.output_shape).toEqual([null, 16]);
    expect(r.weights).toEqual([
      { name: 'unscaled_kernel', shape: [5, 16], trainable: false },
      { name: 'bias', shape: [16], trainable: false },
      { name: 'kernel_scale', shape: [1], trainable: false },
    ]);
    expect(r.params).toBe(5 * 16 + 16 + 1);
    expect(runLayer('RandomFourierFeatures', { output_dim: 4, trainable: true }, [[null, 3]], 2).weights[2].trainable).toBe(true);
  });
});

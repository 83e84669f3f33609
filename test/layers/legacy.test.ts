import { describe, expect, test } from 'vitest';
import { oneLayer } from './model-harness.js';

// None of these classes exist in Keras 3 or tfjs-layers; expectations are the layer-math.md §6/§10/§12
// formulas and tf.keras / Keras 1 build() rules worked out by hand.
describe('CuDNN recurrent layers', () => {
  test.each([
    ['CuDNNLSTM', { units: 5 }, [null, 7, 3], [null, 5], 4 * 5 * (3 + 5 + 2), [8 * 5]],
    ['CuDNNGRU', { units: 4 }, [null, 7, 3], [null, 4], 3 * 4 * (3 + 4 + 2), [6 * 4]],
    ['CuDNNLSTM', { units: 2, return_sequences: true, return_state: true }, [null, 7, 3], [[null, 7, 2], [null, 2], [null, 2]], 4 * 2 * (3 + 2 + 2), [16]],
    ['CuDNNGRU', { units: 2, return_state: true }, [null, null, 3], [[null, 2], [null, 2]], 3 * 2 * (3 + 2 + 2), [12]],
  ] as const)('%s %j on %j', (cls, cfg, shape, out, params, bias) => {
    const facts = oneLayer(cls, { ...cfg }, [[...shape]], '2.2.4');
    expect(facts.output_shape).toEqual(out);
    expect(facts.params).toBe(params);
    expect(facts.weights!.map((x) => x.name)).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    expect(facts.weights![2].shape).toEqual(bias);
  });
});

describe('LocallyConnected1D/2D', () => {
  test.each([
    // implementation 1: one (k·C_in, filters) kernel per output position
    ['LocallyConnected1D', { filters: 4, kernel_size: 3 }, [null, 10, 3], [null, 8, 4], [[8, 9, 4], [8, 4]]],
    ['LocallyConnected1D', { filters: 4, kernel_size: 3, strides: 2 }, [null, 10, 3], [null, 4, 4], [[4, 9, 4], [4, 4]]],
    // implementation 2: a dense (input, output) kernel, channel axis placed like the data
    ['LocallyConnected1D', { filters: 4, kernel_size: 3, implementation: 2 }, [null, 10, 3], [null, 8, 4], [[10, 3, 8, 4], [8, 4]]],
    ['LocallyConnected1D', { filters: 4, kernel_size: 3, implementation: 2, data_format: 'channels_first' }, [null, 3, 10], [null, 4, 8], [[3, 10, 4, 8], [8, 4]]],
    // implementation 3: only connected entries; valid: 8 positions × 3 inputs; same: 2 + 8·3 + 2
    ['LocallyConnected1D', { filters: 4, kernel_size: 3, implementation: 3 }, [null, 10, 3], [null, 8, 4], [[24 * 3 * 4], [8, 4]]],
    ['LocallyConnected1D', { filters: 4, kernel_size: 3, implementation: 3, padding: 'same' }, [null, 10, 3], [null, 10, 4], [[28 * 3 * 4], [10, 4]]],
    ['LocallyConnected2D', { filters: 3, kernel_size: [3, 2] }, [null, 6, 5, 2], [null, 4, 4, 3], [[16, 12, 3], [4, 4, 3]]],
    ['LocallyConnected2D', { filters: 3, kernel_size: 2, implementation: 2 }, [null, 4, 3, 2], [null, 3, 2, 3], [[4, 3, 2, 3, 2, 3], [3, 2, 3]]],
    // 2-D implementation 3: (3 positions × 2 rows) × (2 positions × 2 cols) connections
    ['LocallyConnected2D', { filters: 3, kernel_size: 2, implementation: 3 }, [null, 4, 3, 2], [null, 3, 2, 3], [[6 * 4 * 2 * 3], [3, 2, 3]]],
    ['LocallyConnected2D', { filters: 5, kernel_size: 2, data_format: 'channels_first' }, [null, 2, 4, 3], [null, 5, 3, 2], [[6, 8, 5], [3, 2, 5]]],
  ] as const)('%s %j on %j', (cls, cfg, shape, out, weights) => {
    const facts = oneLayer(cls, { ...cfg }, [[...shape]], '2.15.0');
    expect(facts.output_shape).toEqual(out);
    expect(facts.weights!.map((x) => x.shape)).toEqual(weights);
  });

  test('implementation 1 accepts only valid padding', () => {
    expect(oneLayer('LocallyConnected1D', { filters: 2, kernel_size: 3, padding: 'same' }, [[null, 6, 2]], '2.15.0').problem).toMatch(/padding/);
  });
});

describe('Keras 1 Merge', () => {
  test.each([
    [{ mode: 'sum' }, [[null, 5], [null, 5]], [null, 5]],
    [{ mode: 'max' }, [[null, 2, 3], [null, 2, 3], [null, 2, 3]], [null, 2, 3]],
    [{ mode: 'concat', concat_axis: -1 }, [[null, 3, 4], [null, 3, 2]], [null, 3, 6]],
    [{ mode: 'concat', concat_axis: 1 }, [[null, 3, 4], [null, null, 4]], [null, null, 4]],
    [{ mode: 'dot', dot_axes: -1 }, [[null, 5], [null, 5]], [null, 1]],
    [{ mode: 'cos', dot_axes: 1 }, [[null, 5], [null, 5]], [null, 1]],
    [{ mode: 'dot', dot_axes: [2, 1] }, [[null, 3, 4], [null, 4, 6]], [null, 3, 6]],
    [{ mode: 'lambda-ish', mode_type: 'lambda', output_shape: [7], output_shape_type: 'raw' }, [[null, 5], [null, 5]], [null, 7]],
  ] as const)('%j on %j → %j', (cfg, inputs, out) => {
    const facts = oneLayer('Merge', { ...cfg }, inputs.map((s) => [...s]), '1.2.2');
    expect(facts.output_shape).toEqual(out);
    expect(facts.params).toBe(0);
  });

  test('a Python merge function without a literal output_shape is reported, not guessed', () => {
    const facts = oneLayer('Merge', { mode: 'x', mode_type: 'lambda', output_shape_type: 'lambda' }, [[null, 5], [null, 5]], '1.2.2');
    expect(facts.output_shape).toBeNull();
    expect(facts.problem).toMatch(/Python function/);
  });
});

describe('Keras 1 dense variants', () => {
  test('MaxoutDense: W (nb_feature, D, output_dim), b (nb_feature, output_dim)', () => {
    const facts = oneLayer('MaxoutDense', { output_dim: 3 }, [[null, 6]], '1.2.2');
    expect(facts.output_shape).toEqual([null, 3]);
    expect(facts.weights).toEqual([
      { name: 'W', shape: [4, 6, 3], trainable: true },
      { name: 'b', shape: [4, 3], trainable: true },
    ]);
  });

  test.each([
    ['1.2.2', ['W', 'b', 'W_carry', 'b_carry']],
    ['2.0.8', ['W', 'W_carry', 'b', 'b_carry']],
  ] as const)('Highway weight order in Keras %s', (version, order) => {
    const facts = oneLayer('Highway', {}, [[null, 5]], version);
    expect(facts.weights!.map((x) => x.name)).toEqual(order);
    expect(facts.params).toBe(2 * 5 * 5 + 2 * 5);
  });

  test('TimeDistributedDense: W (D, output_dim) per step', () => {
    const facts = oneLayer('TimeDistributedDense', { output_dim: 2, bias: false }, [[null, 5, 6]], '1.2.2');
    expect(facts.output_shape).toEqual([null, 5, 2]);
    expect(facts.weights).toEqual([{ name: 'W', shape: [6, 2], trainable: true }]);
  });
});

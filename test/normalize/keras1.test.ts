// Keras 1 configs normalize to the Keras 2 classes and keys that Keras 2's legacy interfaces produced.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { keras1Layer } from '../../src/normalize/keras1.js';
import { keras1WeightLayout } from '../../src/normalize/keras1-weights.js';
import { normalize } from '../../src/normalize/index.js';
import { analyzeModel } from '../../src/graph/analyze.js';
import { modelTotals } from '../../src/graph/stats.js';
import type { RawModel } from '../../src/readers/types.js';

const fixture = (name: string): RawModel => {
  const config = JSON.parse(readFileSync(join(__dirname, '../../fixtures/keras1', name), 'utf8'));
  return { format: 'keras-json', file: name, config, kerasVersion: config.keras_version, meta: {} };
};

describe('Keras 1 layer configs', () => {
  test.each([
    ['Convolution2D th', 'Convolution2D', { nb_filter: 8, nb_row: 3, nb_col: 5, border_mode: 'same', subsample: [2, 1], dim_ordering: 'th', init: 'he_normal', W_regularizer: null, bias: false },
      'Conv2D', { filters: 8, kernel_size: [3, 5], padding: 'same', strides: [2, 1], data_format: 'channels_first', kernel_initializer: 'he_normal', kernel_regularizer: null, use_bias: false }],
    ['Convolution1D with input_dim', 'Convolution1D', { nb_filter: 4, filter_length: 3, subsample_length: 2, border_mode: 'valid', input_dim: 7, input_length: 11 },
      'Conv1D', { filters: 4, kernel_size: 3, strides: 2, padding: 'valid', batch_input_shape: [null, 11, 7] }],
    ['Convolution3D', 'Convolution3D', { nb_filter: 2, kernel_dim1: 1, kernel_dim2: 2, kernel_dim3: 3, dim_ordering: 'tf' },
      'Conv3D', { filters: 2, kernel_size: [1, 2, 3], data_format: 'channels_last' }],
    ['AtrousConvolution2D', 'AtrousConvolution2D', { nb_filter: 2, nb_row: 3, nb_col: 3, atrous_rate: [2, 2] },
      'Conv2D', { filters: 2, kernel_size: [3, 3], dilation_rate: [2, 2] }],
    ['Deconvolution2D drops output_shape', 'Deconvolution2D', { nb_filter: 3, nb_row: 2, nb_col: 2, output_shape: [null, 3, 8, 8] },
      'Conv2DTranspose', { filters: 3, kernel_size: [2, 2] }],
    ['SeparableConvolution2D init', 'SeparableConvolution2D', { nb_filter: 3, nb_row: 2, nb_col: 2, init: 'uniform', depth_multiplier: 2 },
      'SeparableConv2D', { filters: 3, kernel_size: [2, 2], depthwise_initializer: 'uniform', pointwise_initializer: 'uniform', depth_multiplier: 2 }],
    ['Dense output_dim + input_dim', 'Dense', { output_dim: 10, init: 'glorot_uniform', bias: true, input_dim: 5 },
      'Dense', { units: 10, kernel_initializer: 'glorot_uniform', use_bias: true, input_dim: 5, batch_input_shape: [null, 5] }],
    ['Dropout p', 'Dropout', { p: 0.5 }, 'Dropout', { rate: 0.5 }],
    ['MaxPooling1D', 'MaxPooling1D', { pool_length: 3, stride: 1, border_mode: 'same' }, 'MaxPooling1D', { pool_size: 3, strides: 1, padding: 'same' }],
    ['AveragePooling2D default ordering', 'AveragePooling2D', { pool_size: [2, 2], border_mode: 'valid', dim_ordering: 'default' },
      'AveragePooling2D', { pool_size: [2, 2], padding: 'valid', data_format: null }],
    ['UpSampling1D length', 'UpSampling1D', { length: 2 }, 'UpSampling1D', { size: 2 }],
    ['GaussianNoise sigma', 'GaussianNoise', { sigma: 0.1 }, 'GaussianNoise', { stddev: 0.1 }],
    ['Embedding keeps input_dim (vocabulary)', 'Embedding', { input_dim: 1000, output_dim: 8, init: 'uniform', dropout: 0.2, input_length: 5 },
      'Embedding', { input_dim: 1000, output_dim: 8, embeddings_initializer: 'uniform', input_length: 5 }],
    ['LSTM consume_less + forget_bias_init', 'LSTM', { output_dim: 6, inner_init: 'orthogonal', inner_activation: 'hard_sigmoid', consume_less: 'gpu', forget_bias_init: 'one', dropout_W: 0.1, dropout_U: 0.2, input_dim: 8, input_length: null },
      'LSTM', { units: 6, recurrent_initializer: 'orthogonal', recurrent_activation: 'hard_sigmoid', implementation: 2, unit_forget_bias: true, dropout: 0.1, recurrent_dropout: 0.2, batch_input_shape: [null, null, 8] }],
    ['GRU is reset_after=False', 'GRU', { output_dim: 4 }, 'GRU', { units: 4, reset_after: false }],
    ['BatchNormalization mode 0', 'BatchNormalization', { mode: 0, beta_init: 'zero', gamma_init: 'one', axis: 1 },
      'BatchNormalization', { beta_initializer: 'zero', gamma_initializer: 'one', axis: 1 }],
    ['InputLayer input_dtype', 'InputLayer', { batch_input_shape: [null, 3], input_dtype: 'float32' }, 'InputLayer', { batch_input_shape: [null, 3], dtype: 'float32' }],
    ['Merge concat', 'Merge', { name: 'm', mode: 'concat', mode_type: 'raw', concat_axis: 1 }, 'Concatenate', { name: 'm', axis: 1 }],
    ['Merge cos', 'Merge', { name: 'm', mode: 'cos', mode_type: 'raw', dot_axes: [1, 1] }, 'Dot', { axes: [1, 1], normalize: true }],
    ['Merge ave', 'Merge', { name: 'm', mode: 'ave', mode_type: 'raw' }, 'Average', { name: 'm' }],
  ])('%s', (_what, cls, config, expectedClass, expectedConfig) => {
    const mapped = keras1Layer(cls, config);
    expect(mapped.className).toBe(expectedClass);
    expect(mapped.config).toMatchObject(expectedConfig);
    // No Keras 1 spelling survives.
    for (const legacy of ['nb_filter', 'nb_row', 'nb_col', 'border_mode', 'subsample', 'dim_ordering', 'output_dim', 'init', 'p', 'sigma', 'consume_less', 'input_dtype']) {
      if (legacy in expectedConfig) continue;
      expect(mapped.config).not.toHaveProperty(legacy);
    }
  });

  test('a lambda Merge stays a Merge, without its branch models', () => {
    const mapped = keras1Layer('Merge', { name: 'm', mode: ['code', null, null], mode_type: 'lambda', layers: [{ class_name: 'Sequential', config: [] }] });
    expect(mapped.className).toBe('Merge');
    expect(mapped.config).not.toHaveProperty('layers');
  });

  test('wrapped layers are mapped too', () => {
    const mapped = keras1Layer('TimeDistributed', { layer: { class_name: 'Dense', config: { output_dim: 3, name: 'd' } }, name: 'td' });
    expect(mapped.config.layer).toEqual({ class_name: 'Dense', config: { units: 3, name: 'd' } });
  });
});

describe('Keras 1 models', () => {
  test('cifar10_cnn with Theano ordering: Keras 1 file, Keras 2 classes, the seed totals', () => {
    const model = analyzeModel(normalize(fixture('cifar10_cnn_th.json')));
    expect(model.graph.dialect).toBe('keras1');
    const rows = model.analysis.layers.filter((a) => !a.node.implicit);
    expect(rows[0].node).toMatchObject({ name: 'convolution2d_1', className: 'Conv2D', origin: { className: 'Convolution2D' } });
    expect(rows[0].callOutputs[0]).toEqual([null, 32, 32, 32]);
    expect(model.analysis.byName.get('maxpooling2d_2')!.callOutputs[0]).toEqual([null, 64, 6, 6]);
    expect(modelTotals(model.analysis).total).toBe(1250858);
  });

  test('a Sequential that starts with a Merge takes its branch models as inputs', () => {
    const model = analyzeModel(normalize(fixture('sequential_merge.json')));
    const g = model.graph;
    expect(g.sequential).toBe(false);
    expect(g.inputs.map((r) => r.layer)).toEqual(['dense_1_input', 'dense_2_input']);
    expect(g.layers.filter((l) => !l.implicit).map((l) => [l.name, l.className])).toEqual([
      ['sequential_1', 'Sequential'], ['sequential_2', 'Sequential'], ['merge_1', 'Concatenate'], ['dense_3', 'Dense'],
    ]);
    expect(g.layers.find((l) => l.name === 'merge_1')!.calls[0].inputs.map((r) => r.layer)).toEqual(['sequential_1', 'sequential_2']);
    // Branch weights: Dense(32) on 16 and on 8 inputs.
    expect(model.analysis.byName.get('sequential_1')!.weights!.map((w) => w.shape)).toEqual([[16, 32], [32]]);
    expect(model.analysis.byName.get('sequential_2')!.callOutputs[0]).toEqual([null, 32]);
  });

  test('Merge branches whose inputs share a name get the first free suffix each, as before', () => {
    const raw = fixture('sequential_merge.json');
    const merge = (raw.config as { config: { config: { layers: unknown[] } }[] }).config[0].config;
    const dense = { class_name: 'Dense', config: { name: 'x', batch_input_shape: [null, 4], output_dim: 2 } };
    const branch = (...layers: unknown[]) => ({ class_name: 'Sequential', config: layers });
    const input = { class_name: 'InputLayer', config: { name: 'x_input_1', batch_input_shape: [null, 4] } };
    // Inputs: x_input (implicit), x_input again, an explicit x_input_1 (taken by then), x_input again.
    merge.layers = [branch(dense), branch(dense), branch(input, { ...dense, config: { ...dense.config, batch_input_shape: undefined } }), branch(dense)];
    const g = normalize(raw).graph;
    expect(g.inputs.map((r) => r.layer)).toEqual(['x_input', 'x_input_1', 'x_input_1_1', 'x_input_2']);
    // A suffix another branch already owns is skipped.
    merge.layers = [branch(dense), merge.layers[2], branch(dense)];
    expect(normalize(raw).graph.inputs.map((r) => r.layer)).toEqual(['x_input', 'x_input_1', 'x_input_2']);
  });

  test('a functional Model with 3-element inbound nodes and Keras 1 classes', () => {
    const model = analyzeModel(normalize(fixture('functional.json')));
    const byName = model.analysis.byName;
    expect(byName.get('lstm_1')!.node.config).toMatchObject({ units: 6, implementation: 0, unit_forget_bias: true, batch_input_shape: [null, null, 8] });
    expect(byName.get('convolution1d_1')!.callOutputs[0]).toEqual([null, 20, 6]);
    expect(byName.get('convolution1d_1')!.weights!.map((w) => w.shape)).toEqual([[3, 8, 6], [6]]);
    expect(byName.get('merge_1')!.node.className).toBe('Add');
    expect(byName.get('merge_1')!.node.calls[0].inputs.map((r) => r.layer)).toEqual(['lstm_1', 'convolution1d_1']);
  });
});

describe('Keras 1 weight layouts (keras-formats.md §2.6)', () => {
  const layout = (className: string, config: Record<string, unknown>, shapes: number[][]) =>
    keras1WeightLayout({ name: 'l_1', className, config }, shapes);

  test('Theano-ordered Conv2D kernel is (filters, in, rows, cols) and transposed on load', () => {
    const l = layout('Conv2D', { data_format: 'channels_first' }, [[3, 5, 2, 8], [8]]);
    expect(l!.stored).toEqual([{ name: 'l_1_W', shape: [8, 2, 3, 5] }, { name: 'l_1_b', shape: [8] }]);
    expect(l!.conversion).toContain('(2, 3, 1, 0)');
    expect(layout('Conv2D', { data_format: 'channels_last' }, [[3, 5, 2, 8], [8]])!.conversion).toBeNull();
  });

  test('Conv1D kernels were 4-D', () => {
    expect(layout('Conv1D', {}, [[3, 8, 6], [6]])!.stored.map((w) => w.shape)).toEqual([[3, 1, 8, 6], [6]]);
  });

  test('Conv2DTranspose and Conv3D', () => {
    expect(layout('Conv2DTranspose', { data_format: 'channels_last' }, [[2, 2, 3, 5], [3]])!.stored[0].shape).toEqual([2, 2, 5, 3]);
    expect(layout('Conv2DTranspose', { data_format: 'channels_first' }, [[2, 2, 3, 5], [3]])!.stored[0].shape).toEqual([3, 5, 2, 2]);
    expect(layout('Conv3D', { data_format: 'channels_first' }, [[1, 2, 3, 4, 5], [5]])!.stored[0].shape).toEqual([5, 4, 1, 2, 3]);
  });

  test('LSTM: 12 per-gate arrays in i, c, f, o order, unless consume_less=gpu', () => {
    const l = layout('LSTM', { implementation: 0 }, [[8, 24], [6, 24], [24]]);
    expect(l!.stored.map((w) => w.name)).toEqual(['W_i', 'U_i', 'b_i', 'W_c', 'U_c', 'b_c', 'W_f', 'U_f', 'b_f', 'W_o', 'U_o', 'b_o'].map((p) => `l_1_${p}`));
    expect(l!.stored.slice(0, 3).map((w) => w.shape)).toEqual([[8, 6], [6, 6], [6]]);
    // Same parameter count as the Keras 2 arrays.
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    expect(l!.stored.reduce((n, w) => n + size(w.shape), 0)).toBe(8 * 24 + 6 * 24 + 24);
    expect(layout('LSTM', { implementation: 2 }, [[8, 24], [6, 24], [24]])!.conversion).toBeNull();
  });

  test('GRU: 9 arrays z, r, h', () => {
    const l = layout('GRU', {}, [[4, 9], [3, 9], [9]]);
    expect(l!.stored.map((w) => `${w.name}:${w.shape}`)).toEqual(
      ['z', 'r', 'h'].flatMap((g) => [`l_1_W_${g}:4,3`, `l_1_U_${g}:3,3`, `l_1_b_${g}:3`]),
    );
  });

  test('Bidirectional splits forward and backward halves', () => {
    const l = layout('Bidirectional', { layer: { class_name: 'GRU', config: { name: 'gru_1' } } }, [[4, 9], [3, 9], [9], [4, 9], [3, 9], [9]]);
    expect(l!.stored).toHaveLength(18);
    expect(l!.stored[0].name).toBe('forward_gru_1_W_z');
    expect(l!.stored[9].name).toBe('backward_gru_1_W_z');
  });

  test('BatchNormalization loads by position', () => {
    const l = layout('BatchNormalization', {}, [[4], [4], [4], [4]]);
    expect(l!.stored.map((w) => w.name)).toEqual(['l_1_gamma', 'l_1_beta', 'l_1_running_mean', 'l_1_running_std']);
  });
});

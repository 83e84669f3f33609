// Keras 1 files store some weights in layouts Keras 2 converts on load (keras-formats.md §2.6):
// the audit names the conversion instead of calling the tensors mismatched. Stored shapes here are
// written from that document (Theano kernels (filters, depth, rows, cols); per-gate LSTM arrays).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { auditModel } from '../../src/audit/index.js';
import { loadModel, planWeights } from '../../src/index.js';
import { memoryStore, rawModel } from './helpers.js';

const cifarTh = JSON.parse(readFileSync(new URL('../../fixtures/keras1/cifar10_cnn_th.json', import.meta.url), 'utf8'));

function audit(config: unknown, layers: Parameters<typeof memoryStore>[0]) {
  const raw = { ...rawModel(memoryStore(layers), config), kerasVersion: '1.2.2' };
  return auditModel(raw, loadModel(raw), { values: false });
}

// cifar10_cnn (th): conv 3→32, 32→32, 32→64, 64→64 (3×3), dense 2304→512, 512→10
const cifarStored = (kernel: (out: number, inp: number) => number[]) => ({
  convolution2d_1: [{ name: 'convolution2d_1_W', shape: kernel(32, 3) }, { name: 'convolution2d_1_b', shape: [32] }],
  convolution2d_2: [{ name: 'convolution2d_2_W', shape: kernel(32, 32) }, { name: 'convolution2d_2_b', shape: [32] }],
  convolution2d_3: [{ name: 'convolution2d_3_W', shape: kernel(64, 32) }, { name: 'convolution2d_3_b', shape: [64] }],
  convolution2d_4: [{ name: 'convolution2d_4_W', shape: kernel(64, 64) }, { name: 'convolution2d_4_b', shape: [64] }],
  dense_1: [{ name: 'dense_1_W', shape: [2304, 512] }, { name: 'dense_1_b', shape: [512] }],
  dense_2: [{ name: 'dense_2_W', shape: [512, 10] }, { name: 'dense_2_b', shape: [10] }],
});

describe('Keras 1 weight layouts in the audit', () => {
  test('Theano-ordered conv kernels: one info per layer naming the transposition, no error', async () => {
    const r = await audit(cifarTh, cifarStored((out, inp) => [out, inp, 3, 3]));
    expect(r.findings.map((f) => [f.code, 'layer' in f ? f.layer : undefined])).toEqual([
      ['legacy-weight-layout', 'convolution2d_1'],
      ['legacy-weight-layout', 'convolution2d_2'],
      ['legacy-weight-layout', 'convolution2d_3'],
      ['legacy-weight-layout', 'convolution2d_4'],
    ]);
    expect(r.findings[0]).toMatchObject({ tensors: 2, conversion: expect.stringContaining('transposed (2, 3, 1, 0)') });
  });

  test('a kernel in neither layout is still a shape mismatch', async () => {
    const r = await audit(cifarTh, cifarStored((out, inp) => [3, out, 3, inp]));
    expect(r.findings.filter((f) => f.code === 'weight-shape-mismatch')).toHaveLength(4);
  });

  test('LSTM: the 12 per-gate arrays (W, U, b for gates i, c, f, o) are recognised', async () => {
    const config = {
      class_name: 'Sequential',
      config: [{ class_name: 'LSTM', config: { name: 'lstm_1', output_dim: 16, batch_input_shape: [null, 5, 8], consume_less: 'cpu' } }],
    };
    const perGate = ['i', 'c', 'f', 'o'].flatMap((g) => [
      { name: `lstm_1_W_${g}`, shape: [8, 16] },
      { name: `lstm_1_U_${g}`, shape: [16, 16] },
      { name: `lstm_1_b_${g}`, shape: [16] },
    ]);
    const r = await audit(config, { lstm_1: perGate });
    expect(r.findings).toEqual([{ code: 'legacy-weight-layout', layer: 'lstm_1', tensors: 12, conversion: expect.stringContaining('gate order i, f, c, o') }]);
  });

  test('Conv1D kernels in both Keras 1 layouts: 1.2 (length, 1, input_dim, filters) and 1.1 (filters, input_dim, length, 1)', async () => {
    // Convolution1D(nb_filter=6, filter_length=3) on (10, 4): Keras 2 kernel (3, 4, 6)
    const conv = { class_name: 'Convolution1D', config: { name: 'conv', nb_filter: 6, filter_length: 3, batch_input_shape: [null, 10, 4] } };
    const config = { class_name: 'Sequential', config: [conv] };
    const stored = (kernel: number[]) => ({ conv: [{ name: 'conv_W', shape: kernel }, { name: 'conv_b', shape: [6] }] });
    const v12 = await audit(config, stored([3, 1, 4, 6]));
    expect(v12.findings).toEqual([{ code: 'legacy-weight-layout', layer: 'conv', tensors: 2, conversion: expect.stringContaining('loses axis 1') }]);
    const v11 = await audit(config, stored([6, 4, 3, 1]));
    expect(v11.findings).toEqual([{ code: 'legacy-weight-layout', layer: 'conv', tensors: 2, conversion: expect.stringContaining('Keras 1.1 kernel (filters, input_dim, length, 1) is transposed (2, 3, 1, 0)') }]);
    // the same numbers in another order are neither
    const neither = await audit(config, stored([4, 6, 3, 1]));
    expect(neither.findings.map((f) => f.code)).toEqual(['weight-shape-mismatch']);
    // a TimeDistributed Conv1D stores its inner layer's weights, in either layout
    const wrapped = { class_name: 'Sequential', config: [{ class_name: 'TimeDistributed', config: { name: 'td', layer: { class_name: 'Convolution1D', config: { name: 'conv', nb_filter: 6, filter_length: 3 } }, batch_input_shape: [null, 2, 10, 4] } }] };
    const td = await audit(wrapped, { td: [{ name: 'conv_W', shape: [6, 4, 3, 1] }, { name: 'conv_b', shape: [6] }] });
    expect(td.findings).toEqual([{ code: 'legacy-weight-layout', layer: 'td', tensors: 2, conversion: expect.stringContaining('Keras 1.1 kernel') }]);
  });

  test('Keras 2 configs are not converted by Keras, so a Theano-ordered kernel stays an error', async () => {
    const config = {
      class_name: 'Sequential',
      config: { name: 's', layers: [{ class_name: 'Conv2D', config: { name: 'conv', filters: 4, kernel_size: [3, 3], data_format: 'channels_first', batch_input_shape: [null, 2, 8, 8] } }] },
    };
    const raw = { ...rawModel(memoryStore({ conv: [{ name: 'kernel', shape: [4, 2, 3, 3] }, { name: 'bias', shape: [4] }] }), config), kerasVersion: '2.2.4' };
    const r = await auditModel(raw, loadModel(raw), { values: false });
    expect(r.findings).toContainEqual({ code: 'weight-shape-mismatch', layer: 'conv', weight: 'kernel', expected: [3, 3, 2, 4], stored: [4, 2, 3, 3] });
  });

  test('a Keras 2 kernel Keras\' loader transposes (3, 2, 0, 1): the audit names the conversion and convert applies it', async () => {
    const config = {
      class_name: 'Sequential',
      config: { name: 's', layers: [{ class_name: 'Conv2D', config: { name: 'conv', filters: 4, kernel_size: [3, 3], batch_input_shape: [null, 8, 8, 2] } }] },
    };
    // the layer builds (3, 3, 2, 4); stored s with s transposed (3, 2, 0, 1) equal to it: (2, 4, 3, 3)
    const raw = { ...rawModel(memoryStore({ conv: [{ name: 'kernel', shape: [2, 4, 3, 3] }, { name: 'bias', shape: [4] }] }), config), kerasVersion: '2.2.4' };
    const model = loadModel(raw);
    const r = await auditModel(raw, model, { values: false });
    expect(r.findings).toEqual([{ code: 'legacy-weight-layout', layer: 'conv', tensors: 2, conversion: 'Theano-layout kernel transposed (3, 2, 0, 1)' }]);
    const plan = planWeights(model);
    expect(plan.layers[0].weights.map((w) => [w.name, w.shape, w.source.perm ?? null])).toEqual([['kernel', [3, 3, 2, 4], [3, 2, 0, 1]], ['bias', [4], null]]);
  });
});

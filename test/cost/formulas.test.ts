// Cost formulas against numbers worked out by hand (docs/cost.md states what is counted):
// MAC = one multiply + one add; FLOPs = 2·MACs + bias adds + activations + normalization + pooling + merges.
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { analyzeModel } from '../../src/graph/analyze.js';
import { modelCost } from '../../src/graph/cost.js';
import { normalize } from '../../src/normalize/index.js';
import { kerasJsonModel } from '../../src/readers/keras-json.js';
import { readModel } from '../../src/index.js';

const root = join(__dirname, '../..');

type Layer = { class_name: string; config: Record<string, unknown>; inbound_nodes?: unknown };

/** A tf.keras 2 Sequential of `layers` on input `(None, ...shape)`; costs of each layer by name. */
function sequentialCost(shape: (number | null)[], layers: Layer[], batch = 1) {
  const [first, ...rest] = layers;
  const config = {
    class_name: 'Sequential',
    keras_version: '2.15.0',
    config: { name: 's', layers: [{ ...first, config: { ...first.config, batch_input_shape: [null, ...shape] } }, ...rest] },
  };
  return costOf(config, batch);
}

function costOf(config: Record<string, unknown>, batch = 1) {
  const model = analyzeModel(normalize(kerasJsonModel(config, 'test.json')), 'test.json');
  const cost = modelCost(model, batch);
  const byName = new Map([...cost.byLayer].map(([a, r]) => [a.node.name, r]));
  return { byName, totals: cost.totals, model };
}

const only = (shape: (number | null)[], class_name: string, config: Record<string, unknown>) =>
  sequentialCost(shape, [{ class_name, config: { name: 'l', ...config } }]).byName.get('l')!;

describe('the seed model (Keras cifar10_cnn, input 32×32×3)', () => {
  test('MACs per layer and in total match the hand computation', async () => {
    const model = await readModel(join(root, 'fixtures/cifar10_cnn.json'));
    const cost = modelCost(model);
    const macs = Object.fromEntries([...cost.byLayer].map(([a, r]) => [a.node.name, r.macs]));
    // conv MACs = H_out·W_out·C_out · k_h·k_w·C_in; dense MACs = D_in·units
    const conv2d = 32 * 32 * 32 * (3 * 3 * 3); //   Conv2D 32, same:  32×32×32 out, 3×3×3 window  =   884,736
    const conv2d1 = 30 * 30 * 32 * (3 * 3 * 32); // Conv2D 32, valid: 30×30×32 out, 3×3×32 window = 8,294,400
    const conv2d2 = 15 * 15 * 64 * (3 * 3 * 32); // after 2×2 max pooling: 15×15 in, same        = 4,147,200
    const conv2d3 = 13 * 13 * 64 * (3 * 3 * 64); // valid: 13×13×64 out                          = 6,230,016
    const dense = 6 * 6 * 64 * 512; //               Flatten of 6×6×64 = 2304 → 512                = 1,179,648
    const dense1 = 512 * 10; //                                                                      =     5,120
    expect(macs).toMatchObject({ conv2d, conv2d_1: conv2d1, conv2d_2: conv2d2, conv2d_3: conv2d3, dense, dense_1: dense1 });
    for (const free of ['activation', 'max_pooling2d', 'dropout', 'flatten', 'activation_5']) expect(macs[free]).toBe(0);
    const total = conv2d + conv2d1 + conv2d2 + conv2d3 + dense + dense1;
    expect(total).toBe(20_741_120);
    expect(cost.totals.macs).toBe(total);

    // FLOPs = 2·MACs + a bias add per output of the convs and denses + one op per ReLU output
    // (softmax: 3 per output) + one compare per pooling window element.
    const convOutputs = 32 * 32 * 32 + 30 * 30 * 32 + 15 * 15 * 64 + 13 * 13 * 64;
    const biasAdds = convOutputs + 512 + 10;
    const activations = convOutputs + 512 + 3 * 10;
    const pooling = 15 * 15 * 32 * (2 * 2) + 6 * 6 * 64 * (2 * 2);
    expect(cost.totals.flops).toBe(2 * total + biasAdds + activations + pooling);
    expect(cost.totals.flops).toBe(41_694_888);

    // Activation memory: every layer output, float32; weights: 1,250,858 float32 params.
    const outputs = 2 * 32 * 32 * 32 + 2 * 30 * 30 * 32 + 2 * 15 * 15 * 32 + 2 * 15 * 15 * 64 + 2 * 13 * 13 * 64 + 3 * 6 * 6 * 64 + 3 * 512 + 2 * 10;
    expect(cost.totals.activationBytes).toBe(4 * outputs);
    expect(cost.totals.weightBytes).toBe(4 * 1_250_858);
    expect(cost.totals.unknown).toEqual([]);
  });

  test('a batch scales MACs, FLOPs and activation memory, not the weights', async () => {
    const model = await readModel(join(root, 'fixtures/cifar10_cnn.json'));
    const one = modelCost(model).totals;
    const eight = modelCost(model, 8).totals;
    expect(eight).toMatchObject({ batch: 8, macs: 8 * one.macs, flops: 8 * one.flops, activationBytes: 8 * one.activationBytes, weightBytes: one.weightBytes });
  });

  test('weight memory follows the stored dtype: a float16 tfjs model stores 2 bytes a value', async () => {
    const model = await readModel(join(root, 'fixtures/tfjs/tiny_cnn_float16/model.json'));
    const t = modelCost(model).totals;
    const params = [...model.analysis.layers].reduce((n, a) => n + (a.weights ?? []).reduce((m, w) => m + w.shape.reduce((x, y) => x * y, 1), 0), 0);
    expect(t.weightBytes).toBe(2 * params);
    await model.raw.weights?.close();
  });
});

describe('layer families', () => {
  test.each([
    // [what, input shape, class, config, MACs, FLOPs]
    ['Dense 4→3 relu', [4], 'Dense', { units: 3, activation: 'relu' }, 4 * 3, 2 * 12 + 3 + 3],
    ['Dense on a sequence: per position', [5, 4], 'Dense', { units: 3, activation: 'linear' }, 5 * 4 * 3, 2 * 60 + 15],
    ['Dense without bias, softmax', [4], 'Dense', { units: 3, activation: 'softmax', use_bias: false }, 12, 24 + 3 * 3],
    ['Conv2D valid 3×3, 3→8', [10, 10, 3], 'Conv2D', { filters: 8, kernel_size: 3 }, 8 * 8 * 8 * (9 * 3), 2 * 13824 + 512],
    ['Conv2D same stride 2', [8, 8, 1], 'Conv2D', { filters: 2, kernel_size: 3, strides: 2, padding: 'same', use_bias: false }, 4 * 4 * 2 * 9, 2 * 288],
    ['Conv2D groups=2, 1×1', [5, 5, 4], 'Conv2D', { filters: 4, kernel_size: 1, groups: 2, use_bias: false }, 5 * 5 * 4 * 2, 400],
    ['Conv2D channels_first', [3, 10, 10], 'Conv2D', { filters: 8, kernel_size: 3, data_format: 'channels_first', use_bias: false }, 8 * 8 * 8 * 27, 2 * 13824],
    ['Conv1D causal dilated', [10, 2], 'Conv1D', { filters: 3, kernel_size: 2, padding: 'causal', dilation_rate: 2, use_bias: false }, 10 * 3 * 2 * 2, 240],
    ['DepthwiseConv2D ×2', [6, 6, 3], 'DepthwiseConv2D', { kernel_size: 3, depth_multiplier: 2, use_bias: false }, 4 * 4 * 6 * 9, 2 * 864],
    ['SeparableConv2D', [6, 6, 3], 'SeparableConv2D', { filters: 5, kernel_size: 3, use_bias: false }, 4 * 4 * 3 * 9 + 4 * 4 * 3 * 5, 2 * 672],
    ['Conv2DTranspose stride 2', [4, 4, 3], 'Conv2DTranspose', { filters: 2, kernel_size: 3, strides: 2, use_bias: false }, 4 * 4 * 3 * 9 * 2, 2 * 864],
    ['MaxPooling2D 2×2', [4, 4, 1], 'MaxPooling2D', { pool_size: 2 }, 0, 2 * 2 * 4],
    ['AveragePooling2D 2×2: + a divide per output', [4, 4, 1], 'AveragePooling2D', { pool_size: 2 }, 0, 16 + 4],
    ['GlobalAveragePooling2D', [4, 4, 3], 'GlobalAveragePooling2D', {}, 0, 48 + 3],
    ['BatchNormalization: scale and shift', [4, 4, 2], 'BatchNormalization', {}, 0, 32 * 2],
    ['LayerNormalization: mean, variance, normalize, gamma, beta', [5, 6], 'LayerNormalization', {}, 0, 30 * (3 + 1 + 2)],
    ['Activation softmax', [10], 'Activation', { activation: 'softmax' }, 0, 30],
    ['ReLU layer', [10], 'ReLU', {}, 0, 10],
    ['Embedding: a lookup', [7], 'Embedding', { input_dim: 100, output_dim: 8 }, 0, 0],
    ['Flatten', [2, 3], 'Flatten', {}, 0, 0],
    ['EinsumDense ab,bc->ac', [4], 'EinsumDense', { equation: 'ab,bc->ac', output_shape: 3, bias_axes: 'c' }, 12, 24 + 3],
    ['EinsumDense abc,cde->abde', [5, 4], 'EinsumDense', { equation: 'abc,cde->abde', output_shape: [5, 2, 3], bias_axes: null }, 5 * 2 * 3 * 4, 240],
  ] as const)('%s', (_what, shape, cls, config, macs, flops) => {
    const r = only([...shape], cls, config);
    expect({ macs: r.macs, flops: r.flops }).toEqual({ macs, flops });
  });

  test('recurrent layers: one cell step × time steps', () => {
    // LSTM 4 units on (10, 3): per step kernel 3·16 + recurrent 4·16 MACs; 16 bias adds, 16 gate
    // activations and 5 update ops per unit.
    const lstm = only([10, 3], 'LSTM', { units: 4 });
    expect(lstm.macs).toBe(10 * (3 * 16 + 4 * 16));
    expect(lstm.flops).toBe(2 * 1120 + 10 * (16 + 16 + 5 * 4));
    // GRU 4 units, reset_after (bias (2, 12)): per step 3·12 + 4·12 MACs; 24 bias adds, 12 activations, 5 per unit.
    const gru = only([10, 3], 'GRU', { units: 4, reset_after: true });
    expect(gru.macs).toBe(10 * (3 * 12 + 4 * 12));
    expect(gru.flops).toBe(2 * 840 + 10 * (24 + 12 + 20));
    const gruV2 = only([10, 3], 'GRU', { units: 4, reset_after: false });
    expect(gruV2.flops).toBe(2 * 840 + 10 * (12 + 12 + 20));
    expect(only([7, 3], 'SimpleRNN', { units: 4 }).macs).toBe(7 * (3 * 4 + 4 * 4));
    const bi = only([10, 3], 'Bidirectional', { layer: { class_name: 'LSTM', config: { name: 'lstm', units: 4 } } });
    expect(bi.macs).toBe(2 * 1120);
    const td = only([5, 4], 'TimeDistributed', { layer: { class_name: 'Dense', config: { name: 'd', units: 3, use_bias: false } } });
    expect(td.macs).toBe(5 * 4 * 3);
  });

  test('a variable-length sequence has an unknown cost, left out of the totals and named', () => {
    const { byName, totals } = sequentialCost([null, 3], [{ class_name: 'LSTM', config: { name: 'lstm', units: 4 } }, { class_name: 'Dense', config: { name: 'd', units: 2 } }]);
    expect(byName.get('lstm')).toMatchObject({ macs: null, flops: null, activationBytes: 16 });
    expect(byName.get('d')!.macs).toBe(8);
    expect(totals.unknown).toEqual(['lstm']);
    expect(totals.macs).toBe(8);
  });

  test('MultiHeadAttention (self-attention): projections, scores, weighted sum, output', () => {
    const config = {
      class_name: 'Functional',
      keras_version: '2.15.0',
      config: {
        name: 'f',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_input_shape: [null, 6, 8] }, inbound_nodes: [] },
          { class_name: 'MultiHeadAttention', name: 'mha', config: { name: 'mha', num_heads: 2, key_dim: 4, use_bias: false }, inbound_nodes: [[['x', 0, 0, {}], ['x', 0, 0, {}]]] },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['mha', 0, 0]],
      },
    };
    const r = costOf(config).byName.get('mha')!;
    const [T, d, n, k] = [6, 8, 2, 4];
    const projections = 3 * T * d * n * k; // query, key, value
    const attention = n * T * T * k * 2; // scores and the weighted sum of values
    const output = T * n * k * d;
    expect(r.macs).toBe(projections + attention + output);
    // no bias: the query scaling (T·n·k) and the softmax (3 per score)
    expect(r.flops).toBe(2 * r.macs! + T * n * k + 3 * n * T * T);
  });

  test('Add merges: one op per output value per extra input; a shared layer costs every call', () => {
    const config = {
      class_name: 'Functional',
      keras_version: '2.15.0',
      config: {
        name: 'f',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_input_shape: [null, 4] }, inbound_nodes: [] },
          { class_name: 'Dense', name: 'd', config: { name: 'd', units: 4, use_bias: false }, inbound_nodes: [[['x', 0, 0, {}]], [['d', 0, 0, {}]]] },
          { class_name: 'Add', name: 'add', config: { name: 'add' }, inbound_nodes: [[['d', 0, 0, {}], ['d', 1, 0, {}], ['x', 0, 0, {}]]] },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['add', 0, 0]],
      },
    };
    const { byName, totals } = costOf(config);
    expect(byName.get('d')).toMatchObject({ macs: 2 * 16, activationBytes: 2 * 4 * 4, weightBytes: 64 });
    expect(byName.get('add')!.flops).toBe(4 * 2);
    expect(totals.weightBytes).toBe(64);
  });

  test('mixed precision: activations in float16, weights in float32', () => {
    const r = only([4], 'Dense', { units: 3, dtype: 'mixed_float16' });
    expect(r).toMatchObject({ activationBytes: 3 * 2, weightBytes: (4 * 3 + 3) * 4 });
  });
});

describe('weight memory of a layer shared with a nested model', () => {
  test('a CausalLM\'s token embedding, in its backbone and again as the head, is weighed once', async () => {
    // Keras: "Total params: 1,080 (4.22 KB)", float32 (fixtures/kerashub/gpt2-causal-lm/summary.txt)
    const model = await readModel(join(import.meta.dirname, '../../fixtures/kerashub/gpt2-causal-lm/model.keras'));
    expect(modelCost(model).totals.weightBytes).toBe(4 * 1_080);
  });

  test('listed at the top before the nested model that holds it, it is weighed once too', () => {
    // Dense(2) on 2 features: a 2×2 kernel and 2 biases, 6 float32 values, whichever list holds it
    const tensor = (layer: string) => ({ class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: [layer, 0, 0] } });
    const input = (name: string) => ({ module: 'keras.layers', class_name: 'InputLayer', name, config: { name, batch_shape: [null, 2] }, inbound_nodes: [] });
    const shared = { module: 'keras.layers', class_name: 'Dense', name: 'd1', config: { name: 'd1', units: 2 }, registered_name: null, shared_object_id: 42, inbound_nodes: [{ args: [tensor('x')], kwargs: {} }] };
    const inner = { module: 'keras', class_name: 'Sequential', name: 'seq', config: { name: 'seq', layers: [input('x2'), shared] }, inbound_nodes: [{ args: [tensor('d1')], kwargs: {} }] };
    const { totals } = costOf({ module: 'keras.src.models.functional', class_name: 'Functional', config: { name: 'f', layers: [input('x'), shared, inner], input_layers: ['x', 0, 0], output_layers: ['seq', 0, 0] } });
    expect(totals.weightBytes).toBe(6 * 4);
  });
});

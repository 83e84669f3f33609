import { describe, expect, test } from 'vitest';
import { analyzeConfig, keras3Cases, oneLayer } from './model-harness.js';
import { tfl, tfjsFacts, tfjsJson } from './tfjs-models.js';

const RECURRENT = ['SimpleRNN', 'LSTM', 'GRU', 'RNN', 'ConvLSTM1D', 'ConvLSTM2D', 'ConvLSTM3D'];

describe('recurrent vs real Keras 3 (fixtures/keras3-layers-b.json)', () => {
  test.each(keras3Cases(RECURRENT).map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(analyzeConfig(c.model)).toEqual(c.layers);
  });
});

// tfjs-layers builds the model, then kerascope reads the Keras 2 JSON tfjs wrote for it.
describe('recurrent vs tfjs-layers (Keras 2)', () => {
  const seq = (shape: number[], layer: () => tfl.layers.Layer) => () => {
    const m = tfl.sequential();
    m.add(tfl.layers.inputLayer({ inputShape: shape }));
    m.add(layer());
    return m;
  };
  test.each([
    ['SimpleRNN', seq([5, 4], () => tfl.layers.simpleRNN({ units: 3 }))],
    ['SimpleRNN sequences, no bias', seq([5, 4], () => tfl.layers.simpleRNN({ units: 2, returnSequences: true, useBias: false }))],
    ['LSTM', seq([7, 3], () => tfl.layers.lstm({ units: 5 }))],
    ['LSTM sequences, unknown length', seq([null as never, 3], () => tfl.layers.lstm({ units: 2, returnSequences: true }))],
    ['GRU (reset_after false)', seq([6, 4], () => tfl.layers.gru({ units: 3 }))],
    ['RNN(SimpleRNNCell)', seq([5, 4], () => tfl.layers.rnn({ cell: tfl.layers.simpleRNNCell({ units: 3 }) }))],
    ['RNN(LSTMCell) sequences', seq([5, 4], () => tfl.layers.rnn({ cell: tfl.layers.lstmCell({ units: 2 }), returnSequences: true }))],
    ['ConvLSTM2D same', seq([3, 6, 6, 2], () => tfl.layers.convLstm2d({ filters: 4, kernelSize: 3, padding: 'same' }))],
    ['ConvLSTM2D valid strides sequences', seq([3, 9, 8, 1], () =>
      tfl.layers.convLstm2d({ filters: 2, kernelSize: [3, 2], strides: 2, returnSequences: true }))],
  ] as const)('%s', (_, build) => {
    const model = build();
    expect(analyzeConfig(tfjsJson(model))).toEqual(tfjsFacts(model));
  });

  test('return_state and initial_state in a functional model', () => {
    const x = tfl.input({ shape: [5, 4], name: 'x' });
    const [out, h, c] = tfl.layers.lstm({ units: 3, returnState: true, name: 'enc' }).apply(x) as tfl.SymbolicTensor[];
    const gru = tfl.layers.gru({ units: 2, returnState: true, returnSequences: true, name: 'g' }).apply(x) as tfl.SymbolicTensor[];
    const dec = tfl.layers.lstm({ units: 3, name: 'dec' }).apply(x, { initialState: [h, c] }) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: x, outputs: [out, ...gru, dec] });
    expect(analyzeConfig(tfjsJson(model))).toEqual(tfjsFacts(model));
  });

  // tfjs names stacked cells' weights `RNNCell_<i>/…`, its own invention; Keras 2.0–2.3 named them
  // all bare (`kernel` once per cell), which is what we report for Keras 2. Shapes and order agree.
  test('RNN over stacked cells: states in reverse cell order', () => {
    const x = tfl.input({ shape: [5, 4] });
    const cells = [tfl.layers.lstmCell({ units: 3 }), tfl.layers.gruCell({ units: 2 })];
    const outs = tfl.layers.rnn({ cell: cells, returnState: true, name: 'st' }).apply(x) as tfl.SymbolicTensor[];
    const model = tfl.model({ inputs: x, outputs: outs });
    const bare = (f: ReturnType<typeof tfjsFacts>) => f.map((l) => ({ ...l, weights: l.weights!.map((v) => ({ ...v, name: v.name.replace(/^RNNCell_\d+\//, '') })) }));
    expect(analyzeConfig(tfjsJson(model))).toEqual(bare(tfjsFacts(model)));
  });
});

// layer-math.md §6 parameter formulas, by hand: D input features, u units, f filters, k kernel.
describe('recurrent params by the layer-math formulas', () => {
  test.each([
    ['SimpleRNN', { units: 7 }, [null, 4, 9], '3.15.1', 7 * (9 + 7 + 1)],
    ['LSTM', { units: 6 }, [null, null, 5], '3.15.1', 4 * 6 * (5 + 6 + 1)],
    ['GRU', { units: 4, reset_after: true }, [null, 3, 2], '3.15.1', 3 * 4 * (2 + 4 + 2)],
    ['GRU', { units: 4, reset_after: false }, [null, 3, 2], '3.15.1', 3 * 4 * (2 + 4 + 1)],
    ['GRU', { units: 4, use_bias: false }, [null, 3, 2], '3.15.1', 3 * 4 * (2 + 4)],
    ['ConvLSTM1D', { filters: 3, kernel_size: 2 }, [null, 4, 6, 5], '3.15.1', 4 * 3 * (2 * (5 + 3) + 1)],
    ['ConvLSTM3D', { filters: 2, kernel_size: [1, 2, 3] }, [null, 2, 4, 4, 4, 3], '3.15.1', 4 * 2 * (6 * (3 + 2) + 1)],
  ] as const)('%s %j on %j (Keras %s) → %d', (cls, cfg, shape, version, params) => {
    expect(oneLayer(cls, { ...cfg }, [[...shape]], version).params).toBe(params);
  });

  // The default of reset_after: absent from standalone Keras 2.0–2.3 configs, where GRU had one bias
  // row; Keras 3 configs always write it (default True).
  test.each([
    ['2.2.4', [12]],
    ['3.15.1', [2, 12]],
  ] as const)('GRU without reset_after in a Keras %s config: bias %j', (version, bias) => {
    const facts = oneLayer('GRU', { units: 4 }, [[null, 3, 2]], version);
    expect(facts.weights!.find((v) => v.name.endsWith('bias'))!.shape).toEqual(bias);
  });

  test('cell weights carry the cell scope only in Keras 3', () => {
    expect(oneLayer('LSTM', { units: 2 }, [[null, 3, 2]], '3.15.1').weights!.map((v) => v.name)).toEqual([
      'lstm_cell/kernel', 'lstm_cell/recurrent_kernel', 'lstm_cell/bias',
    ]);
    expect(oneLayer('LSTM', { units: 2 }, [[null, 3, 2]], '2.2.4').weights!.map((v) => v.name)).toEqual([
      'kernel', 'recurrent_kernel', 'bias',
    ]);
  });

  test('a sequence input of rank 2 is refused with the layer named', () => {
    expect(oneLayer('LSTM', { units: 2 }, [[null, 3]]).problem).toMatch(/layer "target" \(LSTM\).*rank 3/);
  });
});

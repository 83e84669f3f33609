import { describe, expect, test } from 'vitest';
import { analyzeConfig, keras3Cases, oneLayer } from './model-harness.js';
import { tfl, tfjsFacts, tfjsJson } from './tfjs-models.js';

describe('wrappers vs real Keras 3 (fixtures/keras3-layers-b.json)', () => {
  test.each(keras3Cases(['Bidirectional', 'TimeDistributed']).map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(analyzeConfig(c.model)).toEqual(c.layers);
  });
});

describe('wrappers vs tfjs-layers (Keras 2)', () => {
  const rnnLayer = (returnSequences = false, returnState = false) =>
    tfl.layers.lstm({ units: 3, returnSequences, returnState, name: 'lstm' }) as tfl.RNN;
  test.each([
    ['concat', false],
    ['sum', true],
    ['mul', false],
    ['ave', true],
    [null, false],
    [null, true],
  ] as const)('Bidirectional(LSTM) merge_mode=%s return_sequences=%s', (mode, returnSequences) => {
    const x = tfl.input({ shape: [6, 4] });
    const out = tfl.layers.bidirectional({ layer: rnnLayer(returnSequences), mergeMode: mode as never, name: 'bi' }).apply(x);
    const model = tfl.model({ inputs: x, outputs: out as tfl.SymbolicTensor[] });
    expect(analyzeConfig(tfjsJson(model))).toEqual(tfjsFacts(model));
  });

  test.each(['concat', null] as const)('Bidirectional(LSTM, return_state) merge_mode=%s: outputs, forward states, backward states', (mode) => {
    const x = tfl.input({ shape: [6, 4] });
    const out = tfl.layers.bidirectional({ layer: rnnLayer(false, true), mergeMode: mode as never, name: 'bi' }).apply(x);
    const model = tfl.model({ inputs: x, outputs: out as tfl.SymbolicTensor[] });
    expect(analyzeConfig(tfjsJson(model))).toEqual(tfjsFacts(model));
  });

  test.each([
    ['Dense', () => tfl.layers.dense({ units: 5 }), [7, 3]],
    ['Conv2D', () => tfl.layers.conv2d({ filters: 2, kernelSize: 3 }), [4, 8, 8, 3]],
    ['Flatten', () => tfl.layers.flatten(), [4, 3, 2]],
    ['Sequential', () => tfl.sequential({ layers: [tfl.layers.dense({ units: 4, inputShape: [3] }), tfl.layers.dense({ units: 2 })] }), [6, 3]],
  ] as const)('TimeDistributed(%s)', (_, inner, shape) => {
    const m = tfl.sequential();
    m.add(tfl.layers.inputLayer({ inputShape: [...shape] }));
    m.add(tfl.layers.timeDistributed({ layer: inner() as tfl.layers.Layer }));
    expect(analyzeConfig(tfjsJson(m))).toEqual(tfjsFacts(m));
  });
});

// layer-math.md §6.1 by hand: Bidirectional = 2× the inner params, concat doubles the last axis.
describe('wrappers by the layer-math rules', () => {
  const gru = (config: Record<string, unknown>) => ({ class_name: 'GRU', config: { name: 'gru', units: 4, ...config } });
  test.each([
    ['concat', { merge_mode: 'concat' }, [null, 8]],
    ['missing merge_mode → concat', {}, [null, 8]],
    ['sum', { merge_mode: 'sum' }, [null, 4]],
    ['None', { merge_mode: null }, [[null, 4], [null, 4]]],
  ] as const)('Bidirectional(GRU(4)) %s → %j', (_, cfg, out) => {
    const facts = oneLayer('Bidirectional', { ...cfg, layer: gru({}) }, [[null, 5, 3]]);
    expect(facts.output_shape).toEqual(out);
    expect(facts.params).toBe(2 * 3 * 4 * (3 + 4 + 2));
  });

  test('Keras 2 prefixes an explicit backward_layer; Keras 3 keeps its name', () => {
    const cfg = { layer: gru({}), backward_layer: gru({ name: 'back', go_backwards: true }) };
    const names = (v: string) => oneLayer('Bidirectional', cfg, [[null, 5, 3]], v).weights!.map((x) => x.name.split('/')[0]);
    expect(new Set(names('2.15.0'))).toEqual(new Set(['forward_gru', 'backward_back']));
    expect(new Set(names('3.15.1'))).toEqual(new Set(['forward_gru', 'back']));
  });

  test('an unknown merge_mode is refused with the key named', () => {
    expect(oneLayer('Bidirectional', { merge_mode: 'max', layer: gru({}) }, [[null, 5, 3]]).problem).toMatch(/merge_mode/);
  });

  test('TimeDistributed scopes inner weights under the inner name only in Keras 3', () => {
    const cfg = { layer: { class_name: 'Dense', config: { name: 'proj', units: 2 } } };
    expect(oneLayer('TimeDistributed', cfg, [[null, 4, 3]], '3.15.1').weights!.map((x) => x.name)).toEqual(['proj/kernel', 'proj/bias']);
    expect(oneLayer('TimeDistributed', cfg, [[null, 4, 3]], '2.15.0').weights!.map((x) => x.name)).toEqual(['kernel', 'bias']);
  });
});

// Functional graphs in the Keras 3 form: several inputs and outputs, a layer shared by two calls,
// nested Sequential and Functional models as layers; broken graphs are refused with a coded error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readModel, summarize } from '../../src/index.js';
import { normalize } from '../../src/normalize/index.js';
import { analyzeModel } from '../../src/graph/analyze.js';
import { layerRows } from '../../src/graph/rows.js';
import type { RawModel } from '../../src/readers/types.js';

const fx = (name: string) => join(__dirname, '../../fixtures/keras3', name);

describe('functional_multi.keras (real Keras 3)', async () => {
  const model = await readModel(fx('functional_multi.keras'));
  const expected = JSON.parse(readFileSync(fx('functional_multi.expected.json'), 'utf8'));
  const rows = new Map(summarize(model).layers.map((l) => [l.name, l]));

  test('inputs, outputs and row order are Keras\'', () => {
    expect(model.graph.inputs.map((r) => r.layer)).toEqual(['a', 'b']);
    expect(model.graph.outputs.map((r) => r.layer)).toEqual(['out1', 'out2']);
    expect([...rows.keys()]).toEqual(expected.layers.map((l: { name: string }) => l.name));
  });

  test('the shared layer: one weight set, two calls', () => {
    const shared = model.analysis.byName.get('shared')!;
    expect(shared.node.calls.map((c) => c.inputs[0].layer)).toEqual(['a', 'b']);
    expect(shared.callOutputs).toEqual([[null, 3], [null, 3]]);
    expect(shared.weights!.map((w) => w.shape)).toEqual([[4, 3], [3]]);
    // out2 consumes the second call of `shared`.
    expect(model.graph.layers.find((l) => l.name === 'out2')!.calls[0].inputs).toEqual([{ layer: 'shared', node: 1, tensor: 0 }]);
  });

  test.each(['a', 'b', 'shared', 'inner_seq', 'inner_fn', 'out2'])('%s has Keras\' shape and params', (name) => {
    const e = expected.layers.find((l: { name: string }) => l.name === name);
    expect([rows.get(name)!.output_shape, rows.get(name)!.params]).toEqual([e.output_shape, e.params]);
  });

  test('nested models can be expanded into their own rows', () => {
    const expanded = layerRows(model.analysis, { expandNested: true });
    expect(expanded.filter((r) => r.depth === 1).map((r) => r.name)).toEqual(['inner_dense', 'ix', 'fn_dense']);
  });
});

describe('broken graphs', () => {
  const raw = (config: unknown): RawModel => ({ format: 'keras-json', file: 'x.json', config, kerasVersion: '3.6.0', meta: {} });
  const tensor = (layer: string) => ({ class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: [layer, 0, 0] } });
  const dense = (name: string, from: string) => ({
    module: 'keras.layers', class_name: 'Dense', name, config: { name, units: 2 }, registered_name: null,
    inbound_nodes: [{ args: [tensor(from)], kwargs: {} }],
  });
  const input = { module: 'keras.layers', class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_shape: [null, 2] }, inbound_nodes: [] };
  const functional = (layers: unknown[]) => ({ module: 'keras.src.models.functional', class_name: 'Functional', config: { name: 'f', layers, input_layers: ['x', 0, 0], output_layers: ['d2', 0, 0] } });

  test('an unknown inbound layer name', () => {
    expect(() => normalize(raw(functional([input, dense('d1', 'x'), dense('d2', 'ghost')])))).toThrow(expect.objectContaining({ code: 'E_BAD_CONFIG', message: expect.stringContaining('"ghost"') }));
  });

  test('a cycle', () => {
    const model = normalize(raw(functional([input, dense('d1', 'd2'), dense('d2', 'd1')])));
    expect(() => analyzeModel(model, 'x.json')).toThrow(expect.objectContaining({ code: 'E_BAD_CONFIG', message: expect.stringContaining('cycle') }));
  });

  test.each([1, 1.5, -1])('a reference to call %s of a layer called once', (node) => {
    const d2 = dense('d2', 'd1');
    (d2.inbound_nodes[0].args[0].config.keras_history as unknown[])[1] = node;
    const model = normalize(raw(functional([input, dense('d1', 'x'), d2])));
    expect(() => analyzeModel(model, 'x.json')).toThrow(expect.objectContaining({ code: 'E_BAD_CONFIG', message: expect.stringContaining(`call ${node} of "d1"`) }));
  });

  test('a subclassed model without a layer list', () => {
    expect(() => normalize(raw({ module: null, class_name: 'VAE', config: {}, registered_name: 'VAE' }))).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
  });

  test('a layer listed twice under one shared_object_id counts its weights once', () => {
    const shared = { ...dense('d1', 'x'), shared_object_id: 42 };
    const inner = { module: 'keras', class_name: 'Sequential', name: 'seq', config: { name: 'seq', layers: [{ ...input, name: 'x2', config: { name: 'x2', batch_shape: [null, 2] } }, shared] }, inbound_nodes: [{ args: [tensor('d1')], kwargs: {} }] };
    const model = analyzeModel(normalize(raw({ ...functional([input, shared, inner]), config: { name: 'f', layers: [input, shared, inner], input_layers: ['x', 0, 0], output_layers: ['seq', 0, 0] } })));
    const s = summarize({ ...model, raw: raw(null) });
    expect(s.layers.find((l) => l.name === 'seq')!.params).toBe(6);
    expect(s.total_params).toBe(6);
  });
});

test('Keras 3 names a nested model\'s weights by the scope that built them (variable.path below its first part)', async () => {
  for (const name of ['functional_multi', 'functional_nested_output']) {
    const expected = JSON.parse(readFileSync(fx(`${name}.expected.json`), 'utf8'));
    const s = summarize(await readModel(fx(`${name}.keras`)));
    for (const e of expected.layers) {
      const ours = s.layers.find((l) => l.name === e.name)!;
      if (!ours.weights) continue;
      expect(ours.weights.map((w) => w.name), e.name).toEqual(e.weight_paths.map((p: string) => (['Sequential', 'Functional'].includes(e.class_name) ? p.split('/').slice(1).join('/') : p.split('/').pop())));
    }
  }
});

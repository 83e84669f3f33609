import { describe, expect, test } from 'vitest';
import { buildModelGraph } from '../../src/normalize/graph-builder.js';

const input = (name: string) => ({ name, class_name: 'InputLayer', config: { name, batch_input_shape: [null, 3] }, inbound_nodes: [] });
const kt = (layer: string, node = 0, tensor = 0) => ({ class_name: '__keras_tensor__', config: { shape: [null, 3], keras_history: [layer, node, tensor] } });

function callsOf(layer: Record<string, unknown>, inputs: string[], outputs: unknown = [['target', 0, 0]]) {
  const graph = buildModelGraph({
    class_name: 'Functional',
    config: { name: 'm', layers: [...inputs.map(input), { name: 'target', class_name: 'Dense', config: { name: 'target' }, ...layer }], input_layers: inputs.map((n) => [n, 0, 0]), output_layers: outputs },
  }, 'test.json', 'keras3');
  return graph;
}

describe('tensors passed as call arguments', () => {
  test('Keras 3: positional args first, then keyword tensors tagged with their keyword', () => {
    const g = callsOf({ inbound_nodes: [{ args: [kt('q'), kt('v')], kwargs: { key: kt('k'), return_attention_scores: true } }] }, ['q', 'v', 'k']);
    const call = g.layers.at(-1)!.calls[0];
    expect(call.inputs.map((r) => r.layer)).toEqual(['q', 'v', 'k']);
    expect(call.inputKeywords).toEqual([null, null, 'key']);
    expect(call.kwargs).toEqual({ key: kt('k'), return_attention_scores: true });
  });

  test('Keras 3: a list of initial states under one keyword', () => {
    const g = callsOf({ inbound_nodes: [{ args: [kt('x')], kwargs: { initial_state: [kt('h'), kt('c')] } }] }, ['x', 'h', 'c']);
    expect(g.layers.at(-1)!.calls[0].inputKeywords).toEqual([null, 'initial_state', 'initial_state']);
  });

  test('tf.keras: kwargs on the first-argument entry name tensors as [layer, node, tensor]', () => {
    const kwargs = { value: ['v', 0, 0], key: ['k', 0, 0], return_attention_scores: false, training: null };
    const g = callsOf({ inbound_nodes: [[['q', 0, 0, kwargs]]] }, ['q', 'v', 'k']);
    const call = g.layers.at(-1)!.calls[0];
    expect(call.inputs.map((r) => r.layer)).toEqual(['q', 'v', 'k']);
    expect(call.inputKeywords).toEqual([null, 'value', 'key']);
    expect(call.kwargs).toEqual(kwargs);
  });

  test('Keras 3 nested output structures are flattened in order', () => {
    const g = callsOf({ inbound_nodes: [{ args: [kt('x')], kwargs: {} }] }, ['x'], [['target', 0, 0], [['target', 0, 1]], [['target', 0, 2], ['target', 0, 3]]]);
    expect(g.outputs.map((r) => r.tensor)).toEqual([0, 1, 2, 3]);
  });
});

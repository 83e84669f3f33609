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

  // Keyword tensors follow in tf.nest.flatten order (keys sorted): a tf.keras 2.15 notebook printed
  // MultiHeadAttention(x, value=x, key=x, attention_mask=m) as connected to x, m, x, x (corpus khuonghtran).
  test('tf.keras: kwargs on the first-argument entry name tensors as [layer, node, tensor], keys sorted', () => {
    const kwargs = { value: ['v', 0, 0], key: ['k', 0, 0], return_attention_scores: false, attention_mask: ['m', 0, 0], training: null };
    const g = callsOf({ inbound_nodes: [[['q', 0, 0, kwargs]]] }, ['q', 'v', 'k', 'm']);
    const call = g.layers.at(-1)!.calls[0];
    expect(call.inputs.map((r) => r.layer)).toEqual(['q', 'm', 'k', 'v']);
    expect(call.inputKeywords).toEqual([null, 'attention_mask', 'key', 'value']);
    expect(call.kwargs).toEqual(kwargs);
  });

  // tf.keras 2.4-2.15 Node.serialize for a TFOpLambda (`_preserve_input_structure_in_config`).
  test('tf.keras TFOpLambda: a single first argument is the entry itself, its kwargs may hold a tensor', () => {
    const g = callsOf({ inbound_nodes: [['x', 0, 0, { y: ['y', 0, 0], name: null }]] }, ['x', 'y']);
    const call = g.layers.at(-1)!.calls[0];
    expect(call.inputs.map((r) => r.layer)).toEqual(['x', 'y']);
    expect(call.inputKeywords).toEqual([null, 'y']);
    expect(call.constants).toBeUndefined();
  });

  test('tf.keras TFOpLambda: a list first argument (tf.concat) is a list of entries', () => {
    const g = callsOf({ inbound_nodes: [[['a', 0, 0, { axis: -1 }], ['b', 0, 0, { axis: -1 }]]] }, ['a', 'b']);
    const call = g.layers.at(-1)!.calls[0];
    expect(call.inputs.map((r) => r.layer)).toEqual(['a', 'b']);
    expect(call.kwargs).toEqual({ axis: -1 });
  });

  test('tf.keras TFOpLambda: a constant first argument (1.0 - x) is kept by position, not as an input', () => {
    const g = callsOf({ inbound_nodes: [['_CONSTANT_VALUE', -1, 1.0, { y: ['x', 0, 0], name: null }]] }, ['x']);
    const call = g.layers.at(-1)!.calls[0];
    expect(call.inputs.map((r) => r.layer)).toEqual(['x']);
    expect(call.inputKeywords).toEqual(['y']);
    expect(call.constants).toEqual([{ index: 0, value: 1.0 }]);
  });

  test('tf.keras: a constant that looks like a list of numbers is not a tensor reference', () => {
    const g = callsOf({ inbound_nodes: [['x', 0, 0, { y: [[0.0], [0.5]], name: null }]] }, ['x']);
    expect(g.layers.at(-1)!.calls[0].inputs.map((r) => r.layer)).toEqual(['x']);
  });

  test('Keras 3 nested output structures are flattened in order', () => {
    const g = callsOf({ inbound_nodes: [{ args: [kt('x')], kwargs: {} }] }, ['x'], [['target', 0, 0], [['target', 0, 1]], [['target', 0, 2], ['target', 0, 3]]]);
    expect(g.outputs.map((r) => r.tensor)).toEqual([0, 1, 2, 3]);
  });
});

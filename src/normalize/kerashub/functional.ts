// Writing the Functional config a KerasHub model builds in its constructor: the layer list in the
// Keras 3 `to_json()` form (`inbound_nodes: [{args, kwargs}]`, tensors as `__keras_tensor__`), so
// the one graph builder reads it like any Functional model a file stores.
import type { JsonObject } from '../config-access.js';

export type Tensor = JsonObject;

/** Output `tensor` of call `node` of `layer`, as a Keras 3 config refers to it. */
export function tensor(layer: string, node = 0, index = 0): Tensor {
  return { class_name: '__keras_tensor__', config: { keras_history: [layer, node, index] } };
}

export interface FunctionalBuilder {
  layers: JsonObject[];
  /** a layer called once on `args` (and tensors or values in `kwargs`); returns its output tensor */
  call(className: string, name: string, config: JsonObject, args: unknown[], kwargs?: JsonObject, registeredName?: string): Tensor;
  /** the layer `name` (made by `call`) called again: a shared layer's next node */
  callAgain(name: string, args: unknown[], kwargs?: JsonObject): Tensor;
  /**
   * a keras.ops operation recorded as a layer on `args` (module `keras.src.ops.numpy`, its
   * constructor arguments in `config`, no dtype policy: as Keras serializes one)
   */
  op(className: string, name: string, args: unknown[], config?: JsonObject): Tensor;
  input(name: string, batchShape: (number | null)[], dtype: string): Tensor;
  /** `layer`, an entry of a nested model's list, listed here too and called on `args` (the same object: its shared_object_id) */
  share(layer: JsonObject, args: unknown[], kwargs?: JsonObject): Tensor;
  /** a model (its serialized envelope, e.g. a backbone inside a task) called once on `args` */
  nest(envelope: JsonObject, name: string, args: unknown[]): Tensor;
  /** the Functional envelope: name, layers, inputs and outputs */
  model(name: string, inputs: Tensor[], outputs: Tensor[]): JsonObject;
}

/** `dtype`: the model's dtype policy, which KerasHub passes to every layer it makes. */
export function functionalBuilder(dtype: unknown): FunctionalBuilder {
  const layers: JsonObject[] = [];
  const history = (t: Tensor) => (t.config as { keras_history: unknown[] }).keras_history;
  return {
    layers,
    call(className, name, config, args, kwargs = {}, registeredName) {
      layers.push({
        class_name: className,
        config: { name, trainable: true, ...(dtype !== undefined ? { dtype } : {}), ...config },
        ...(registeredName ? { registered_name: registeredName } : {}),
        name,
        inbound_nodes: [{ args, kwargs }],
      });
      return tensor(name);
    },
    callAgain(name, args, kwargs = {}) {
      const nodes = layers.find((l) => l.name === name)!.inbound_nodes as JsonObject[];
      nodes.push({ args, kwargs });
      return tensor(name, nodes.length - 1);
    },
    op(className, name, args, config = {}) {
      layers.push({ module: 'keras.src.ops.numpy', class_name: className, config: { name, ...config }, registered_name: className, name, inbound_nodes: [{ args, kwargs: {} }] });
      return tensor(name);
    },
    share(layer, args, kwargs = {}) {
      layers.push({ ...layer, inbound_nodes: [{ args, kwargs }] });
      return tensor(String(layer.name));
    },
    nest(envelope, name, args) {
      layers.push({ ...envelope, name, inbound_nodes: [{ args, kwargs: {} }] });
      return tensor(name);
    },
    input(name, batchShape, inputDtype) {
      layers.push({ class_name: 'InputLayer', config: { name, batch_shape: batchShape, dtype: inputDtype, sparse: false }, name, inbound_nodes: [] });
      return tensor(name);
    },
    model(name, inputs, outputs) {
      const ordered = kerasLayerOrder(layers, inputs.map((t) => String(history(t)[0])), outputs.map(history));
      return { name, trainable: true, layers: ordered, input_layers: inputs.map(history), output_layers: outputs.map(history) };
    },
  };
}

type NodeKey = string;
const nodeKey = (layer: string, node: number): NodeKey => `${layer}\u0000${node}`;
const layerOf = (key: NodeKey) => key.split('\u0000')[0];
const nodeOf = (key: NodeKey) => Number(key.split('\u0000')[1]);

/** The nodes a layer's call `node` consumed, in the order of its arguments then keywords. */
function parentsOf(layer: JsonObject, node: number): NodeKey[] {
  const out: NodeKey[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      const o = v as JsonObject;
      if (o.class_name === '__keras_tensor__') {
        const [name, from] = (o.config as { keras_history: unknown[] }).keras_history;
        out.push(nodeKey(String(name), Number(from)));
      } else Object.values(o).forEach(visit);
    }
  };
  const call = (layer.inbound_nodes as { args?: unknown; kwargs?: unknown }[] | undefined)?.[node];
  if (call) {
    visit(call.args);
    visit(call.kwargs);
  }
  return out;
}

/**
 * `model.layers` as Keras 3 orders a Functional model's operations (ops/function.py map_graph):
 * a depth-first walk from the outputs over the calls (nodes) numbers the layers as it first meets
 * them; each node's depth is its longest distance to an output, a layer's the deepest of its
 * nodes; layers come by decreasing depth, ties in walk order; inputs the walk does not reach come
 * first among depth 0.
 */
function kerasLayerOrder(layers: JsonObject[], inputs: string[], outputs: unknown[][]): JsonObject[] {
  const byName = new Map(layers.map((l) => [String(l.name), l]));
  const feeds = (name: string) => byName.get(name)?.class_name !== 'InputLayer' && !inputs.includes(name);
  const index = new Map<string, number>();
  const walk: NodeKey[] = [];
  // the walk with a stack of its own: a DenseNet of thousands of blocks is a chain deeper than the call stack
  const entered = new Set<NodeKey>();
  const stack: { key: NodeKey; parents: NodeKey[]; next: number }[] = [];
  const enter = (key: NodeKey) => {
    if (entered.has(key)) return;
    entered.add(key);
    const name = layerOf(key);
    if (!index.has(name)) index.set(name, index.size);
    const layer = byName.get(name);
    stack.push({ key, parents: layer && feeds(name) ? parentsOf(layer, nodeOf(key)) : [], next: 0 });
  };
  for (const [name, node] of outputs) {
    enter(nodeKey(String(name), Number(node)));
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.parents.length) enter(top.parents[top.next++]);
      else {
        stack.pop();
        walk.push(top.key);
      }
    }
  }
  const nodeDepth = new Map<NodeKey, number>();
  const depth = new Map<string, number>();
  for (const key of [...walk].reverse()) {
    const name = layerOf(key);
    const d = Math.max(nodeDepth.get(key) ?? 0, depth.get(name) ?? 0);
    nodeDepth.set(key, d);
    depth.set(name, d);
    const layer = byName.get(name);
    if (layer && feeds(name)) for (const p of parentsOf(layer, nodeOf(key))) nodeDepth.set(p, Math.max(d + 1, nodeDepth.get(p) ?? 0));
  }
  for (const name of inputs) {
    if (!depth.has(name)) {
      depth.set(name, 0);
      index.set(name, -1);
    }
  }
  return [...depth.keys()]
    .sort((a, b) => depth.get(b)! - depth.get(a)! || index.get(a)! - index.get(b)!)
    .map((name) => byName.get(name)!)
    .filter(Boolean);
}

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
  /** a keras.ops operation recorded as a layer (module `keras.src.ops.numpy`, as Keras serializes one) on `args` */
  op(className: string, name: string, args: unknown[]): Tensor;
  input(name: string, batchShape: (number | null)[], dtype: string): Tensor;
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
    op(className, name, args) {
      layers.push({ module: 'keras.src.ops.numpy', class_name: className, config: { name }, registered_name: className, name, inbound_nodes: [{ args, kwargs: {} }] });
      return tensor(name);
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
      const ordered = kerasLayerOrder(layers, inputs.map((t) => String(history(t)[0])), outputs.map((t) => String(history(t)[0])));
      return { name, trainable: true, layers: ordered, input_layers: inputs.map(history), output_layers: outputs.map(history) };
    },
  };
}

/** The layers a layer's (single) call consumed, in the order of its arguments then keywords. */
function parentsOf(layer: JsonObject): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      const o = v as JsonObject;
      if (o.class_name === '__keras_tensor__') out.push(String((o.config as { keras_history: unknown[] }).keras_history[0]));
      else Object.values(o).forEach(visit);
    }
  };
  const node = (layer.inbound_nodes as { args?: unknown; kwargs?: unknown }[] | undefined)?.[0];
  if (node) {
    visit(node.args);
    visit(node.kwargs);
  }
  return out;
}

/**
 * `model.layers` as Keras 3 orders a Functional model's operations (ops/function.py map_graph):
 * a depth-first walk from the outputs numbers the layers, each layer's depth is its longest
 * distance to an output, and layers come by decreasing depth, ties in walk order; inputs the walk
 * does not reach come first among depth 0.
 */
function kerasLayerOrder(layers: JsonObject[], inputs: string[], outputs: string[]): JsonObject[] {
  const byName = new Map(layers.map((l) => [String(l.name), l]));
  const index = new Map<string, number>();
  const finished = new Set<string>();
  const walk: string[] = [];
  const helper = (name: string) => {
    if (finished.has(name)) return;
    if (!index.has(name)) index.set(name, index.size);
    const layer = byName.get(name);
    if (layer && layer.class_name !== 'InputLayer' && !inputs.includes(name)) parentsOf(layer).forEach(helper);
    finished.add(name);
    walk.push(name);
  };
  outputs.forEach(helper);
  const depth = new Map<string, number>();
  for (const name of [...walk].reverse()) {
    const d = depth.get(name) ?? 0;
    depth.set(name, d);
    const layer = byName.get(name);
    if (layer && layer.class_name !== 'InputLayer') for (const p of parentsOf(layer)) depth.set(p, Math.max(d + 1, depth.get(p) ?? 0));
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

// The model as Keras 3 serializes it (`config.json` of a .keras archive, keras-formats.md §5.3):
// `{module, class_name, config, registered_name}` objects, DTypePolicy dtypes, an explicit InputLayer,
// and `{args, kwargs}` inbound nodes with `__keras_tensor__` references. Keras 3 refuses any config
// key its layer constructors do not take, so every key is checked against the constructor arguments
// recorded from Keras 3 (keras3-params.ts); keys that only tuned Keras 2's execution are dropped
// with a note, anything else is refused.
import type { LoadedModel } from '../graph/load.js';
import { tensorOf } from '../graph/analyze.js';
import type { LayerAnalysis, ModelAnalysis } from '../graph/types.js';
import { declaredInputShape, dialectFor } from '../normalize/dialects.js';
import { isObject, type JsonObject } from '../normalize/config-access.js';
import type { Dialect, IoStructure, LayerCall, LayerNode, ModelGraph, TensorRef } from '../normalize/types.js';
import { ioTree } from '../normalize/io-structure.js';
import { parseDtypePolicy } from '../normalize/dtype-policy.js';
import { keras1Object, keras3DTypePolicy, keras3Object, objectKind } from './config-values.js';
import { KERAS3_LAYER_PARAMS } from './keras3-params.js';
import { isKerasOperation, KERAS3_CLASS_ALIASES } from '../normalize/keras3.js';
import { layerRef, refuse } from './refuse.js';
import { lookupTable } from '../types/lookup.js';

/** The name `keras.layers` exports a class under, where it differs (GroupedQueryAttention is exported as GroupQueryAttention). */
const EXPORTED_NAME: Readonly<Record<string, string>> = lookupTable(Object.fromEntries(Object.entries(KERAS3_CLASS_ALIASES).map(([exported, cls]) => [cls, exported])));

export interface Keras3Options {
  notes: string[];
}

/** Keras 2 keys Keras 3 no longer takes that only chose how Keras 2 ran or where the input shape sat. */
const DROPPABLE: Readonly<Record<string, { when: (v: unknown) => boolean; why: string }>> = {
  implementation: { when: () => true, why: 'a Keras 2 choice of RNN kernel, not part of the model' },
  time_major: { when: (v) => v === false, why: 'false is what Keras 3 does' },
  input_length: { when: () => true, why: 'the sequence length is carried by the model input shape' },
  batch_input_shape: { when: () => true, why: 'the input shape is carried by the InputLayer' },
  batch_size: { when: () => true, why: 'the input shape is carried by the InputLayer' },
  input_dim: { when: () => true, why: 'the input shape is carried by the InputLayer' },
  input_shape: { when: () => true, why: 'the input shape is carried by the InputLayer' },
  fused: { when: () => true, why: 'a Keras 2 choice of BatchNormalization kernel' },
  virtual_batch_size: { when: (v) => v === null, why: 'it is off' },
  adjustment: { when: (v) => v === null, why: 'it is off' },
  W_learning_rate_multiplier: { when: (v) => v === null, why: 'it is off' },
  b_learning_rate_multiplier: { when: (v) => v === null, why: 'it is off' },
  ragged: { when: (v) => v === false, why: 'it is off' },
  groups: { when: (v) => v === 1, why: 'one group is what Keras 3 does' },
  // tf.keras 2.x MultiHeadAttention's record of the shapes it was built on (Keras 3 keeps build_config)
  query_shape: { when: () => true, why: 'the shapes it was built on are carried by build_config' },
  key_shape: { when: () => true, why: 'the shapes it was built on are carried by build_config' },
  value_shape: { when: () => true, why: 'the shapes it was built on are carried by build_config' },
};

/**
 * Options Keras 3.15 still takes through `**kwargs` although its constructor no longer names them
 * (so they are not in KERAS3_LAYER_PARAMS): LayerNormalization pops `rms_scaling`, deprecated.
 */
const KWARGS_OPTIONS: Readonly<Record<string, readonly string[]>> = lookupTable({ LayerNormalization: ['rms_scaling'] });

export function keras3ModelConfig(model: LoadedModel, opts: Keras3Options): JsonObject {
  return modelObject(model.graph, model.analysis, model.raw.file, opts, model.graph.name);
}

function inputLayerObject(name: string, shape: unknown, dtype: string): JsonObject {
  return { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: shape, dtype, sparse: false, name }, registered_name: null };
}

function modelObject(g: ModelGraph, analysis: ModelAnalysis | undefined, file: string, opts: Keras3Options, name: string): JsonObject {
  const dtype = keras3DTypePolicy('float32');
  if (g.sequential) {
    const layers: JsonObject[] = [];
    let buildShape: unknown = null;
    for (const l of g.layers) {
      if (l.className === 'InputLayer') {
        const shape = declaredInputShape(l.config);
        if (shape) {
          layers.push(inputLayerObject(l.name, shape, l.dtype));
          buildShape = shape;
        }
        continue;
      }
      layers.push(layerObject(l, analysis, file, g.dialect, opts));
    }
    return {
      module: 'keras',
      class_name: 'Sequential',
      config: { name, trainable: true, dtype, layers },
      registered_name: null,
      ...(buildShape ? { build_config: { input_shape: buildShape } } : {}),
    };
  }
  const byName = new Map(g.layers.map((l) => [l.name, l]));
  const ioTriple = (ref: TensorRef) => {
    const target = byName.get(ref.layer);
    return [ref.layer, ref.node + (target ? dialectFor('keras3').nodeOffset(target, 'model-io') : 0), ref.tensor];
  };
  const tensor = (ref: TensorRef) => {
    const src = analysis?.byName.get(ref.layer);
    const shape = src ? tensorOf(src.callOutputs[src.node.className === 'InputLayer' ? 0 : ref.node] ?? null, ref.tensor) : null;
    return { class_name: '__keras_tensor__', config: { shape, dtype: src?.node.dtype ?? 'float32', keras_history: [ref.layer, ref.node, ref.tensor] } };
  };
  const layers = g.layers.map((l) => {
    const obj =
      l.className === 'InputLayer'
        ? inputLayerObject(l.name, declaredInputShape(l.config) ?? null, l.dtype)
        : layerObject(l, analysis, file, g.dialect, opts);
    const inbound = l.calls.map((call) => {
      const stored = storedArgs(l, call, g.dialect, tensor, file);
      const positional: unknown[] = [];
      const kwargs: JsonObject = {};
      for (const [k, v] of Object.entries(call.kwargs ?? {})) {
        if (isObject(v) || Array.isArray(v)) continue;
        kwargs[k] = v;
      }
      call.inputs.forEach((ref, i) => {
        const keyword = call.inputKeywords?.[i] ?? null;
        if (keyword === null) positional.push(tensor(ref));
        else kwargs[keyword] = tensor(ref);
      });
      // A Keras 3 call with several positional tensors (MultiHeadAttention(query, value)) keeps them
      // apart; otherwise several inputs are the one list a merge layer takes (Add([a, b])).
      const apart = Array.isArray(call.args) && call.args.length > 1;
      return { args: stored ?? (positional.length === 1 || apart ? positional : [positional]), kwargs };
    });
    return { ...obj, name: l.name, inbound_nodes: inbound };
  });
  // dict and nested inputs/outputs keep their structure (keys included)
  const io = (refs: TensorRef[], s: IoStructure | undefined) => (s !== undefined ? ioTree(s, refs, ioTriple) : refs.length === 1 ? ioTriple(refs[0]) : refs.map(ioTriple));
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: { name, trainable: true, layers, input_layers: io(g.inputs, g.inputStructure), output_layers: io(g.outputs, g.outputStructure) },
    registered_name: 'Functional',
    build_config: { input_shape: null },
  };
}

/**
 * Keras 3 operations saved as layers (`x != 0` is NotEqual of keras.src.ops.numpy, `x[:, 0]` GetItem):
 * no `keras.layers` class, so Keras 3 finds them by their module, which a Keras 3 file records.
 */
const isOpLayer = (l: LayerNode, dialect: Dialect) => dialect === 'keras3' && isKerasOperation(l.origin.module);

/**
 * An op layer's positional arguments as the file stores them, tensors and constants (`x != 0`'s 0,
 * GetItem's key), each tensor written as the reference the converted graph has for it.
 */
function storedArgs(l: LayerNode, call: LayerCall, dialect: Dialect, tensor: (ref: TensorRef) => JsonObject, file: string): unknown[] | undefined {
  if (!isOpLayer(l, dialect) || !Array.isArray(call.args)) return undefined;
  const positional = call.inputs.filter((_, i) => !call.inputKeywords?.[i]);
  let next = 0;
  const render = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(render);
    if (!isObject(v)) return v;
    if (v.class_name === '__keras_tensor__') {
      const ref = positional[next++];
      if (!ref) throw refuse(file, `${layerRef(l)}: its call's tensors do not match the tensors it takes`);
      return tensor(ref);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, render(x)]));
  };
  const args = call.args.map(render);
  if (next !== positional.length) throw refuse(file, `${layerRef(l)}: its call's tensors do not match the tensors it takes`);
  return args;
}

function layerObject(l: LayerNode, analysis: ModelAnalysis | undefined, file: string, dialect: Dialect, opts: Keras3Options): JsonObject {
  if (l.model) {
    const inner = analysis?.byName.get(l.name)?.inner;
    return modelObject(l.model, inner, file, opts, l.name);
  }
  if (isOpLayer(l, dialect)) {
    const raw = l.origin.raw as JsonObject;
    const config = isObject(raw.config) ? raw.config : {};
    return { module: l.origin.module!, class_name: l.origin.className, config: { ...config, name: l.name }, registered_name: l.origin.registeredName ?? l.origin.className };
  }
  return { ...serializedLayer(l.className, l.name, l.config, dialect, file, opts), ...buildConfig(l, analysis?.byName.get(l.name), dialect) };
}

/**
 * What Keras 3 records of how the layer was built: the file's own record when it is a Keras 3 file
 * (an RNN called with an initial state records `shapes_dict`, not an input shape), else the shapes
 * of its first call's positional inputs (keyword inputs such as `initial_state` are not built on).
 */
function buildConfig(l: LayerNode, a: LayerAnalysis | undefined, dialect: Dialect): { build_config?: JsonObject } {
  const raw = l.origin.raw;
  if (dialect === 'keras3' && isObject(raw) && isObject(raw.build_config)) return { build_config: raw.build_config };
  const keywords = l.calls[0]?.inputKeywords;
  const input = a?.callInputs[0]?.filter((_, i) => !keywords?.[i]);
  return input && input.length > 0 ? { build_config: { input_shape: input.length === 1 ? input[0] : input } } : {};
}

/** One layer (or a wrapped inner layer) as a Keras 3 object, keys checked against Keras 3's constructor. */
function serializedLayer(className: string, name: string, raw: JsonObject, dialect: Dialect, file: string, opts: Keras3Options): JsonObject {
  const ref = layerRef({ name, className });
  if (className === 'Merge') throw refuse(file, `${ref}: a Keras 1 Merge with a function or lambda mode has no Keras 3 layer`);
  if (className === 'Lambda') throw refuse(file, `${ref}: a Lambda layer's Python code cannot be carried into Keras 3 (kerascope never re-serializes code)`);
  const params = KERAS3_LAYER_PARAMS[className];
  if (!params) throw refuse(file, `${ref}: Keras 3 has no ${className} layer`);
  const config: JsonObject = {};
  for (const [k, v0] of Object.entries(raw)) {
    let v = v0;
    if (dialect === 'keras1') {
      v = keras1Object(k, v0);
      if (v === undefined) throw refuse(file, `${ref}: option "${k}" (${JSON.stringify(v0).slice(0, 60)}) has no Keras 3 form`);
    }
    if (!params.includes(k) && !KWARGS_OPTIONS[className]?.includes(k)) {
      const drop = DROPPABLE[k];
      if (drop && drop.when(v)) {
        if (!['batch_input_shape', 'batch_size', 'input_dim', 'input_shape'].includes(k)) opts.notes.push(`${ref}: option "${k}" left out (${drop.why})`);
        continue;
      }
      throw refuse(file, `${ref}: option "${k}" = ${JSON.stringify(v).slice(0, 60)} has no Keras 3 counterpart`);
    }
    if (k === 'dtype') {
      config.dtype = dialect === 'keras3' && isObject(v) ? v : keras3DTypePolicy(parseDtypePolicy(v)?.name ?? 'float32');
      continue;
    }
    if ((k === 'layer' || k === 'backward_layer') && isObject(v) && typeof v.class_name === 'string' && isObject(v.config)) {
      const innerName = typeof v.config.name === 'string' ? v.config.name : `${name}_${k}`;
      config[k] = serializedLayer(v.class_name, innerName, v.config, dialect, file, opts);
      continue;
    }
    // tf.keras 2.x writes BatchNormalization's axis as a list; Keras 3 takes one int
    if (className === 'BatchNormalization' && k === 'axis' && Array.isArray(v)) {
      if (v.length !== 1) throw refuse(file, `${ref}: option "axis" = ${JSON.stringify(v)} (several axes) has no Keras 3 counterpart`);
      config.axis = v[0];
      continue;
    }
    const kind = objectKind(k);
    if (kind) {
      const r = keras3Object(kind, v);
      if ('problem' in r) throw refuse(file, `${ref}: option "${k}": ${r.problem}`);
      if (r.dropped.length) opts.notes.push(`${ref}: option "${k}" keeps its class, without ${r.dropped.join(', ')} (not taken by Keras 3)`);
      config[k] = r.value;
      continue;
    }
    config[k] = v;
  }
  config.name = name;
  return { module: 'keras.layers', class_name: EXPORTED_NAME[className] ?? className, config, registered_name: null };
}

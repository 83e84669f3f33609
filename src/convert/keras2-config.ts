// The model as a Keras 2 `model.to_json()` config (the dialect tf.keras 2.x and tfjs-layers read):
// Sequential as `{name, layers}` with the input shape on the first layer, functional models as
// `Model` with `[layer, node, tensor, kwargs]` inbound nodes. Keras 1 configs arrive already renamed
// by normalize (nb_filter → filters, …); Keras 3 objects are written back in the Keras 2 form.
import type { LoadedModel } from '../graph/load.js';
import { analyzeModel } from '../graph/analyze.js';
import type { LayerAnalysis, ModelAnalysis } from '../graph/types.js';
import { fmt } from '../layers/shape-math.js';
import { isShapeList } from '../types/shape.js';
import { declaredInputShape, dialectFor } from '../normalize/dialects.js';
import { isObject, type JsonObject } from '../normalize/config-access.js';
import type { Dialect, LayerNode, ModelGraph, TensorRef } from '../normalize/types.js';
import { keras1Object, toKeras2Value } from './config-values.js';
import { parseDtypePolicy, quantizationWithin } from '../normalize/dtype-policy.js';
import { layerRef, refuse } from './refuse.js';
import { TFJS_BATCHLESS_CLASSES, TFJS_DTYPES } from './tfjs-classes.js';
import { TFJS_LAYER_CLASSES } from '../audit/security/tfjs-classes.js';
import { lookupTable } from '../types/lookup.js';

export interface Keras2Options {
  /** refuse what TensorFlow.js cannot load */
  tfjs: boolean;
  notes: string[];
}

/**
 * Keras 3 keys with no Keras 2 counterpart that are dropped when they hold the value that means "off"
 * (or, as `quantization_config`, are inert: Keras reads it only to build a layer its dtype policy
 * quantizes, and a quantized layer is refused before these keys are looked at).
 */
const KERAS3_ONLY: Readonly<Record<string, (v: unknown) => boolean>> = {
  lora_rank: (v) => v === null || v === undefined,
  lora_alpha: (v) => v === null || v === undefined,
  quantization_config: () => true,
  optional: (v) => v === false,
  synchronized: (v) => v === false,
  autocast: (v) => v === true,
  seed: () => true,
  use_cudnn: () => true,
};

/** The version a Keras 2 config says wrote it when its source was not Keras 2: the last Keras 2 (tf.keras 2.15). */
const KERAS2_VERSION = '2.15.0';

export function keras2ModelConfig(model: LoadedModel, opts: Keras2Options): JsonObject {
  const file = model.raw.file;
  if (opts.tfjs) {
    tfjsGraphLimits(model.analysis, file);
    tfjsDroppedOptions(model, file);
  }
  const envelope = modelEnvelope(model.graph, file, opts);
  // A Keras 1 or 3 version on a Keras 2 config would tell readers to take its layer keys and node
  // numbers as that Keras writes them (Keras 3 counts a nested model's calls from 0, Keras 2 from 1).
  const keras2 = model.graph.dialect === 'keras2' || model.graph.dialect === 'tfjs';
  return { ...envelope, keras_version: (keras2 && model.kerasVersion) || KERAS2_VERSION, backend: model.backend ?? 'tensorflow' };
}

function modelEnvelope(g: ModelGraph, file: string, opts: Keras2Options): JsonObject {
  if (g.sequential) {
    const [input, ...rest] = g.layers[0]?.className === 'InputLayer' ? g.layers : [undefined, ...g.layers];
    const layers = rest.map((l, i) => {
      const obj: JsonObject = { class_name: l!.className, config: layerConfig(l!, file, g.dialect, opts) };
      const shape = input ? declaredInputShape(input.config) : undefined;
      if (i === 0 && shape && !l!.model) {
        (obj.config as JsonObject).batch_input_shape = shape;
        (obj.config as JsonObject).dtype ??= input!.dtype;
      }
      return obj;
    });
    return { class_name: 'Sequential', config: { name: g.name, layers } };
  }
  const byName = new Map(g.layers.map((l) => [l.name, l]));
  // Keras 2 numbers a nested model's calls after its own first node, as normalize read them.
  const offset = (ref: TensorRef) => {
    const target = byName.get(ref.layer);
    return target ? dialectFor('keras2').nodeOffset(target, 'call') : 0;
  };
  const triple = (ref: TensorRef) => [ref.layer, ref.node + offset(ref), ref.tensor];
  const layers = g.layers.map((l) => ({
    name: l.name,
    class_name: l.className,
    config: layerConfig(l, file, g.dialect, opts),
    inbound_nodes: l.calls.map((call) => {
      const kwargs: JsonObject = {};
      for (const [k, v] of Object.entries(call.kwargs ?? {})) if (v !== null && !containsTensor(v) && !Array.isArray(v)) kwargs[k] = toKeras2Value(v);
      const positional: unknown[][] = [];
      const byKeyword = new Map<string, unknown[][]>();
      call.inputs.forEach((ref, i) => {
        const keyword = call.inputKeywords?.[i] ?? null;
        // tfjs-layers loads an RNN's initial states only as extra positional inputs, as tf.keras' RNN
        // passes them on to its Layer.__call__ (a state keyword would not load)
        if (keyword === null || (opts.tfjs && keyword === 'initial_state')) positional.push([...triple(ref), kwargs]);
        else byKeyword.set(keyword, [...(byKeyword.get(keyword) ?? []), triple(ref)]);
      });
      // a keyword holding several tensors (an LSTM's two states) as the list tf.keras serializes
      for (const [keyword, refs] of byKeyword) kwargs[keyword] = refs.length === 1 ? refs[0] : refs;
      return positional;
    }),
  }));
  return {
    class_name: 'Model',
    config: { name: g.name, layers, input_layers: g.inputs.map(triple), output_layers: g.outputs.map(triple) },
  };
}

function containsTensor(v: unknown): boolean {
  return JSON.stringify(v ?? null).includes('__keras_tensor__');
}

function layerConfig(l: LayerNode, file: string, dialect: Dialect, opts: Keras2Options): JsonObject {
  if (l.model) {
    const inner = modelEnvelope(l.model, file, opts);
    return { ...(inner.config as JsonObject), name: l.name };
  }
  if (l.className === 'Merge') throw refuse(file, `${layerRef(l)}: a Keras 1 Merge with a function or lambda mode has no Keras 2 layer`);
  const target = opts.tfjs ? 'TensorFlow.js' : 'Keras 2';
  const quantization = quantizationWithin(l.config.dtype, l.name);
  if (quantization) throw refuse(file, `${layerRef(l)}: it is quantized (${quantization.mode}), which ${target} cannot express`);
  if (l.config.lora_rank) throw refuse(file, `${layerRef(l)}: it has LoRA (lora_rank ${JSON.stringify(l.config.lora_rank)}), which ${target} cannot express`);
  if (opts.tfjs) {
    if (l.className === 'Lambda') throw refuse(file, `${layerRef(l)}: TensorFlow.js cannot run Python code (Lambda layers)`);
    if (!TFJS_LAYER_CLASSES.has(l.className)) throw refuse(file, `${layerRef(l)}: TensorFlow.js layers has no ${l.className} layer`);
    if (!TFJS_DTYPES.has(l.dtype)) throw refuse(file, `${layerRef(l)}: dtype ${parseDtypePolicy(l.config.dtype)?.name ?? l.dtype} cannot be expressed in TensorFlow.js`);
  }
  if (opts.tfjs) {
    const why = tfjsConfigLimit(l.className, l.config);
    if (why) throw refuse(file, `${layerRef(l)}: ${why}`);
  }
  const config: JsonObject = {};
  for (const [k, v] of Object.entries(l.config)) {
    if (dialect === 'keras1') {
      const fixed = keras1Object(k, v);
      if (fixed === undefined) throw refuse(file, `${layerRef(l)}: option "${k}" (${JSON.stringify(v).slice(0, 60)}) has no Keras 2 form`);
      config[k] = fixed;
    } else if (dialect === 'keras3') {
      if (k in KERAS3_ONLY) {
        if (KERAS3_ONLY[k](v)) continue;
        throw refuse(file, `${layerRef(l)}: option "${k}" = ${JSON.stringify(v)} has no Keras 2 counterpart`);
      }
      if (k === 'batch_shape') config.batch_input_shape = v;
      else if (k === 'dtype' && isObject(v)) {
        const name = parseDtypePolicy(v)?.name;
        config.dtype = name && name.startsWith('mixed_') ? { class_name: 'Policy', config: { name } } : name;
      } else config[k] = toKeras2Value(v);
    } else config[k] = v;
  }
  config.name = l.name;
  if (!opts.tfjs) return config;
  const named = tfjsNames(config) as JsonObject;
  tfjsActivations(named, (name) => refuse(file, `${layerRef(l)}: TensorFlow.js has no activation "${name}"`));
  return named;
}

/**
 * Activations tfjs-layers registers, by the Keras names it reads them from (it camel-cases
 * `hard_sigmoid` and `log_softmax`); Keras 3's `silu` is its `swish` (x·sigmoid(x)).
 */
const TFJS_ACTIVATIONS = new Set(['elu', 'selu', 'relu', 'relu6', 'linear', 'sigmoid', 'hard_sigmoid', 'softplus', 'softsign', 'tanh', 'softmax', 'log_softmax', 'gelu', 'mish', 'swish']);
const TFJS_ACTIVATION_ALIASES: Readonly<Record<string, string>> = lookupTable({ silu: 'swish' });
const ACTIVATION_KEYS = new Set(['activation', 'recurrent_activation']);

/** Renames or refuses, in place, every activation a config (and the layers it wraps) names. */
function tfjsActivations(v: unknown, refuseName: (name: string) => Error, depth = 0): void {
  if (depth > 64 || (!isObject(v) && !Array.isArray(v))) return;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string' && ACTIVATION_KEYS.has(k)) {
      const name = TFJS_ACTIVATION_ALIASES[x] ?? x;
      if (!TFJS_ACTIVATIONS.has(name)) throw refuseName(x);
      (v as JsonObject)[k] = name;
    } else tfjsActivations(x, refuseName, depth + 1);
  }
}

/**
 * What tfjs-layers cannot build from a saved model although it has the classes: a Flatten behind a
 * dimension of unknown size (it needs every dimension). Nested models' layers are checked too.
 */
function tfjsGraphLimits(analysis: ModelAnalysis, file: string): void {
  for (const a of analysis.layers) {
    if (a.inner) tfjsGraphLimits(a.inner, file);
    if (a.node.className === 'Flatten') {
      const unknown = a.callInputs.find((inputs) => inputs?.some((shape) => shape.slice(1).some((d) => d === null)));
      if (unknown) throw refuse(file, `${layerRef(a.node)}: TensorFlow.js Flatten needs every input dimension known, and this input is ${fmt(unknown[0])}`);
    }
  }
}

/**
 * Options tfjs-layers reads nothing of, refused only where dropping them changes what Keras built:
 * a transposed convolution's output_padding gives the output length of its default (None) for some
 * kernels and strides, not for others. The model is analyzed again without the options and each
 * layer's outputs compared (a layer wrapping one that sets them, and nested models', included).
 */
const TFJS_DROPPED_OPTIONS: Readonly<Record<string, string>> = lookupTable({
  output_padding: 'TensorFlow.js transposed convolutions have no output_padding',
});

function tfjsDroppedOptions(model: LoadedModel, file: string): void {
  const keys = Object.keys(TFJS_DROPPED_OPTIONS).filter((k) => graphSets(model.graph, k));
  if (!keys.length) return;
  const without = analyzeModel({ ...model, graph: graphWithout(model.graph, keys) }).analysis;
  const changed = firstChanged(model.analysis, without);
  if (!changed) return;
  const [a, b] = changed;
  const key = keys.find((k) => setsAnywhere(a.node.config, k)) ?? keys[0];
  const value = JSON.stringify(valueAnywhere(a.node.config, key));
  throw refuse(file, `${layerRef(a.node)}: ${TFJS_DROPPED_OPTIONS[key]} (${key}=${value} makes its output ${fmtOutputs(a.callOutputs)}, without it ${fmtOutputs(b.callOutputs)})`);
}

function fmtOutputs(outs: LayerAnalysis['callOutputs']): string {
  return outs.map((o) => (o === null ? '?' : isShapeList(o) ? o.map(fmt).join(', ') : fmt(o))).join('; ');
}

/** The first layer (nested models' too) whose outputs differ between two analyses of the same graph. */
function firstChanged(a: ModelAnalysis, b: ModelAnalysis): [LayerAnalysis, LayerAnalysis] | undefined {
  for (const [i, la] of a.layers.entries()) {
    const lb = b.layers[i];
    if (la.inner && lb.inner) {
      const inner = firstChanged(la.inner, lb.inner);
      if (inner) return inner;
    }
    if (JSON.stringify(la.callOutputs) !== JSON.stringify(lb.callOutputs)) return [la, lb];
  }
  return undefined;
}

function graphSets(g: ModelGraph, key: string): boolean {
  return g.layers.some((l) => setsAnywhere(l.config, key) || (l.model !== undefined && graphSets(l.model, key)));
}

function graphWithout(g: ModelGraph, keys: string[]): ModelGraph {
  return { ...g, layers: g.layers.map((l) => ({ ...l, config: without(l.config, keys) as JsonObject, ...(l.model ? { model: graphWithout(l.model, keys) } : {}) })) };
}

/** A config (and the configs it wraps) without `keys`. */
function without(v: unknown, keys: string[], depth = 0): unknown {
  if (depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => without(x, keys, depth + 1));
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !keys.includes(k)).map(([k, x]) => [k, without(x, keys, depth + 1)]));
}

/** The non-null value of `key` in a config or a config it wraps. */
function valueAnywhere(v: unknown, key: string, depth = 0): unknown {
  if (depth > 64 || (!isObject(v) && !Array.isArray(v))) return undefined;
  if (isObject(v) && v[key] != null) return v[key];
  for (const x of Object.values(v)) {
    const hit = valueAnywhere(x, key, depth + 1);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

const setsAnywhere = (v: unknown, key: string) => valueAnywhere(v, key) !== undefined;

/**
 * What tfjs-layers cannot load from a layer's config, or would build with other shapes: options it
 * reads nothing of, and layers whose output shape it works out without the batch axis. Each gives
 * the reason to refuse, or undefined.
 */
const TFJS_CONFIG_LIMITS: readonly ((className: string, c: JsonObject) => string | undefined)[] = [
  (cls, c) => ((cls === 'GRU' || cls === 'GRUCell') && c.reset_after === true ? 'TensorFlow.js GRU has no reset_after=True (the Keras 2.x/3 default)' : undefined),
  (cls, c) => (cls.startsWith('Conv') && typeof c.groups === 'number' && c.groups > 1 ? `TensorFlow.js convolutions have no groups (groups=${c.groups})` : undefined),
  (cls, c) => (cls.startsWith('Global') && c.keepdims === true ? 'TensorFlow.js global pooling has no keepdims=True' : undefined),
  // tfjs-layers loads it, works out the output shape of 'valid', and throws NotImplementedError when run
  (_cls, c) => (c.padding === 'causal' ? "TensorFlow.js convolutions have no padding='causal' (tfjs-layers loads it but cannot run it)" : undefined),
  (cls) => (TFJS_BATCHLESS_CLASSES.has(cls) ? `TensorFlow.js ${cls} works out its output shape without the batch axis, so no layer after it can be built` : undefined),
];

/** The first TFJS_CONFIG_LIMITS reason for a layer's config or a config it wraps (`layer`, `cell`, `cells`, …). */
function tfjsConfigLimit(className: string, config: JsonObject, depth = 0): string | undefined {
  for (const limit of TFJS_CONFIG_LIMITS) {
    const why = limit(className, config);
    if (why) return why;
  }
  if (depth > 16) return undefined;
  // wrapped one by one (`layer`, `cell`) or in a list (StackedRNNCells' `cells`)
  for (const v of Object.values(config).flatMap((x) => (Array.isArray(x) ? x : [x]))) {
    if (!isObject(v) || typeof v.class_name !== 'string' || !isObject(v.config)) continue;
    const why = tfjsConfigLimit(v.class_name, v.config, depth + 1);
    if (why) return why;
  }
  return undefined;
}

/** Keras 3 class names tfjs-layers does not register, as the Keras 2 classes it does. */
function tfjsNames(v: unknown, depth = 0): unknown {
  if (depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => tfjsNames(x, depth + 1));
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = tfjsNames(x, depth + 1);
  if (typeof out.class_name === 'string' && isObject(out.config)) {
    const c = out.config;
    if (out.class_name === 'OrthogonalInitializer') out.class_name = 'Orthogonal';
    if (out.class_name === 'IdentityInitializer') out.class_name = 'Identity';
    if (out.class_name === 'L2') return { class_name: 'L1L2', config: { l1: 0, l2: c.l2 ?? 0.01 } };
    if (out.class_name === 'L1') return { class_name: 'L1L2', config: { l1: c.l1 ?? 0.01, l2: 0 } };
  }
  return out;
}

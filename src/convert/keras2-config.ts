// The model as a Keras 2 `model.to_json()` config (the dialect tf.keras 2.x and tfjs-layers read):
// Sequential as `{name, layers}` with the input shape on the first layer, functional models as
// `Model` with `[layer, node, tensor, kwargs]` inbound nodes. Keras 1 configs arrive already renamed
// by normalize (nb_filter → filters, …); Keras 3 objects are written back in the Keras 2 form.
import type { LoadedModel } from '../graph/load.js';
import { declaredInputShape, dialectFor } from '../normalize/dialects.js';
import { isObject, type JsonObject } from '../normalize/config-access.js';
import type { Dialect, LayerNode, ModelGraph, TensorRef } from '../normalize/types.js';
import { keras1Object, toKeras2Value } from './config-values.js';
import { parseDtypePolicy, quantizationWithin } from '../normalize/dtype-policy.js';
import { layerRef, refuse } from './refuse.js';
import { TFJS_DTYPES } from './tfjs-classes.js';
import { tfjsConfigLimit, tfjsModelLimits } from './tfjs-limits.js';
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
  if (opts.tfjs) tfjsModelLimits(model, file);
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

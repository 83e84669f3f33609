// What TensorFlow.js cannot load, build as Keras did, or run, although tfjs-layers has the classes:
// each found gives the reason the tfjs target refuses the layer (tfjs-layers is the consumer that
// bears each one out: test/conformance/tfjs-refusals.mjs).
import { analyzeModel } from '../graph/analyze.js';
import type { LoadedModel } from '../graph/load.js';
import type { LayerAnalysis, ModelAnalysis } from '../graph/types.js';
import { fmt } from '../layers/shape-math.js';
import { isObject, type JsonObject } from '../normalize/config-access.js';
import type { ModelGraph } from '../normalize/types.js';
import { isShapeList } from '../types/shape.js';
import { lookupTable } from '../types/lookup.js';
import { layerRef, refuse } from './refuse.js';
import { TFJS_BATCHLESS_CLASSES } from './tfjs-classes.js';

/** Refuses what of the model's graph (all its layers, nested models' too) tfjs cannot take. */
export function tfjsModelLimits(model: LoadedModel, file: string): void {
  tfjsGraphLimits(model.analysis, file);
  tfjsDroppedOptions(model, file);
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
  const dropped = analyzeModel({ ...model, graph: graphWithout(model.graph, keys) }).analysis;
  const changed = firstChanged(model.analysis, dropped);
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
export function tfjsConfigLimit(className: string, config: JsonObject, depth = 0): string | undefined {
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

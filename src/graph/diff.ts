// Structural difference of two analyzed models, whatever their formats: layers matched by name,
// then renames (same class, config, shapes and params under another name), then per layer the
// class, the config keys that shape the computation, output shapes, params, connections and the
// stored tensors' shapes. Nested models are compared layer by layer under `outer/inner` names.
// The result is JSON-shaped as `kerascope diff --format json` prints it (schemas/diff.schema.json).
import { LayerConfig } from '../layers/config.js';
import { parseDtypePolicy } from '../normalize/dtype-policy.js';
import type { StoredTensor } from '../readers/types.js';
import type { OutputShape } from '../types/shape.js';
import { modelTotals } from './stats.js';
import type { AnalyzedModel, LayerAnalysis, ModelAnalysis } from './types.js';
import { convertedLegacyLayout } from '../normalize/keras1-weights.js';

export interface DiffSide {
  file: string;
  format?: string;
  name: string;
  class_name: string;
  keras_version?: string;
  total_params: number;
  /** the file stores weights (a bare config does not) */
  stored_weights: boolean;
}

export type ChangeField = 'model_name' | 'class_name' | 'config' | 'dtype' | 'trainable' | 'output_shape' | 'params' | 'inbound' | 'stored' | 'inputs' | 'outputs';

export interface Change {
  field: ChangeField;
  /** the config key, for `config` changes */
  key?: string;
  /** absent: the key or value does not exist on that side */
  before?: unknown;
  after?: unknown;
  /** a difference in what the model computes or stores (exit status 1); training settings and names are not */
  structural: boolean;
}

export type TensorStatus = 'identical' | 'changed' | 'shape_differs' | 'missing' | 'unreadable';

/** One stored tensor compared by value (`--values`). */
export interface TensorDiff {
  /** the weight's name in the second file */
  weight: string;
  status: TensorStatus;
  /** largest |a - b| over the values (NaN in both counts as equal; NaN in one as a difference) */
  max_abs_diff?: number;
  /** values that differ */
  differing?: number;
  count?: number;
  note?: string;
}

export type LayerStatus = 'same' | 'changed' | 'added' | 'removed' | 'renamed';

export interface LayerDiff {
  status: LayerStatus;
  /** the name in the second model (the first, for a removed layer); nested layers as `outer/inner` */
  name: string;
  /** the name in the first model, for a renamed layer */
  previous_name?: string;
  class_name: string;
  output_shape?: OutputShape | null;
  params?: number | null;
  changes: Change[];
  /** with --values: the stored tensors compared by value */
  weights?: TensorDiff[];
}

export interface ModelDiff {
  a: DiffSide;
  b: DiffSide;
  /** differences of the model itself: its name, input and output shapes */
  model: Change[];
  /** every layer of either model, in the second model's order with removed layers where they were */
  layers: LayerDiff[];
  counts: { same: number; changed: number; added: number; removed: number; renamed: number };
  /** some difference changes what the model computes or stores */
  structural: boolean;
  /** stored tensors were compared by value */
  values_compared: boolean;
  /** with --values: tensors by outcome */
  values?: { identical: number; changed: number; not_compared: number };
}

/** A model as the diff needs it: the analysis and, when the file stores them, its tensors per layer. */
export interface DiffInput {
  model: AnalyzedModel;
  file: string;
  format?: string;
  stored?: Map<string, StoredTensor[]>;
}

/**
 * Config keys that do not change what a layer computes or stores: names, training-time settings
 * (initializers, regularizers, constraints, seeds), how a recurrent layer is run (`implementation`,
 * `unroll`: the same function, computed another way) and what the shapes already say. `trainable`
 * and `dtype` are compared on their own.
 */
const IGNORED_KEY = /^(name|trainable|dtype|batch_input_shape|batch_shape|input_shape|input_dtype|build_config|seed|sparse|ragged|implementation|unroll)$|_(initializer|regularizer|constraint)$/;

export function diffModels(a: DiffInput, b: DiffInput): ModelDiff {
  const model: Change[] = [];
  const ga = a.model.analysis.graph;
  const gb = b.model.analysis.graph;
  pushIfDiffers(model, 'model_name', ga.name, gb.name, false);
  pushIfDiffers(model, 'inputs', inputShapes(a.model.analysis), inputShapes(b.model.analysis));
  pushIfDiffers(model, 'outputs', a.model.analysis.outputs, b.model.analysis.outputs);

  const majors: KerasMajors = [a.model.kerasMajor, b.model.kerasMajor];
  const layers = diffLayers(a.model.analysis, b.model.analysis, '', majors, a.stored, b.stored);
  return assembleDiff(side(a), side(b), model, layers);
}

/** The diff record from the model's and the layers' changes: counts and whether any is structural. */
export function assembleDiff(a: DiffSide, b: DiffSide, model: Change[], layers: LayerDiff[]): ModelDiff {
  const counts = { same: 0, changed: 0, added: 0, removed: 0, renamed: 0 };
  for (const l of layers) counts[l.status]++;
  const structural = model.some((c) => c.structural) || layers.some((l) => l.status === 'added' || l.status === 'removed' || l.status === 'renamed' || l.changes.some((c) => c.structural));
  return { a, b, model, layers, counts, structural, values_compared: false };
}

function side(d: DiffInput): DiffSide {
  const g = d.model.analysis.graph;
  return {
    file: d.file,
    ...(d.format ? { format: d.format } : {}),
    name: g.name,
    class_name: g.className,
    ...(d.model.kerasVersion ? { keras_version: d.model.kerasVersion } : {}),
    total_params: modelTotals(d.model.analysis).total,
    stored_weights: d.stored !== undefined,
  };
}

function inputShapes(m: ModelAnalysis): unknown[] {
  return m.graph.inputs.map((ref) => m.byName.get(ref.layer)?.callOutputs[0] ?? null);
}

/** A `config` change per key whose values differ, keys sorted; a side without the key has no before/after. */
export function configChanges(ca: Record<string, unknown>, cb: Record<string, unknown>): Change[] {
  const out: Change[] = [];
  for (const key of [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort()) {
    if (canonical(ca[key]) === canonical(cb[key])) continue;
    out.push({ field: 'config', key, ...(key in ca ? { before: ca[key] } : {}), ...(key in cb ? { after: cb[key] } : {}), structural: true });
  }
  return out;
}

export function pushIfDiffers(out: Change[], field: ChangeField, before: unknown, after: unknown, structural = true): void {
  if (canonical(before) !== canonical(after)) out.push({ field, before, after, structural });
}

/** Layers Keras lists (a Sequential's implicit InputLayer is not one). */
const listed = (m: ModelAnalysis) => m.layers.filter((l) => !l.node.implicit);

function diffLayers(ma: ModelAnalysis, mb: ModelAnalysis, prefix: string, majors: KerasMajors, storedA?: Map<string, StoredTensor[]>, storedB?: Map<string, StoredTensor[]>): LayerDiff[] {
  const la = listed(ma);
  const lb = listed(mb);
  const byNameA = new Map(la.map((l) => [l.node.name, l]));
  const pairOf = new Map<LayerAnalysis, LayerAnalysis>(); // b → a
  const paired = new Set<LayerAnalysis>();
  for (const b of lb) {
    const a = byNameA.get(b.node.name);
    if (a) {
      pairOf.set(b, a);
      paired.add(a);
    }
  }
  // Renames: an unpaired layer of b whose class, config, shapes and params equal an unpaired one of a.
  const unpairedA = la.filter((l) => !paired.has(l));
  for (const b of lb) {
    if (pairOf.has(b)) continue;
    const key = identity(b);
    const a = unpairedA.find((x) => !paired.has(x) && identity(x) === key);
    if (a) {
      pairOf.set(b, a);
      paired.add(a);
    }
  }
  const renamed = new Map<string, string>(); // a name → b name
  for (const [b, a] of pairOf) if (a.node.name !== b.node.name) renamed.set(a.node.name, b.node.name);

  const out: LayerDiff[] = [];
  const indexA = new Map(la.map((l, i) => [l, i]));
  let nextA = 0;
  const flushRemoved = (upTo: number) => {
    for (; nextA < upTo; nextA++) {
      const a = la[nextA];
      if (!paired.has(a)) out.push({ status: 'removed', name: prefix + a.node.name, class_name: a.node.className, ...shapeAndParams(a), changes: [] });
    }
  };
  // Layers added between two matched ones follow the layers removed there.
  let added: LayerDiff[] = [];
  for (const b of lb) {
    const a = pairOf.get(b);
    if (!a) {
      added.push({ status: 'added', name: prefix + b.node.name, class_name: b.node.className, ...shapeAndParams(b), changes: [] });
      continue;
    }
    flushRemoved(indexA.get(a)! + 1);
    out.push(...added);
    added = [];
    const changes = layerChanges(ma, mb, a, b, renamed, majors, storedA?.get(a.node.name), storedB?.get(b.node.name));
    const status: LayerStatus = a.node.name !== b.node.name ? 'renamed' : changes.length ? 'changed' : 'same';
    out.push({
      status,
      name: prefix + b.node.name,
      ...(status === 'renamed' ? { previous_name: prefix + a.node.name } : {}),
      class_name: b.node.className,
      ...shapeAndParams(b),
      changes,
    });
    if (a.inner && b.inner) out.push(...diffLayers(a.inner, b.inner, `${prefix}${b.node.name}/`, majors));
  }
  flushRemoved(la.length);
  out.push(...added);
  return out;
}

function shapeAndParams(l: LayerAnalysis): { output_shape: OutputShape | null; params: number | null } {
  const outs = l.callOutputs;
  return { output_shape: outs.length ? (outs[outs.length - 1] ?? null) : null, params: paramsOf(l) };
}

function paramsOf(l: LayerAnalysis): number | null {
  return l.weights ? l.weights.reduce((n, w) => n + w.shape.reduce((x, y) => x * y, 1), 0) : null;
}

/** What must agree for two differently named layers to be the same layer renamed. */
function identity(l: LayerAnalysis): string {
  return canonical([l.node.className, l.node.model ? null : comparableConfig(l), l.callOutputs, paramsOf(l)]);
}

function layerChanges(ma: ModelAnalysis, mb: ModelAnalysis, a: LayerAnalysis, b: LayerAnalysis, renamed: Map<string, string>, majors: KerasMajors, storedA?: StoredTensor[], storedB?: StoredTensor[]): Change[] {
  const out: Change[] = [];
  if (a.node.className !== b.node.className) out.push({ field: 'class_name', before: a.node.className, after: b.node.className, structural: true });
  else if (!a.node.model && !b.node.model) {
    // The same class: compare the keys its computation depends on, with Keras' defaults filled in.
    out.push(...configChanges(comparableConfig(a), comparableConfig(b)));
  }
  // the policy, not only the variable dtype: mixed precision and quantization (int8_from_float32) are changes
  pushIfDiffers(out, 'dtype', policyName(a), policyName(b));
  pushIfDiffers(out, 'trainable', a.node.trainable, b.node.trainable, false);
  pushIfDiffers(out, 'output_shape', a.callOutputs, b.callOutputs);
  pushIfDiffers(out, 'params', paramsOf(a), paramsOf(b));
  // A Sequential's first layer reads an implicit input whose generated name says nothing.
  const inbound = (l: LayerAnalysis, m: ModelAnalysis, map?: Map<string, string>) =>
    l.node.calls.map((c) => c.inputs.filter((r) => !m.byName.get(r.layer)?.node.implicit).map((r) => [map?.get(r.layer) ?? r.layer, r.node, r.tensor]));
  pushIfDiffers(out, 'inbound', inbound(a, ma, renamed), inbound(b, mb));
  if (storedA && storedB) {
    const shapes = (ts: StoredTensor[]) => ts.map((t) => t.shape);
    // A Keras 1 layout that Keras converts on load is the same weights stored another way.
    const same = canonical(loadedShapes(a, storedA, majors[0])) === canonical(loadedShapes(b, storedB, majors[1]));
    pushIfDiffers(out, 'stored', shapes(storedA), shapes(storedB), !same);
  }
  return out;
}

function policyName(l: LayerAnalysis): string {
  return parseDtypePolicy(l.node.config.dtype)?.name ?? l.node.dtype;
}

/** each side's Keras major version, which says what legacy layouts its loader converts */
type KerasMajors = readonly [1 | 2 | 3, 1 | 2 | 3];

/** The shapes Keras loads a layer's stored tensors as: legacy layouts converted (keras-formats.md §2.6). */
function loadedShapes(l: LayerAnalysis, stored: StoredTensor[], kerasMajor: 1 | 2 | 3): number[][] {
  const shapes = stored.map((t) => t.shape);
  if (l.weights && convertedLegacyLayout(l.node, l.weights.map((w) => w.shape), shapes, kerasMajor)) return l.weights.map((w) => w.shape);
  return shapes;
}

/** The config keys that matter, Keras' defaults applied; dtype policies reduced to their names. */
function comparableConfig(l: LayerAnalysis): Record<string, unknown> {
  const all = new LayerConfig(l.node.name, l.node.className, l.node.config, l.spec?.defaults).toObject();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    if (IGNORED_KEY.test(k) || v === undefined) continue;
    out[k] = normalizeValue(v);
  }
  return out;
}

/** Nested serialized objects compare by their meaningful parts (dtype policies by name). */
function normalizeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.class_name === 'string' && /^(\w*DTypePolicy|Policy)$/.test(o.class_name)) return parseDtypePolicy(o)?.name;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) {
    if (k === 'module' || k === 'registered_name' || IGNORED_KEY.test(k) || x === undefined) continue;
    out[k] = normalizeValue(x);
  }
  return out;
}

/** JSON with sorted keys, so that equal values give equal strings. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : x,
  );
}

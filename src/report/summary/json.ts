// The summary JSON contract (schemas/summary.schema.json). Other tools and later commands read it.
import type { AnalyzedModel } from '../../graph/types.js';
import { convertedLegacyLayout } from '../../normalize/keras1-weights.js';
import { layerRows, type LayerRow } from '../../graph/rows.js';
import { modelTotals } from '../../graph/stats.js';
import type { OutputShape, WeightSpec } from '../../types/shape.js';
import type { IoStructure, TensorRef } from '../../normalize/types.js';
import { ioTree, type IoTree } from '../../normalize/io-structure.js';
import type { StoredTensor, WeightStore } from '../../readers/types.js';
import { modelCost, type LayerCostRow, type ModelCost } from '../../graph/cost.js';
import { countValues } from '../../graph/storage-tree.js';

export interface SummaryLayerJson {
  name: string;
  class_name: string;
  /** shape of the layer's last call (Keras 3 shows the last call of a shared layer); null = unknown */
  output_shape: OutputShape | null;
  params: number | null;
  weights: WeightSpec[] | null;
  /** layers feeding it, over all calls, without repeats */
  inbound: string[];
  /** set when the class is not one we know, or a shape could not be computed */
  problem?: string;
  unknown_class?: boolean;
  /** params and weights are the file's stored tensors: the config could not tell them (custom class, unknown input shape) */
  params_from_storage?: boolean;
  /** the tensors the file stores for this layer, when weights were read */
  stored?: StoredJson[];
  /** the stored tensors are in Keras 1's layout, which Keras 2 converts on load (how, in words) */
  stored_layout?: { keras: '1'; conversion: string };
  /** with cost: multiply-accumulates of all its calls for `cost.batch` samples (docs/cost.md); null = unknown */
  macs?: number | null;
  /** with cost: 2·macs plus bias adds, activations, normalization, pooling and merges */
  flops?: number | null;
  /** with cost: bytes of the tensors it outputs for `cost.batch` samples */
  activation_bytes?: number | null;
  /** with cost: bytes of its weights, at the stored dtype when the file stores them */
  weight_bytes?: number | null;
}

/** Model totals of the cost columns (docs/cost.md). */
export interface CostJson {
  batch: number;
  macs: number;
  flops: number;
  activation_bytes: number;
  weight_bytes: number;
  /** layers whose MACs or activation memory are unknown: the totals leave them out */
  unknown?: string[];
}

export interface SummaryJsonOptions {
  format?: string;
  weights?: WeightStore;
  /** add the cost keys, for `batch` samples */
  cost?: { batch: number };
}

export interface StoredJson {
  name: string;
  shape: number[];
  dtype: string;
}

export interface SummaryJson {
  name: string;
  class_name: string;
  layers: SummaryLayerJson[];
  /** a Functional model's dict or nested inputs/outputs, keys kept; leaves `[layer, call, output]` */
  inputs?: IoJson;
  outputs?: IoJson;
  total_params: number;
  trainable_params: number;
  non_trainable_params: number;
  total_bytes: number;
  keras_version?: string;
  backend?: string;
  format?: string;
  /** layers whose weights could not be computed: the totals leave them out */
  incomplete?: string[];
  /** values in the stored model weights (optimizer state excluded), when weights were read */
  stored_params?: number;
  /** values in the stored optimizer state */
  optimizer_params?: number;
  /** values in the stored metric state (tf.keras 2.13-2.15 `.keras`), which Keras does not count as model weights */
  metric_params?: number;
  /** with cost: the totals of the cost keys */
  cost?: CostJson;
}

export type IoJson = IoTree<[string, number, number]>;
const ioJson = (s: IoStructure, refs: readonly TensorRef[]): IoJson => ioTree(s, refs, (r) => [r.layer, r.node, r.tensor]);

export function summaryJson(model: AnalyzedModel, extra: SummaryJsonOptions = {}): SummaryJson {
  const t = modelTotals(model.analysis);
  const g = model.analysis.graph;
  const cost = extra.cost ? modelCost(model, extra.cost.batch) : undefined;
  return {
    name: g.name,
    class_name: g.className,
    ...(model.kerasVersion ? { keras_version: model.kerasVersion } : {}),
    ...(model.backend ? { backend: model.backend } : {}),
    ...(extra.format ? { format: extra.format } : {}),
    layers: layerRows(model.analysis).map((r) => layerJson(r, model.weightMatch?.byLayer, model, r.analysis && cost?.byLayer.get(r.analysis))),
    ...(g.inputStructure !== undefined ? { inputs: ioJson(g.inputStructure, g.inputs) } : {}),
    ...(g.outputStructure !== undefined ? { outputs: ioJson(g.outputStructure, g.outputs) } : {}),
    total_params: t.total,
    trainable_params: t.trainable,
    non_trainable_params: t.nonTrainable,
    total_bytes: t.totalBytes,
    ...(t.incomplete.length ? { incomplete: t.incomplete } : {}),
    ...(extra.weights ? { stored_params: storedParams(extra.weights), optimizer_params: countValues(extra.weights.optimizer) } : {}),
    ...(extra.weights ? metricParams(extra.weights) : {}),
    ...(cost ? { cost: costJson(cost) } : {}),
  };
}

function costJson({ totals: t }: ModelCost): CostJson {
  return {
    batch: t.batch,
    macs: t.macs,
    flops: t.flops,
    activation_bytes: t.activationBytes,
    weight_bytes: t.weightBytes,
    ...(t.unknown.length ? { unknown: t.unknown } : {}),
  };
}

/** Values in the model's stored weights: listed layers, stray groups and the model's own (metric state left out). */
export function storedParams(store: WeightStore): number {
  const groups = [...store.layers, ...store.unlisted, ...(store.topLevel ? [store.topLevel] : [])];
  return groups.reduce((n, l) => n + countValues(l.tensors), 0);
}

/** `metric_params`: values in the stored metric state, when the file keeps it apart (tf.keras 2.13-2.15 `.keras`). */
export function metricParams(store: WeightStore): { metric_params?: number } {
  return store.metrics ? { metric_params: store.metrics.reduce((n, l) => n + countValues(l.tensors), 0) } : {};
}

export function storedJson(t: StoredTensor): StoredJson {
  return { name: t.name, shape: t.shape, dtype: t.dtype };
}

function layerJson(r: LayerRow, stored: Map<string, StoredTensor[]> | undefined, model: AnalyzedModel, cost: LayerCostRow | undefined): SummaryLayerJson {
  const last = r.outputs.length ? r.outputs[r.outputs.length - 1] : null;
  const tensors = stored?.get(r.name);
  const node = model.analysis.byName.get(r.name)?.node;
  const legacy = node && r.weights && tensors ? convertedLegacyLayout(node, r.weights.map((w) => w.shape), tensors.map((t) => t.shape), model.kerasMajor) : null;
  const inbound = [...new Set(r.connections.flat().map(([l]) => l))];
  return {
    name: r.name,
    class_name: r.className,
    output_shape: last ?? null,
    params: r.params,
    // what the layer builds (the contract's keys); dtypes show in the bytes totals and `stored`, where
    // Keras 3 files keep each weight (objects) is the pairing's business
    weights: r.weights?.map(({ name, shape, trainable }) => ({ name, shape, trainable })) ?? null,
    inbound,
    ...(r.problem ? { problem: r.problem } : {}),
    ...(r.unknownClass ? { unknown_class: true } : {}),
    ...(r.analysis?.weightsFromStorage ? { params_from_storage: true } : {}),
    ...(stored ? { stored: (tensors ?? []).map(storedJson) } : {}),
    ...(legacy ? { stored_layout: { keras: '1' as const, conversion: legacy.conversion } } : {}),
    ...(cost ? { macs: cost.macs, flops: cost.flops, activation_bytes: cost.activationBytes, weight_bytes: cost.weightBytes } : {}),
  };
}

// Cost of a model beyond Keras' summary (docs/cost.md): per layer and in total, the MACs and FLOPs
// of its calls, the memory of the activations it outputs, and the memory of its weights at the
// dtype they are stored in. Per-call arithmetic comes from the layer families (LayerSpec.cost);
// this module only adds it up and scales it to a batch.
import type { LayerCost } from '../layers/types.js';
import { flopsOf } from '../layers/cost-math.js';
import type { StoredTensor } from '../readers/types.js';
import { isShapeList, sizeOf, type OutputShape } from '../types/shape.js';
import { parseDtypePolicy } from '../normalize/dtype-policy.js';
import { bytesPerElement, weightDtype } from './stats.js';
import { byteSize } from './storage-tree.js';
import type { AnalyzedModel } from './types.js';
import type { LayerAnalysis, ModelAnalysis } from './types.js';

/** One layer's cost for `batch` samples; null where it cannot be worked out. */
export interface LayerCostRow {
  macs: number | null;
  flops: number | null;
  /** bytes of the tensors the layer outputs (every call), at its compute dtype */
  activationBytes: number | null;
  /** bytes of its weights: as stored when the file stores them, else at the declared dtype */
  weightBytes: number | null;
}

export interface CostTotals {
  batch: number;
  macs: number;
  flops: number;
  activationBytes: number;
  weightBytes: number;
  /** layers whose MACs or activation memory are unknown: the totals leave them out */
  unknown: string[];
}

export interface ModelCost {
  byLayer: Map<LayerAnalysis, LayerCostRow>;
  totals: CostTotals;
}

/**
 * Costs of every layer of the model (nested models' own layers included) for `batch` samples.
 * Weight bytes use the file's stored tensors where they were paired with a layer.
 */
export function modelCost(model: AnalyzedModel, batch = 1): ModelCost {
  const stored = model.weightMatch?.byLayer;
  const byLayer = new Map<LayerAnalysis, LayerCostRow>();
  const walk = (analysis: ModelAnalysis, top: boolean) => {
    for (const a of analysis.layers) {
      byLayer.set(a, layerCost(a, batch, top ? stored?.get(a.node.name) : undefined));
      if (a.inner) walk(a.inner, false);
    }
  };
  walk(model.analysis, true);

  const totals: CostTotals = { batch, macs: 0, flops: 0, activationBytes: 0, weightBytes: 0, unknown: [] };
  // Shared layer objects (Keras 3 shared_object_id) own one set of weights, weighed where first met.
  // A nested model's stored tensors hold its shared layers when Keras met them there first (a
  // CausalLM's token embedding); its declared weights are weighed layer by layer, as modelTotals counts.
  const weighed = new Set<number>();
  const weigh = (a: LayerAnalysis, top: boolean): number => {
    const fromStore = top && (stored?.get(a.node.name)?.length ?? 0) > 0;
    if (a.node.model && a.inner && !fromStore) return a.inner.layers.reduce((n, l) => n + weigh(l, false), 0);
    const id = a.node.sharedObjectId;
    if (id !== undefined && weighed.has(id)) return 0;
    for (const shared of sharedIds(a)) weighed.add(shared);
    return byLayer.get(a)!.weightBytes ?? 0;
  };
  for (const a of model.analysis.layers) {
    const row = byLayer.get(a)!;
    if (row.macs === null || row.activationBytes === null) totals.unknown.push(a.node.name);
    totals.macs += row.macs ?? 0;
    totals.flops += row.flops ?? 0;
    totals.activationBytes += row.activationBytes ?? 0;
    totals.weightBytes += weigh(a, true);
  }
  return { byLayer, totals };
}

/** The shared_object_ids of a layer and of every layer inside it. */
function sharedIds(a: LayerAnalysis): number[] {
  const own = a.node.sharedObjectId === undefined ? [] : [a.node.sharedObjectId];
  return [...own, ...(a.inner?.layers.flatMap(sharedIds) ?? [])];
}

export function layerCost(a: LayerAnalysis, batch: number, stored?: readonly StoredTensor[]): LayerCostRow {
  const perSample = callsCost(a);
  const activation = activationBytesPerSample(a);
  return {
    macs: perSample && batch * perSample.macs,
    flops: perSample && batch * flopsOf(perSample),
    activationBytes: activation === null ? null : batch * activation,
    weightBytes: weightBytes(a, stored),
  };
}

/** Every call's arithmetic for one sample, summed; null when a call's is unknown. */
function callsCost(a: LayerAnalysis): LayerCost | null {
  let macs = 0;
  let ops = 0;
  for (const c of a.callCosts) {
    if (c === null) return null;
    macs += c.macs;
    ops += c.ops;
  }
  return { macs, ops };
}

/**
 * Output values of every call for one sample at the compute dtype. The model's inputs are the
 * caller's memory and count nothing; a nested model counts its own layers' outputs.
 */
function activationBytesPerSample(a: LayerAnalysis): number | null {
  if (a.node.className === 'InputLayer') return 0;
  if (a.node.model && a.inner) {
    let inner = 0;
    for (const l of a.inner.layers) {
      const b = activationBytesPerSample(l);
      if (b === null) return null;
      inner += b;
    }
    return inner * a.callOutputs.length;
  }
  const itemBytes = bytesPerElement(computeDtype(a));
  let n = 0;
  for (const out of a.callOutputs) {
    const values = valuesPerSample(out);
    if (values === null) return null;
    n += values * itemBytes;
  }
  return n;
}

function valuesPerSample(out: OutputShape | null): number | null {
  if (out === null) return null;
  let n = 0;
  for (const s of isShapeList(out) ? out : [out]) {
    let v = 1;
    for (const d of s.slice(1)) {
      if (d === null) return null;
      v *= d;
    }
    n += v;
  }
  return n;
}

/** Mixed-precision policies (`mixed_float16`, `mixed_bfloat16`) compute in the half type; others in the weight dtype. */
export function computeDtype(a: LayerAnalysis): string {
  return parseDtypePolicy(a.node.config.dtype)?.computeDtype ?? a.node.dtype;
}

function weightBytes(a: LayerAnalysis, stored?: readonly StoredTensor[]): number | null {
  if (stored && stored.length > 0) return byteSize(stored);
  if (!a.weights) return null;
  return a.weights.reduce((n, w) => n + sizeOf(w.shape) * bytesPerElement(weightDtype(a, w)), 0);
}

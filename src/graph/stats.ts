// Model totals: every weight counted once, however often its layer is called.
import type { LayerAnalysis, ModelAnalysis } from './types.js';
import { sizeOf, type WeightSpec } from '../types/shape.js';
import { lookupTable } from '../types/lookup.js';

export interface Totals {
  total: number;
  trainable: number;
  nonTrainable: number;
  totalBytes: number;
  trainableBytes: number;
  nonTrainableBytes: number;
  /** layers whose weights could not be computed (totals then undercount) */
  incomplete: string[];
}

const DTYPE_BYTES: Readonly<Record<string, number>> = lookupTable({
  float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, uint8: 1, int16: 2, uint16: 2,
  int32: 4, uint32: 4, int64: 8, uint64: 8, bool: 1, float8_e4m3fn: 1, float8_e5m2: 1, int4: 0.5,
});

export function bytesPerElement(dtype: string): number {
  return DTYPE_BYTES[dtype] ?? 4;
}

/** A weight's dtype: its own (the analysis sets it on every weight), else its layer's. */
export function weightDtype(a: LayerAnalysis, w: WeightSpec): string {
  return w.dtype ?? a.node.dtype;
}

export function modelTotals(analysis: ModelAnalysis): Totals {
  const t: Totals = { total: 0, trainable: 0, nonTrainable: 0, totalBytes: 0, trainableBytes: 0, nonTrainableBytes: 0, incomplete: [] };
  // Keras counts each weight once: a layer object listed in several models (Keras 3
  // shared_object_id) owns one set of weights.
  const counted = new Set<number>();
  const visit = (a: LayerAnalysis, frozen: boolean, top: boolean) => {
    if (a.node.model && a.inner && a.weights && !a.weightsFromStorage) {
      for (const inner of a.inner.layers) visit(inner, frozen || !a.node.trainable, false);
      return;
    }
    if (!a.weights) {
      if (top && (a.problem !== undefined || a.node.calls.length > 0)) t.incomplete.push(a.node.name);
      return;
    }
    const id = a.node.sharedObjectId;
    if (id !== undefined) {
      if (counted.has(id)) return;
      counted.add(id);
    }
    for (const w of a.weights) {
      const n = sizeOf(w.shape);
      const bytes = n * bytesPerElement(weightDtype(a, w));
      t.total += n;
      t.totalBytes += bytes;
      if (w.trainable && !frozen) {
        t.trainable += n;
        t.trainableBytes += bytes;
      } else {
        t.nonTrainable += n;
        t.nonTrainableBytes += bytes;
      }
    }
  };
  for (const a of analysis.layers) visit(a, false, true);
  return t;
}

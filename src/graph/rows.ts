// Per-layer records for the summary: what one row of Keras' table says, as data.
import type { LayerAnalysis, ModelAnalysis } from './types.js';
import type { OutputShape, WeightSpec } from '../types/shape.js';
import { sizeOf } from '../types/shape.js';

export interface LayerRow {
  name: string;
  className: string;
  /** output of each call, in call order (null = unknown) */
  outputs: (OutputShape | null)[];
  /** null when the weights could not be computed */
  params: number | null;
  weights: WeightSpec[] | null;
  /** per call, the tensors it consumed as `[layer, node, tensor]` */
  connections: [string, number, number][][];
  /** nesting depth (0 = top level), for expand_nested */
  depth: number;
  dtype: string;
  trainable: boolean;
  problem?: string;
  unknownClass: boolean;
  analysis: LayerAnalysis;
}

export function paramsOf(weights: WeightSpec[] | null): number | null {
  if (!weights) return null;
  let n = 0;
  for (const w of weights) n += sizeOf(w.shape);
  return n;
}

/** Rows as Keras lists them: Sequential hides its InputLayer; nested rows follow their model when expanded. */
export function layerRows(analysis: ModelAnalysis, options: { expandNested?: boolean } = {}, depth = 0): LayerRow[] {
  const rows: LayerRow[] = [];
  for (const a of analysis.layers) {
    if (a.node.implicit) continue;
    rows.push(toRow(a, depth));
    if (options.expandNested && a.inner) rows.push(...layerRows(a.inner, options, depth + 1));
  }
  return rows;
}

function toRow(a: LayerAnalysis, depth: number): LayerRow {
  return {
    name: a.node.name,
    className: a.node.className,
    outputs: a.callOutputs,
    params: paramsOf(a.weights),
    weights: a.weights,
    connections: a.node.calls.map((c) => c.inputs.map((r) => [r.layer, r.node, r.tensor] as [string, number, number])),
    depth,
    dtype: a.node.dtype,
    trainable: a.node.trainable,
    problem: a.problem,
    unknownClass: !a.spec && !a.node.model,
    analysis: a,
  };
}

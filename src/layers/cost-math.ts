// What one call of a layer costs for one sample. The family modules give the multiply-accumulates
// of their products; every other floating-point operation is counted per element from the one
// table below, which docs/cost.md restates (a unit test keeps the two in step).
import { shapeError, type LayerConfig } from './config.js';
import type { LayerCost } from './types.js';
import { isShapeList, type OutputShape, type Shape } from '../types/shape.js';
import { lookupTable } from '../types/lookup.js';

/** Floating-point operations per element, besides MACs (FLOPs = 2·MACs + these). */
export const OPS_PER_ELEMENT = {
  /** a bias add, per output element of a layer that has a bias */
  bias: 1,
  /** an activation function other than `linear`, per element it is applied to */
  activation: 1,
  /** softmax and log_softmax: exponent, sum, divide */
  softmax: 3,
  /** BatchNormalization at inference: the moving statistics and affine weights fold into a scale and a shift */
  batchNorm: 2,
  /** LayerNormalization / GroupNormalization statistics: the mean (add), the variance (subtract, square-and-add) */
  meanVariance: 3,
  /** RMSNormalization / UnitNormalization statistics: square-and-add */
  meanSquare: 2,
  /** normalizing once the statistics are known: multiply by the reciprocal of the deviation */
  normalize: 1,
  /** a learned scale (gamma) or offset (beta) applied after normalizing */
  affine: 1,
  /** pooling: a compare (max) or an add (average) per window element; average adds a divide per output */
  pool: 1,
  /** an elementwise merge (Add, Multiply, Maximum, …): per output element, per input beyond the first */
  merge: 1,
  /** LSTM cell/hidden update per unit: f·c + i·g (3), o·tanh(c) (2) */
  lstmUpdate: 5,
  /** GRU update per unit: the reset product (1), z·h + (1 - z)·h' (4) */
  gruUpdate: 5,
} as const;

/** Activation functions costed apart from the one-per-element default. */
const ACTIVATION_OPS: Readonly<Record<string, number>> = lookupTable({
  linear: 0,
  softmax: OPS_PER_ELEMENT.softmax,
  log_softmax: OPS_PER_ELEMENT.softmax,
});

export const FREE: LayerCost = Object.freeze({ macs: 0, ops: 0 });

/** Operations per element of an activation as configs spell it: a name, a serialized object, or none. */
export function activationOps(v: unknown): number {
  if (v === undefined || v === null || v === '') return 0;
  const name = typeof v === 'string' ? v : nameOf(v);
  if (name === undefined) return OPS_PER_ELEMENT.activation;
  return ACTIVATION_OPS[name.toLowerCase()] ?? OPS_PER_ELEMENT.activation;
}

function nameOf(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const config = typeof o.config === 'object' && o.config !== null ? (o.config as Record<string, unknown>) : {};
  if (typeof config.name === 'string') return config.name;
  return typeof o.class_name === 'string' ? o.class_name : undefined;
}

/** Values in one sample of `s` (all axes but the batch); a cost needs every one of them known. */
export function perSample(c: LayerConfig, s: Shape): number {
  let n = 1;
  for (let i = 1; i < s.length; i++) {
    const d = s[i];
    if (d === null) throw shapeError(c, `cost unknown: dimension ${i} of ${JSON.stringify(s)} is not fixed`);
    n *= d;
  }
  return n;
}

/** The first tensor of an output (the layer's main result when it also returns states or scores). */
export function mainOutput(out: OutputShape): Shape {
  return isShapeList(out) ? out[0] : out;
}

/** A kernel product followed by the optional bias add and activation on its `outputs` elements. */
export function linearCost(c: LayerConfig, macs: number, outputs: number, bias = c.bool('use_bias')): LayerCost {
  return { macs, ops: outputs * ((bias ? OPS_PER_ELEMENT.bias : 0) + activationOps(c.get('activation'))) };
}

/** Sum of costs. */
export function plus(...costs: LayerCost[]): LayerCost {
  return costs.reduce((a, b) => ({ macs: a.macs + b.macs, ops: a.ops + b.ops }), FREE);
}

export function times(n: number, cost: LayerCost): LayerCost {
  return { macs: n * cost.macs, ops: n * cost.ops };
}

/** FLOPs of a cost: a MAC is a multiply and an add. */
export function flopsOf(cost: LayerCost): number {
  return 2 * cost.macs + cost.ops;
}

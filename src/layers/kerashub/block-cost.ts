// Arithmetic of one transformer block for one sample (docs/cost.md conventions): T positions of d
// features, self-attention of h heads of k (projections with biases, the scaled query, h·T·T scores,
// their softmax, the weighted values, the output projection), two LayerNorms, a feedforward of
// width i (two Dense with biases, the activation on the wider one) and two residual adds. Dropout
// is free at inference.
import type { LayerConfig } from '../config.js';
import type { LayerCost } from '../types.js';
import { activationOps, OPS_PER_ELEMENT as OPS, perSample, plus } from '../cost-math.js';
import type { Shape } from '../../types/shape.js';

export interface BlockSizes {
  d: number;
  heads: number;
  k: number;
  /** feedforward width */
  i: number;
  activation: unknown;
}

/** One LayerNormalization over `n` values: statistics, normalize, scale and offset. */
export function layerNormCost(n: number): LayerCost {
  return { macs: 0, ops: n * (OPS.meanVariance + OPS.normalize + 2 * OPS.affine) };
}

export function transformerBlockCost(c: LayerConfig, x: Shape, s: BlockSizes): LayerCost {
  const t = perSample(c, x.slice(0, -1));
  const hk = s.heads * s.k;
  const attention: LayerCost = {
    macs: 3 * t * s.d * hk + s.heads * t * t * 2 * s.k + t * hk * s.d,
    ops: (3 * t * hk + t * s.d) * OPS.bias + t * hk * OPS.affine + s.heads * t * t * OPS.softmax,
  };
  const feedforward: LayerCost = {
    macs: 2 * t * s.d * s.i,
    ops: (t * s.i + t * s.d) * OPS.bias + t * s.i * activationOps(s.activation),
  };
  return plus(attention, layerNormCost(t * s.d), layerNormCost(t * s.d), feedforward, { macs: 0, ops: 2 * t * s.d * OPS.merge });
}

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
  /** key/value heads of grouped-query attention (default: `heads`) */
  kvHeads?: number;
  /** projections without biases (Llama) */
  noBias?: boolean;
  /** a gated feedforward: a second d→i product multiplied in (Llama's SwiGLU) */
  gated?: boolean;
  /** RMS norms (scale only) instead of LayerNorms */
  rms?: boolean;
}

/** One RMS normalization over `n` values: the mean square, normalize, scale. */
export function rmsNormCost(n: number): LayerCost {
  return { macs: 0, ops: n * (OPS.meanSquare + OPS.normalize + OPS.affine) };
}

/** One LayerNormalization over `n` values: statistics, normalize, scale and offset. */
export function layerNormCost(n: number): LayerCost {
  return { macs: 0, ops: n * (OPS.meanVariance + OPS.normalize + 2 * OPS.affine) };
}

export function transformerBlockCost(c: LayerConfig, x: Shape, s: BlockSizes): LayerCost {
  const t = perSample(c, x.slice(0, -1));
  const hk = s.heads * s.k;
  const kvk = (s.kvHeads ?? s.heads) * s.k;
  const bias = s.noBias ? 0 : OPS.bias;
  const attention: LayerCost = {
    macs: t * s.d * (hk + 2 * kvk) + s.heads * t * t * 2 * s.k + t * hk * s.d,
    ops: (t * (hk + 2 * kvk) + t * s.d) * bias + t * hk * OPS.affine + s.heads * t * t * OPS.softmax,
  };
  const wide = (s.gated ? 2 : 1) * t * s.i;
  const feedforward: LayerCost = {
    macs: wide * s.d + t * s.i * s.d,
    ops: (wide + t * s.d) * bias + t * s.i * activationOps(s.activation) + (s.gated ? t * s.i * OPS.merge : 0),
  };
  const norm = s.rms ? rmsNormCost(t * s.d) : layerNormCost(t * s.d);
  return plus(attention, norm, norm, feedforward, { macs: 0, ops: 2 * t * s.d * OPS.merge });
}

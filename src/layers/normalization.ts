// Normalization family (Keras keras/src/layers/normalization/, tf-keras layers/normalization/).
// All keep their input shape; they differ in which axes size their weights.
import { shapeError, type LayerConfig } from './config.js';
import { fmt, known, sameShape } from './shape-math.js';
import { defineLayer, w, type LayerContext, type LayerSpec } from './types.js';
import { objectsOf, ownedBy, type Shape, type WeightSpec } from '../types/shape.js';
import { OPS_PER_ELEMENT as OPS, perSample } from './cost-math.js';

/** Per-element operations applied to every input value. */
const perElement = (ops: (c: LayerConfig) => number) => (c: LayerConfig, [x]: Shape[]) => ({ macs: 0, ops: perSample(c, x) * ops(c) });

/** `axis` as an int or a list of ints (never empty). */
function axisList(c: LayerConfig, key = 'axis'): number[] {
  const v = c.get(key);
  if (Number.isInteger(v)) return [v as number];
  if (Array.isArray(v) && v.length > 0 && v.every((a) => Number.isInteger(a))) return v as number[];
  return c.fail(key, 'an integer or a list of integers');
}

/** Axis index into `x` (negative counts from the end), checked against the rank. */
export function axisIndex(c: LayerConfig, x: Shape, axis: number): number {
  if (axis >= x.length || axis < -x.length) throw shapeError(c, `axis ${axis} is out of range for an input of shape ${fmt(x)}`);
  return axis < 0 ? axis + x.length : axis;
}

/** The known size of axis `axis` of `x`; weights cannot be built on an unknown one. */
function axisSize(c: LayerConfig, x: Shape, axis: number): number {
  return known(c, x[axisIndex(c, x, axis)], `input axis ${axis}`);
}

/**
 * Shape of per-axis parameters over several axes. Keras 3 sorts the axes as written (so -1 comes
 * before 1); Keras 2 keeps the written order.
 */
function multiAxisShape(c: LayerConfig, x: Shape, axes: number[], ctx: LayerContext): number[] {
  const order = ctx.kerasMajor === 3 ? [...axes].sort((a, b) => a - b) : axes;
  return order.map((a) => axisSize(c, x, a));
}

function batchNormWeights(c: LayerConfig, x: Shape, ctx: LayerContext): WeightSpec[] {
  if (ctx.kerasMajor === 1) {
    // Keras 1 always built both affine weights and kept running statistics.
    const shape = [axisSize(c, x, c.int('axis'))];
    return [w('gamma', shape), w('beta', shape), w('running_mean', shape, false), w('running_std', shape, false)];
  }
  const axes = axisList(c);
  let shape: number[];
  if (ctx.kerasMajor === 3 || (axes.length === 1 && !c.has('virtual_batch_size'))) {
    shape = [axisSize(c, x, axes[0])];
  } else {
    // tf-keras: several axes (or virtual batches) keep full rank with 1 on the other axes, and
    // virtual batches add a leading 1 after the batch axis.
    const keep = new Set(axes.map((a) => axisIndex(c, x, a)));
    shape = x.map((d, i) => (keep.has(i) ? known(c, d, `input axis ${i}`) : 1));
    if (c.has('virtual_batch_size')) shape.splice(1, 0, 1);
  }
  const out: WeightSpec[] = [];
  if (c.bool('scale')) out.push(w('gamma', shape));
  if (c.bool('center')) out.push(w('beta', shape));
  out.push(w('moving_mean', shape, false), w('moving_variance', shape, false));
  if (c.bool('renorm')) out.push(w('moving_stddev', shape, false), w('renorm_mean', shape, false), w('renorm_stddev', shape, false));
  return out;
}

export const batchNormalization = defineLayer({
  names: ['BatchNormalization', 'SyncBatchNormalization'],
  category: 'normalization',
  versions: '1, 2, 3',
  defaults: { axis: -1, center: true, scale: true, renorm: false },
  outputShape: sameShape,
  weights: (c, [x], ctx) => batchNormWeights(c, sameShape(c, [x]), ctx),
  cost: perElement(() => OPS.batchNorm),
});

export const layerNormalization = defineLayer({
  names: ['LayerNormalization'],
  category: 'normalization',
  versions: '2, 3',
  defaults: { axis: -1, center: true, scale: true, rms_scaling: false },
  outputShape: sameShape,
  weights: (c, [x], ctx) => {
    const shape = multiAxisShape(c, sameShape(c, [x]), axisList(c), ctx);
    const rms = c.bool('rms_scaling');
    return [
      ...(c.bool('scale') || rms ? [w('gamma', shape)] : []),
      ...(c.bool('center') && !rms ? [w('beta', shape)] : []),
    ];
  },
  cost: perElement((c) => {
    const rms = c.bool('rms_scaling');
    const affine = (c.bool('scale') || rms ? 1 : 0) + (c.bool('center') && !rms ? 1 : 0);
    return (rms ? OPS.meanSquare : OPS.meanVariance) + OPS.normalize + affine * OPS.affine;
  }),
});

export const groupNormalization = defineLayer({
  names: ['GroupNormalization'],
  category: 'normalization',
  versions: '2.11+, 3',
  defaults: { groups: 32, axis: -1, center: true, scale: true },
  outputShape: sameShape,
  weights: (c, [x]) => {
    const dim = axisSize(c, sameShape(c, [x]), c.int('axis'));
    const groups = c.int('groups') === -1 ? dim : c.int('groups');
    if (groups <= 0 || dim < groups || dim % groups !== 0) {
      throw shapeError(c, `groups=${groups} does not divide the ${dim} channels`);
    }
    return [...(c.bool('scale') ? [w('gamma', [dim])] : []), ...(c.bool('center') ? [w('beta', [dim])] : [])];
  },
  cost: perElement((c) => OPS.meanVariance + OPS.normalize + ((c.bool('scale') ? 1 : 0) + (c.bool('center') ? 1 : 0)) * OPS.affine),
});

export const rmsNormalization = defineLayer({
  names: ['RMSNormalization'],
  category: 'normalization',
  versions: '3',
  defaults: { axis: -1 },
  outputShape: sameShape,
  weights: (c, [x], ctx) => [w('scale', multiAxisShape(c, sameShape(c, [x]), axisList(c), ctx))],
  cost: perElement(() => OPS.meanSquare + OPS.normalize + OPS.affine),
});

export const unitNormalization = defineLayer({
  names: ['UnitNormalization'],
  category: 'normalization',
  versions: '2.9+, 3',
  defaults: { axis: -1 },
  outputShape: sameShape,
  cost: perElement(() => OPS.meanSquare + OPS.normalize),
});

/**
 * A wrapper that adds a power-iteration vector `vector_u (1, kernel[-1])` to a layer with a kernel
 * (or embeddings). Keras 3 lists the wrapped kernel first, then `vector_u`, then the wrapped layer's
 * other weights (the kernel is also tracked as the wrapper's own variable); tf-keras lists
 * trainable before non-trainable weights.
 */
export const spectralNormalization = defineLayer({
  names: ['SpectralNormalization'],
  category: 'normalization',
  versions: '2.13+, 3',
  outputShape: (c, inputs, ctx) => ctx.resolveInner(c.get('layer')).outputShape(inputs),
  weights: (c, inputs, ctx) => {
    const inner = ctx.resolveInner(c.get('layer'));
    const ws = ownedBy('layer', inner.weights(inputs), inner.name);
    const kernelAt = ws.findIndex((x) => x.name === `${inner.name}/kernel`);
    const at = kernelAt >= 0 ? kernelAt : ws.findIndex((x) => x.name === `${inner.name}/embeddings`);
    if (at < 0) throw shapeError(c, `the wrapped ${inner.className} has no kernel nor embeddings`);
    // the wrapper tracks the kernel as its own variable too: saved in its own vars and in the layer's
    const kernel = { ...ws[at], objects: ['', ...objectsOf(ws[at])] };
    const vectorU = w('vector_u', [1, kernel.shape[kernel.shape.length - 1]], false);
    const rest = ws.filter((_, i) => i !== at);
    if (ctx.kerasMajor === 3) return [kernel, vectorU, ...rest];
    const all = [kernel, ...rest];
    return [...all.filter((x) => x.trainable), vectorU, ...all.filter((x) => !x.trainable)];
  },
  // at inference the wrapped layer runs with its normalized kernel (power iteration is training work)
  cost: (c, inputs, _out, ctx) => ctx.resolveInner(c.get('layer')).cost(inputs),
});

export const normalizationLayers: LayerSpec[] = [
  batchNormalization, layerNormalization, groupNormalization, rmsNormalization, unitNormalization, spectralNormalization,
];

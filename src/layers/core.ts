// Core layers: InputLayer, Dense, Activation and the other shape-preserving core layers.
import { declaredShape } from './input-shape.js';
import { known, requireRank } from './shape-math.js';
import { shapeError } from './config.js';
import type { Shape } from '../types/shape.js';
import { defineLayer, w, type LayerSpec } from './types.js';
import { activationOps, linearCost, OPS_PER_ELEMENT, perSample } from './cost-math.js';
import { denseLayout, LINEAR_QUANTIZATION, tableWeights } from './quantized.js';

export const inputLayer = defineLayer({
  names: ['InputLayer'],
  category: 'core',
  versions: '1, 2, 3',
  outputShape: (c) => {
    const s = declaredShape(c);
    if (!s) throw shapeError(c, 'declares no batch_shape / batch_input_shape');
    return s;
  },
});

export const dense = defineLayer({
  names: ['Dense'],
  category: 'core',
  versions: '1, 2, 3',
  defaults: { use_bias: true },
  quantization: LINEAR_QUANTIZATION,
  outputShape: (c, [x]) => {
    if (!x || x.length < 2) throw shapeError(c, 'needs an input of rank 2 or more');
    return [...x.slice(0, -1), c.int('units')];
  },
  weights: (c, [x], ctx) => {
    requireRank(c, x, x?.length ?? 0);
    const units = c.int('units');
    const din = known(c, x[x.length - 1], 'the last input dimension');
    return tableWeights(c, denseLayout(din, units, c.bool('use_bias')), ctx);
  },
  // every output value is a dot product over the input's last axis
  cost: (c, [x], out) => linearCost(c, perSample(c, out as Shape) * known(c, x[x.length - 1], 'the last input dimension'), perSample(c, out as Shape)),
});

/** Layers that return their input unchanged and own no weights. */
const passThrough = (names: string[], category: LayerSpec['category'], versions = '2, 3', cost?: LayerSpec['cost']): LayerSpec =>
  defineLayer({ names, category, versions, outputShape: (c, [x]) => x ?? (() => { throw shapeError(c, 'has no input'); })(), ...(cost ? { cost } : {}) });

export const activation = passThrough(['Activation'], 'core', '1, 2, 3', (c, [x]) => ({ macs: 0, ops: perSample(c, x) * activationOps(c.get('activation')) }));
export const masking = passThrough(['Masking'], 'core', '1, 2, 3');
export const identity = passThrough(['Identity'], 'core', '3');
export const dropout = passThrough(['Dropout'], 'regularization', '1, 2, 3');
export const noise = passThrough(
  ['GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D', 'ActivityRegularization'],
  'regularization',
  '1, 2, 3',
);


/**
 * Lambda: the shape comes from a literal `output_shape` (without batch dim; a list of them for several
 * outputs). A function-valued or absent `output_shape` would need running the function, which we
 * never do: the layer is then taken to keep its (single) input's shape.
 */
export const lambda = defineLayer({
  names: ['Lambda'],
  category: 'core',
  versions: '1, 2, 3',
  outputShape: (c, inputs) => {
    if (inputs.length === 0) throw shapeError(c, 'has no input');
    const batch = inputs[0][0] ?? null;
    const literal = (v: unknown): v is (number | null)[] => Array.isArray(v) && v.every((d) => d === null || Number.isInteger(d));
    const given = c.get('output_shape');
    const functionValued = c.get('output_shape_type') === 'lambda' || c.get('output_shape_type') === 'function';
    if (!functionValued && literal(given)) return [batch, ...given];
    if (!functionValued && Array.isArray(given) && given.length > 0 && given.every(literal)) {
      return (given as (number | null)[][]).map((s) => [batch, ...s]);
    }
    if (inputs.length > 1) throw shapeError(c, 'output shape unknown: output_shape is not a literal and the layer has several inputs');
    return inputs[0];
  },
});

/**
 * tf-keras `layers.experimental.RandomFourierFeatures`: a fixed random projection (non-trainable
 * kernel and bias) with a learnable scale, trainable only when the layer is.
 */
export const randomFourierFeatures = defineLayer({
  names: ['RandomFourierFeatures'],
  category: 'core',
  versions: '2',
  outputShape: (c, [x]) => {
    requireRank(c, x, 2);
    return [x[0], c.int('output_dim')];
  },
  weights: (c, [x]) => {
    requireRank(c, x, 2);
    const units = c.int('output_dim');
    const din = known(c, x[1], 'the input dimension');
    return [w('unscaled_kernel', [din, units], false), w('bias', [units], false), w('kernel_scale', [1], c.get('trainable') === true)];
  },
  // projection, bias, then cos (an activation) and the scale per output
  cost: (c, [x]) => {
    const units = c.int('output_dim');
    return { macs: known(c, x[1], 'the input dimension') * units, ops: units * (OPS_PER_ELEMENT.bias + OPS_PER_ELEMENT.activation + OPS_PER_ELEMENT.affine) };
  },
});

export const coreLayers = [inputLayer, dense, activation, masking, identity, dropout, noise, lambda, randomFourierFeatures];

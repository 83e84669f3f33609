// Activation layers (Keras keras/src/layers/activations/, Keras 2 advanced_activations). Only PReLU
// owns a weight; the rest return their input shape.
import { shapeError } from './config.js';
import { known, sameShape } from './shape-math.js';
import { defineLayer, w, type LayerSpec } from './types.js';
import { OPS_PER_ELEMENT, perSample } from './cost-math.js';

const shapePreserving = (names: string[], versions: string, opsPerElement: number = OPS_PER_ELEMENT.activation): LayerSpec =>
  defineLayer({
    names,
    category: 'activation',
    versions,
    outputShape: sameShape,
    cost: (c, [x]) => ({ macs: 0, ops: perSample(c, x) * opsPerElement }),
  });

export const relu = shapePreserving(['ReLU'], '2, 3');
export const leakyRelu = shapePreserving(['LeakyReLU'], '1, 2, 3');
export const elu = shapePreserving(['ELU'], '1, 2, 3');
export const softmax = shapePreserving(['Softmax'], '2, 3', OPS_PER_ELEMENT.softmax);
/** Keras 1/2 only; Keras 3 folds it into `ReLU(threshold=…)`. */
export const thresholdedRelu = shapePreserving(['ThresholdedReLU'], '1, 2');

/** `alpha` has the input's non-batch shape, with each (1-based) shared axis set to 1. */
export const prelu = defineLayer({
  names: ['PReLU'],
  category: 'activation',
  versions: '1, 2, 3',
  defaults: { shared_axes: null },
  outputShape: sameShape,
  weights: (c, [x], ctx) => {
    if (!x) throw shapeError(c, 'has no input');
    const shape: (number | null)[] = x.slice(1);
    const shared = c.get('shared_axes');
    const axes = shared === null || shared === undefined ? [] : Number.isInteger(shared) ? [shared as number] : shared;
    if (!Array.isArray(axes) || !axes.every((a) => Number.isInteger(a) && a >= 1 && a < x.length)) {
      return c.fail('shared_axes', `null, an axis or a list of axes between 1 and ${x.length - 1}`);
    }
    for (const a of axes as number[]) shape[a - 1] = 1;
    // Keras 1 called the weight `alphas`.
    const name = ctx.kerasMajor === 1 ? 'alphas' : 'alpha';
    return [w(name, shape.map((d, i) => known(c, d, `input axis ${i + 1}`)))];
  },
  cost: (c, [x]) => ({ macs: 0, ops: perSample(c, x) * OPS_PER_ELEMENT.activation }),
});

export const activationLayers = [relu, leakyRelu, elu, softmax, thresholdedRelu, prelu];

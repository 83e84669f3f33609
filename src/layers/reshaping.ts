// Reshaping family: Flatten, Reshape.
import { shapeError } from './config.js';
import { product } from './shape-math.js';
import { defineLayer } from './types.js';

export const flatten = defineLayer({
  names: ['Flatten'],
  category: 'reshaping',
  versions: '1, 2, 3',
  defaults: { data_format: 'channels_last' },
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    return [x[0], product(x.slice(1))];
  },
});

export const reshape = defineLayer({
  names: ['Reshape'],
  category: 'reshaping',
  versions: '1, 2, 3',
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    const target = c.get('target_shape');
    if (!Array.isArray(target) || !target.every((d) => d === null || Number.isInteger(d))) c.fail('target_shape', 'a list of integers');
    const dims = target as (number | null)[];
    const unknownAt = dims.findIndex((d) => d === -1 || d === null);
    if (unknownAt < 0) return [x[0], ...dims];
    // One -1 is inferred from the input size, as Keras does.
    const total = product(x.slice(1));
    const rest = product(dims.filter((_, i) => i !== unknownAt));
    const inferred = total === null || rest === null || rest === 0 ? null : total / rest;
    if (inferred !== null && !Number.isInteger(inferred)) throw shapeError(c, `cannot reshape ${total} values into ${JSON.stringify(dims)}`);
    return [x[0], ...dims.map((d, i) => (i === unknownAt ? inferred : d))];
  },
});

export const reshapingLayers = [flatten, reshape];

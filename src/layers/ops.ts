// Keras 3 operations recorded as layers in a Functional config (keras.src.ops): GetItem, the layer
// `x[...]` becomes (its key is a positional call argument, `args[1]`, not config), the elementwise
// comparisons `x != 0`, `keras.ops.equal(x, y)`, …, the arithmetic `x * 2.0`, `keras.ops.add(x, y)`
// (their operands tensors or constants), Pad (`keras.ops.pad`) and Mean (`keras.ops.mean`). Their
// entries are marked `op`: a config tells an operation from a layer by its module
// (`keras.src.ops.numpy`), so `Multiply` the operation and `Multiply` the merge layer are two
// entries of the table (registry.ts `layerSpec`).
import { shapeError, type LayerConfig } from './config.js';
import { defineLayer } from './types.js';
import { FREE, OPS_PER_ELEMENT, perSample } from './cost-math.js';
import type { Shape } from '../types/shape.js';
import { broadcastStatic, indexedShape } from './shape-math.js';

export const getItem = defineLayer({
  names: ['GetItem'],
  op: true,
  category: 'reshaping',
  versions: '3',
  outputShape: (c, [x], ctx) => {
    const args = ctx.call?.args;
    if (!x || !args || args.length < 2) throw shapeError(c, 'its key (the call\'s second argument) is not recorded');
    return indexedShape(c, x, args[1]);
  },
  cost: () => FREE,
});

/** The operands broadcast together as numpy broadcasts them; a constant operand (`x != 0`, `x * 2.0`) is a scalar and is not among the inputs. */
function broadcastOperands(c: LayerConfig, inputs: Shape[]): Shape {
  if (inputs.length === 0) throw shapeError(c, 'no tensor operand is recorded');
  return inputs.slice(1).reduce((a, b) => broadcastStatic(c, a, b), inputs[0]);
}

/** keras.ops comparisons as layers (keras.src.ops.numpy): boolean, the operands' broadcast shape. */
export const comparison = defineLayer({
  names: ['NotEqual', 'Equal', 'Greater', 'GreaterEqual', 'Less', 'LessEqual'],
  op: true,
  category: 'merging',
  versions: '3',
  outputShape: broadcastOperands,
  cost: () => FREE,
});

/** keras.ops binary arithmetic as layers (keras.src.ops.numpy): the operands' broadcast shape, one operation per output value. */
const arithmetic = ['Add', 'Subtract', 'Multiply', 'Divide', 'TrueDivide', 'Power', 'Maximum', 'Minimum'].map((name) =>
  defineLayer({
    names: [name],
    op: true,
    category: 'merging',
    versions: '3',
    outputShape: broadcastOperands,
    cost: (c, _inputs, out) => ({ macs: 0, ops: perSample(c, out as Shape) * OPS_PER_ELEMENT.merge }),
  }),
);

/**
 * keras.ops.pad as a layer (keras.src.ops.numpy Pad, `compute_output_spec`): each known axis grows by
 * its pads before and after; `pad_width` is one [before, after] pair per axis, or one pair for all.
 * The fill value is a call argument and changes no shape.
 */
export const pad = defineLayer({
  names: ['Pad'],
  op: true,
  category: 'reshaping',
  versions: '3',
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    const widths = c.get('pad_width');
    const pairs = Array.isArray(widths) && widths.every((p) => Array.isArray(p) && p.length === 2 && p.every((n) => Number.isInteger(n) && n >= 0)) ? (widths as number[][]) : null;
    if (!pairs || (pairs.length !== 1 && pairs.length !== x.length)) return c.fail('pad_width', `one [before, after] pair of non-negative integers, or ${x.length} of them`);
    return x.map((d, i) => (d === null ? null : d + pairs[pairs.length === 1 ? 0 : i][0] + pairs[pairs.length === 1 ? 0 : i][1]));
  },
  cost: () => FREE,
});

/**
 * keras.ops.mean as a layer (keras.src.ops.numpy Mean, `compute_output_spec`): the axes listed
 * (`axis`: one, several, negative from the end; null for all) dropped, or kept as 1 with `keepdims`.
 */
export const mean = defineLayer({
  names: ['Mean'],
  op: true,
  category: 'reshaping',
  versions: '3',
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    const raw = c.get('axis');
    const listed = raw === null || raw === undefined ? x.map((_, i) => i) : Array.isArray(raw) ? raw : [raw];
    if (!listed.every((a) => Number.isInteger(a) && a >= -x.length && a < x.length)) return c.fail('axis', `axes of a rank-${x.length} input`);
    const axes = new Set((listed as number[]).map((a) => (a < 0 ? a + x.length : a)));
    const keep = c.get('keepdims') === true;
    return x.flatMap((d, i) => (!axes.has(i) ? [d] : keep ? [1] : []));
  },
  // one addition per input value
  cost: (c, [x]) => ({ macs: 0, ops: perSample(c, x) }),
});

export const opLayers = [getItem, comparison, pad, mean, ...arithmetic];

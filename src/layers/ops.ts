// Keras 3 operations recorded as layers in a Functional config (keras.src.ops): GetItem, the layer
// `x[...]` becomes (its key is a positional call argument, `args[1]`, not config), and the
// elementwise comparisons `x != 0`, `keras.ops.equal(x, y)`, … (their operands tensors or constants).
import { shapeError } from './config.js';
import { defineLayer } from './types.js';
import { FREE } from './cost-math.js';
import { broadcastStatic, indexedShape } from './shape-math.js';

export const getItem = defineLayer({
  names: ['GetItem'],
  category: 'reshaping',
  versions: '3',
  outputShape: (c, [x], ctx) => {
    const args = ctx.call?.args;
    if (!x || !args || args.length < 2) throw shapeError(c, 'its key (the call\'s second argument) is not recorded');
    return indexedShape(c, x, args[1]);
  },
  cost: () => FREE,
});

/**
 * keras.ops comparisons as layers (keras.src.ops.numpy): boolean, the operands broadcast together as
 * numpy broadcasts them; a constant operand (`x != 0`) is a scalar and is not among the inputs. The
 * arithmetic ops (Add, Multiply, …) share their class names with the merge layers and are not here.
 */
export const comparison = defineLayer({
  names: ['NotEqual', 'Equal', 'Greater', 'GreaterEqual', 'Less', 'LessEqual'],
  category: 'merging',
  versions: '3',
  outputShape: (c, inputs) => {
    if (inputs.length === 0) throw shapeError(c, 'no tensor operand is recorded');
    return inputs.slice(1).reduce((a, b) => broadcastStatic(c, a, b), inputs[0]);
  },
  cost: () => FREE,
});

export const opLayers = [getItem, comparison];

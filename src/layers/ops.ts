// Keras 3 operations recorded as layers in a Functional config (keras.src.ops): GetItem, the layer
// `x[...]` becomes (its key is a positional call argument, `args[1]`, not config), and the
// elementwise comparisons `x != 0`, `keras.ops.equal(x, y)`, … (their operands tensors or constants).
import { shapeError, type LayerConfig } from './config.js';
import { defineLayer } from './types.js';
import { FREE } from './cost-math.js';
import type { Dim, Shape } from '../types/shape.js';
import { broadcastStatic } from './shape-math.js';

/** Python's len(range(*slice.indices(n))) for a known n; null when n is unknown and the slice is not whole. */
function sliceLength(c: LayerConfig, s: Record<string, unknown>, n: Dim): Dim {
  const num = (v: unknown, what: string): number | null => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    throw shapeError(c, `slice ${what} ${JSON.stringify(v)} is not an integer`);
  };
  const [start, stop, step] = [num(s.start, 'start'), num(s.stop, 'stop'), num(s.step, 'step') ?? 1];
  if (step === 0) throw shapeError(c, 'slice step cannot be zero');
  if (start === null && stop === null && step === 1) return n;
  if (n === null) return null;
  const clamp = (v: number | null, dflt: number, lo: number, hi: number) => (v === null ? dflt : Math.min(Math.max(v < 0 ? v + n : v, lo), hi));
  const [lo, hi] = step > 0 ? [clamp(start, 0, 0, n), clamp(stop, n, 0, n)] : [clamp(start, n - 1, -1, n - 1), clamp(stop, -1, -1, n - 1)];
  return Math.max(0, Math.ceil((hi - lo) / step));
}

/** The shape `x[key]` has: ints drop an axis, slices keep it, None adds one, Ellipsis fills. */
function indexedShape(c: LayerConfig, x: Shape, key: unknown): Shape {
  const parts = Array.isArray(key) ? key : [key];
  const isEllipsis = (p: unknown) => typeof p === 'object' && p !== null && (p as { class_name?: unknown }).class_name === '__ellipsis__';
  const consumed = parts.filter((p) => p !== null && !isEllipsis(p)).length;
  if (consumed > x.length) throw shapeError(c, `too many indices (${consumed}) for an input of rank ${x.length}`);
  const out: Dim[] = [];
  let axis = 0;
  for (const p of parts) {
    if (p === null) out.push(1);
    else if (isEllipsis(p)) for (const end = axis + x.length - consumed; axis < end; axis++) out.push(x[axis]);
    else if (typeof p === 'number' && Number.isInteger(p)) axis++;
    else if (typeof p === 'object' && (p as { class_name?: unknown }).class_name === '__slice__') out.push(sliceLength(c, ((p as { config?: unknown }).config ?? {}) as Record<string, unknown>, x[axis++]));
    else throw shapeError(c, `index ${JSON.stringify(p)} is not supported (integers, slices, None and Ellipsis are)`);
  }
  return [...out, ...x.slice(axis)];
}

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

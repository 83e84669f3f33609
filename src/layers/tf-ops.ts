// TensorFlow functions that tf.keras 2.x (2.4-2.15) saved as layers: any `x + y`, `tf.reshape(x, …)`,
// `x[:, 0]` on a Keras tensor became a `TFOpLambda` (or `SlicingOpLambda` for `__getitem__`) whose
// config names the function (`"function": "math.multiply"`, the TF API path without `tf.`) and
// whose inbound node holds the call: the first argument as tensors or constants, every other
// argument as keyword arguments named by the function's signature (tensors among them as
// `[layer, node, tensor]`). Nothing here runs TensorFlow: `TF_OPS` classifies each known function,
// and the shape rule of its kind reproduces TensorFlow's static shape inference for that call.
// A function outside the table gets an unknown (`?`) output shape, and says why.
import type { Dim, OutputShape, Shape } from '../types/shape.js';
import { shapeError, type LayerConfig } from './config.js';
import { broadcastStatic, fmt, indexedShape } from './shape-math.js';
import { defineLayer, type CallArgs, type LayerContext } from './types.js';
import { lookupTable } from '../types/lookup.js';

/** How TensorFlow shapes the result of a function, given its arguments. */
export type TfOpKind =
  | 'elementwise' // same shape as the first argument: casts, activations, `*_like`
  | 'broadcast' // numpy broadcasting of the first argument(s) and the named operands
  | 'reduce' // removes (or keeps as 1) the `axis` dimensions; all of them when no axis
  | 'argreduce' // removes the one `axis` dimension (default 0)
  | 'reshape'
  | 'transpose'
  | 'matrix_transpose'
  | 'expand_dims'
  | 'squeeze'
  | 'concat'
  | 'stack'
  | 'matmul'
  | 'einsum'
  | 'getitem'
  | 'shape'
  | 'tile'
  | 'pad'
  | 'image_resize'
  | 'split'
  | 'gather'
  | 'one_hot'
  | 'depth_to_space'
  | 'space_to_depth'
  | 'broadcast_to';

export interface TfOp {
  kind: TfOpKind;
  /** for `broadcast`: the keyword operands broadcast with the first argument (`y`, `x`) */
  operands?: readonly string[];
}

const ELEMENTWISE: TfOp = { kind: 'elementwise' };
const BINARY: TfOp = { kind: 'broadcast', operands: ['y'] };
const REDUCE: TfOp = { kind: 'reduce' };
const of = (kind: TfOpKind): TfOp => ({ kind });

/** Every function the ops rules know, by the name tf.keras records (`"function"`); `compat.v1.` names resolve through `tfOp`. */
export const TF_OPS: Readonly<Record<string, TfOp>> = lookupTable({
  ...Object.fromEntries(
    [
      'cast', 'dtypes.cast', 'identity', 'stop_gradient', 'ones_like', 'zeros_like', 'clip_by_value',
      'math.abs', 'math.negative', 'math.exp', 'math.log', 'math.log1p', 'math.sqrt', 'math.rsqrt', 'math.square',
      'math.sin', 'math.cos', 'math.tanh', 'math.sigmoid', 'math.softplus', 'math.sign', 'math.round', 'math.floor',
      'math.ceil', 'math.reciprocal', 'math.logical_not', 'math.erf', 'math.is_nan', 'math.cumsum', 'math.cumprod',
      'math.l2_normalize', 'math.softmax', 'math.log_softmax',
      'nn.relu', 'nn.relu6', 'nn.elu', 'nn.selu', 'nn.gelu', 'nn.silu', 'nn.swish', 'nn.leaky_relu', 'nn.softmax',
      'nn.log_softmax', 'nn.softsign', 'nn.sigmoid', 'nn.tanh', 'nn.l2_normalize', 'nn.dropout', 'nn.bias_add',
    ].map((f) => [f, ELEMENTWISE]),
  ),
  ...Object.fromEntries(
    [
      '__operators__.add', '__operators__.eq', '__operators__.ne', 'math.add', 'math.subtract', 'math.multiply',
      'math.truediv', 'math.divide', 'math.floordiv', 'math.floormod', 'math.pow', 'math.maximum', 'math.minimum',
      'math.squared_difference', 'math.divide_no_nan', 'math.multiply_no_nan', 'math.equal', 'math.not_equal',
      'math.greater', 'math.greater_equal', 'math.less', 'math.less_equal', 'math.logical_and', 'math.logical_or',
      'math.logical_xor',
    ].map((f) => [f, BINARY]),
  ),
  'math.add_n': { kind: 'broadcast', operands: [] },
  where: { kind: 'broadcast', operands: ['x', 'y'] },
  ...Object.fromEntries(
    [
      'math.reduce_sum', 'math.reduce_mean', 'math.reduce_max', 'math.reduce_min', 'math.reduce_prod', 'math.reduce_any',
      'math.reduce_all', 'math.reduce_std', 'math.reduce_variance', 'math.reduce_logsumexp', 'math.reduce_euclidean_norm',
      'norm', 'linalg.norm',
    ].map((f) => [f, REDUCE]),
  ),
  'math.argmax': of('argreduce'),
  'math.argmin': of('argreduce'),
  reshape: of('reshape'),
  transpose: of('transpose'),
  'linalg.matrix_transpose': of('matrix_transpose'),
  expand_dims: of('expand_dims'),
  squeeze: of('squeeze'),
  concat: of('concat'),
  stack: of('stack'),
  'linalg.matmul': of('matmul'),
  einsum: of('einsum'),
  '__operators__.getitem': of('getitem'),
  shape: of('shape'),
  tile: of('tile'),
  pad: of('pad'),
  'image.resize': of('image_resize'),
  split: of('split'),
  gather: of('gather'),
  one_hot: of('one_hot'),
  'nn.depth_to_space': of('depth_to_space'),
  'nn.space_to_depth': of('space_to_depth'),
  broadcast_to: of('broadcast_to'),
});

/** The entry for a recorded function name; `compat.v1.` names are the same functions (their v1 argument spellings are read too). */
export function tfOp(fn: string): TfOp | undefined {
  const bare = fn.replace(/^compat\.v[12]\./, '');
  // TensorFlow exports most math functions at the top level too (`tf.reduce_mean`)
  return TF_OPS[fn] ?? TF_OPS[bare] ?? TF_OPS[`math.${bare}`];
}

/** One argument: a Keras tensor (its shape) or a constant from the config. */
type Operand = { shape: Shape } | { value: unknown };

/** The recorded call: positional operands (the first argument, flattened) and keyword arguments. */
class OpCall {
  constructor(
    readonly c: LayerConfig,
    readonly positional: Operand[],
    private readonly kwargs: Readonly<Record<string, unknown>>,
    private readonly tensorKwargs: ReadonlyMap<string, Shape[]>,
  ) {}

  /** keyword argument under any of `names` (v1 spellings after v2), as an operand; undefined when absent or null */
  named(...names: string[]): Operand | undefined {
    for (const n of names) {
      const t = this.tensorKwargs.get(n);
      if (t && t.length === 1) return { shape: t[0] };
      if (t) throw shapeError(this.c, `"${n}" holds ${t.length} tensors`);
      const v = this.kwargs[n];
      if (v !== undefined && v !== null) return { value: v };
    }
    return undefined;
  }

  /** a keyword argument that must be a constant (an axis, a shape) */
  constant(...names: string[]): unknown {
    const o = this.named(...names);
    if (o && 'shape' in o) throw shapeError(this.c, `"${names[0]}" is a tensor computed in the model, so the output shape is not static here`);
    return o?.value;
  }

  /** the first positional argument's shape (a constant has its own shape) */
  first(): Shape {
    const o = this.positional[0];
    if (!o) throw shapeError(this.c, 'has no input');
    return operandShape(o);
  }

  /** an integer keyword argument, `fallback` when absent */
  int(names: string[], fallback: number | null): number | null {
    const v = this.constant(...names);
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    throw shapeError(this.c, `expected an integer for "${names[0]}", got ${JSON.stringify(v)}`);
  }

  ints(names: string[]): number[] | undefined {
    const v = this.constant(...names);
    if (v === undefined) return undefined;
    const list = typeof v === 'number' ? [v] : v;
    if (Array.isArray(list) && list.every((x) => typeof x === 'number' && Number.isInteger(x))) return list as number[];
    throw shapeError(this.c, `expected integers for "${names[0]}", got ${JSON.stringify(v)}`);
  }

  bool(names: string[]): boolean {
    return this.constant(...names) === true;
  }
}

/** A constant's shape: nested lists give their lengths; a scalar is `()`. */
function operandShape(o: Operand): Shape {
  if ('shape' in o) return o.shape;
  const dims: number[] = [];
  let v = o.value;
  while (Array.isArray(v)) {
    dims.push(v.length);
    v = v[0];
  }
  return dims;
}

/** `axis` of a rank-`rank` tensor, negative counted from the end, checked in range. */
function axisOf(c: LayerConfig, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw shapeError(c, `axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/** Two dims that must agree (concat's other axes): a known one wins over unknown. */
function mergeDim(c: LayerConfig, a: Dim, b: Dim): Dim {
  if (a === null) return b;
  if (b === null || a === b) return a;
  throw shapeError(c, `dimensions ${a} and ${b} do not match`);
}

type Rule = (call: OpCall, op: TfOp) => OutputShape;

const RULES: Readonly<Record<TfOpKind, Rule>> = {
  elementwise: (call) => call.first(),
  broadcast: (call, op) => {
    const shapes = call.positional.map((o) => operandShape(o));
    for (const n of op.operands ?? []) {
      const o = call.named(n);
      if (o) shapes.push(operandShape(o));
    }
    if (shapes.length === 0) throw shapeError(call.c, 'has no input');
    return shapes.reduce((a, b) => broadcastStatic(call.c, a, b));
  },
  reduce: (call) => {
    const x = call.first();
    const axes = call.ints(['axis', 'reduction_indices']);
    const keep = call.bool(['keepdims', 'keep_dims']);
    const drop = new Set((axes ?? x.map((_, i) => i)).map((a) => axisOf(call.c, a, x.length)));
    return keep ? x.map((d, i) => (drop.has(i) ? 1 : d)) : x.filter((_, i) => !drop.has(i));
  },
  argreduce: (call) => {
    const x = call.first();
    const a = axisOf(call.c, call.int(['axis', 'dimension'], 0)!, x.length);
    return x.filter((_, i) => i !== a);
  },
  reshape: (call) => reshaped(call.c, call.first(), call.ints(['shape'])),
  transpose: (call) => {
    const x = call.first();
    const perm = call.ints(['perm']) ?? x.map((_, i) => x.length - 1 - i);
    if (perm.length !== x.length) throw shapeError(call.c, `perm ${JSON.stringify(perm)} does not fit ${fmt(x)}`);
    return perm.map((p) => x[axisOf(call.c, p, x.length)]);
  },
  matrix_transpose: (call) => {
    const x = call.first();
    if (x.length < 2) throw shapeError(call.c, `needs a rank of at least 2, got ${fmt(x)}`);
    return [...x.slice(0, -2), x[x.length - 1], x[x.length - 2]];
  },
  expand_dims: (call) => {
    const x = call.first();
    const a = axisOf(call.c, call.int(['axis', 'dim'], null) ?? 0, x.length + 1);
    return [...x.slice(0, a), 1, ...x.slice(a)];
  },
  squeeze: (call) => {
    const x = call.first();
    const axes = call.ints(['axis', 'squeeze_dims']);
    // TensorFlow cannot tell which unknown dims are 1: squeezing all of them leaves the rank unknown
    if (!axes || axes.length === 0) {
      if (x.includes(null)) throw shapeError(call.c, `squeezing every size-1 axis of ${fmt(x)} leaves TensorFlow's static shape unknown`);
      return x.filter((d) => d !== 1);
    }
    const drop = new Set(axes.map((a) => axisOf(call.c, a, x.length)));
    for (const a of drop) if (x[a] !== null && x[a] !== 1) throw shapeError(call.c, `cannot squeeze axis ${a} of ${fmt(x)}`);
    return x.filter((_, i) => !drop.has(i));
  },
  concat: (call) => {
    const shapes = call.positional.map((o) => operandShape(o));
    if (shapes.length === 0) throw shapeError(call.c, 'has no input');
    const rank = shapes[0].length;
    const a = axisOf(call.c, call.int(['axis', 'concat_dim'], null) ?? 0, rank);
    return shapes.reduce((acc, s) => {
      if (s.length !== rank) throw shapeError(call.c, `cannot concatenate ${fmt(acc)} and ${fmt(s)}`);
      return acc.map((d, i) => (i === a ? (d === null || s[i] === null ? null : d + s[i]!) : mergeDim(call.c, d, s[i])));
    });
  },
  stack: (call) => {
    const shapes = call.positional.map((o) => operandShape(o));
    if (shapes.length === 0) throw shapeError(call.c, 'has no input');
    const merged = shapes.reduce((acc, s) => {
      if (s.length !== acc.length) throw shapeError(call.c, `cannot stack ${fmt(acc)} and ${fmt(s)}`);
      return acc.map((d, i) => mergeDim(call.c, d, s[i]));
    });
    const a = axisOf(call.c, call.int(['axis'], 0)!, merged.length + 1);
    return [...merged.slice(0, a), shapes.length, ...merged.slice(a)];
  },
  matmul: (call) => {
    const a = call.first();
    const bo = call.named('b');
    if (!bo) throw shapeError(call.c, 'has no second operand "b"');
    const b = operandShape(bo);
    if (a.length < 2 || b.length < 2) throw shapeError(call.c, `matmul needs rank 2 or more, got ${fmt(a)} and ${fmt(b)}`);
    const ta = call.bool(['transpose_a']) || call.bool(['adjoint_a']);
    const tb = call.bool(['transpose_b']) || call.bool(['adjoint_b']);
    const m = a[a.length - (ta ? 1 : 2)];
    const n = b[b.length - (tb ? 2 : 1)];
    mergeDim(call.c, a[a.length - (ta ? 2 : 1)], b[b.length - (tb ? 1 : 2)]);
    return [...broadcastStatic(call.c, a.slice(0, -2), b.slice(0, -2)), m, n];
  },
  einsum: (call) => {
    const [eq, ...rest] = call.positional;
    if (!eq || !('value' in eq) || typeof eq.value !== 'string') throw shapeError(call.c, 'has no equation');
    return einsumShape(call.c, eq.value, rest.map((o) => operandShape(o)));
  },
  getitem: (call) => indexedShape(call.c, call.first(), call.constant('slice_spec')),
  shape: (call) => [call.first().length],
  tile: (call) => {
    const x = call.first();
    const m = call.ints(['multiples']);
    if (!m || m.length !== x.length) throw shapeError(call.c, `multiples do not fit ${fmt(x)}`);
    return x.map((d, i) => (d === null ? null : d * m[i]));
  },
  pad: (call) => {
    const x = call.first();
    const p = call.constant('paddings');
    if (!Array.isArray(p) || p.length !== x.length || !p.every((r) => Array.isArray(r) && r.length === 2 && r.every((v) => Number.isInteger(v)))) {
      throw shapeError(call.c, `paddings ${JSON.stringify(p)} do not fit ${fmt(x)}`);
    }
    return x.map((d, i) => (d === null ? null : d + (p[i] as number[])[0] + (p[i] as number[])[1]));
  },
  image_resize: (call) => {
    const x = call.first();
    const size = call.ints(['size']);
    if (!size || size.length !== 2 || (x.length !== 3 && x.length !== 4)) throw shapeError(call.c, `cannot resize ${fmt(x)} to ${JSON.stringify(size)}`);
    return [...x.slice(0, x.length - 3), size[0], size[1], x[x.length - 1]];
  },
  split: (call) => {
    const x = call.first();
    const a = axisOf(call.c, call.int(['axis'], 0)!, x.length);
    const n = call.constant('num_or_size_splits');
    const d = x[a];
    let sizes: Dim[];
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) {
      if (d !== null && d % n !== 0) throw shapeError(call.c, `cannot split ${d} into ${n} equal parts`);
      sizes = Array<Dim>(n).fill(d === null ? null : d / n);
    } else if (Array.isArray(n) && n.every((v) => Number.isInteger(v))) {
      const known = (n as number[]).filter((v) => v !== -1).reduce((t, v) => t + v, 0);
      sizes = (n as number[]).map((v) => (v !== -1 ? v : d === null ? null : d - known));
    } else throw shapeError(call.c, `num_or_size_splits ${JSON.stringify(n)} is not static here`);
    return sizes.map((size) => x.map((dim, i) => (i === a ? size : dim)));
  },
  gather: (call) => {
    const x = call.first();
    if (call.int(['batch_dims'], 0) !== 0) throw shapeError(call.c, 'gather with batch_dims is not modelled');
    const a = axisOf(call.c, call.int(['axis'], 0)!, x.length);
    const idx = call.named('indices');
    if (!idx) throw shapeError(call.c, 'has no indices');
    return [...x.slice(0, a), ...operandShape(idx), ...x.slice(a + 1)];
  },
  one_hot: (call) => {
    const x = call.first();
    const depth = call.int(['depth'], null);
    if (depth === null) throw shapeError(call.c, 'has no constant depth');
    const a = call.int(['axis'], -1)!;
    const at = a === -1 ? x.length : axisOf(call.c, a, x.length + 1);
    return [...x.slice(0, at), depth, ...x.slice(at)];
  },
  depth_to_space: (call) => blocks(call, 'up'),
  space_to_depth: (call) => blocks(call, 'down'),
  broadcast_to: (call) => {
    const shape = call.ints(['shape']);
    if (!shape) throw shapeError(call.c, 'has no constant target shape');
    broadcastStatic(call.c, call.first(), shape); // must broadcast; the result is the target shape
    return shape;
  },
};

/** depth_to_space / space_to_depth on NHWC: space grows (or shrinks) by the block, depth the other way. */
function blocks(call: OpCall, dir: 'up' | 'down'): Shape {
  const x = call.first();
  const b = call.int(['block_size'], null);
  if (b === null || b < 2 || x.length !== 4) throw shapeError(call.c, `cannot rearrange ${fmt(x)} by blocks of ${b}`);
  if (call.constant('data_format') !== undefined && call.constant('data_format') !== 'NHWC') throw shapeError(call.c, 'only NHWC is modelled');
  const [n, h, w, c] = x;
  const mul = (d: Dim, k: number) => (d === null ? null : d * k);
  const div = (d: Dim, k: number) => (d === null ? null : d / k);
  return dir === 'up' ? [n, mul(h, b), mul(w, b), div(c, b * b)] : [n, div(h, b), div(w, b), mul(c, b * b)];
}

/** `tf.reshape`: one -1 takes what is left, unknown when the input's size is. */
function reshaped(c: LayerConfig, x: Shape, target: number[] | undefined): Shape {
  if (!target) throw shapeError(c, 'has no target shape');
  const free = target.filter((d) => d === -1).length;
  if (free > 1 || target.some((d) => d < -1)) throw shapeError(c, `invalid target shape ${JSON.stringify(target)}`);
  const size = x.some((d) => d === null) ? null : x.reduce<number>((n, d) => n * d!, 1);
  const rest = target.filter((d) => d !== -1).reduce((n, d) => n * d, 1);
  if (free === 0) {
    if (size !== null && size !== rest) throw shapeError(c, `cannot reshape ${fmt(x)} (${size} values) to ${fmt(target)}`);
    return target;
  }
  if (size !== null && (rest === 0 || size % rest !== 0)) throw shapeError(c, `cannot reshape ${fmt(x)} to ${JSON.stringify(target)}`);
  return target.map((d) => (d === -1 ? (size === null ? null : size / rest) : d));
}

/** `tf.einsum(equation, *inputs)`: each label's size from the operands, `...` broadcast. */
function einsumShape(c: LayerConfig, equation: string, shapes: Shape[]): Shape {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhs] = eq.split('->');
  const terms = lhs.split(',');
  if (terms.length !== shapes.length) throw shapeError(c, `equation "${equation}" needs ${terms.length} operands, got ${shapes.length}`);
  const sizes = new Map<string, Dim>();
  let ellipsis: Shape | undefined;
  terms.forEach((t, i) => {
    const s = shapes[i];
    const labels = t.replace('...', '');
    const nEll = s.length - labels.length;
    if (nEll < 0 || (nEll > 0 && !t.includes('...'))) throw shapeError(c, `term "${t}" does not fit ${fmt(s)}`);
    const at = t.indexOf('...');
    const ownEll = at >= 0 ? s.slice(at, at + nEll) : [];
    ellipsis = ellipsis ? broadcastStatic(c, ellipsis, ownEll) : ownEll;
    const dims = at >= 0 ? [...s.slice(0, at), ...s.slice(at + nEll)] : s;
    [...labels].forEach((l, k) => {
      const d = dims[k];
      const had = sizes.get(l);
      sizes.set(l, had === undefined ? d : had === 1 ? d : d === 1 ? had : mergeDim(c, had, d));
    });
  });
  const out = rhs ?? [...new Set(lhs.replace(/[,.]/g, ''))].filter((l) => lhs.split(l).length === 2).sort().join('');
  const outDims: Dim[] = [];
  const at = out.indexOf('...');
  const labels = out.replace('...', '');
  [...labels].forEach((l) => {
    if (!sizes.has(l)) throw shapeError(c, `output label "${l}" is in no operand`);
    outDims.push(sizes.get(l)!);
  });
  if (at >= 0 || (rhs === undefined && ellipsis && ellipsis.length)) outDims.splice(at >= 0 ? at : 0, 0, ...(ellipsis ?? []));
  return outDims;
}

/** The call's operands: positional tensors in order with constants at their positions, keyword tensors by keyword. */
function recordedCall(c: LayerConfig, inputs: Shape[], call: CallArgs | undefined): OpCall {
  const keywords = call?.inputKeywords ?? inputs.map(() => null);
  const positional: Operand[] = [];
  const tensorKwargs = new Map<string, Shape[]>();
  inputs.forEach((s, i) => {
    const k = keywords[i];
    if (k === null || k === undefined) positional.push({ shape: s });
    else tensorKwargs.set(k, [...(tensorKwargs.get(k) ?? []), s]);
  });
  for (const { index, value } of call?.constants ?? []) positional.splice(index, 0, { value });
  return new OpCall(c, positional, call?.kwargs ?? {}, tensorKwargs);
}

export function tfOpOutputShape(c: LayerConfig, inputs: Shape[], ctx: LayerContext): OutputShape {
  const fn = c.str('function');
  const op = tfOp(fn);
  if (!op) throw new Error(`no shape rule for TensorFlow function tf.${fn}`);
  return RULES[op.kind](recordedCall(c, inputs, ctx.call), op);
}

/** tf.keras 2.4-2.15 only: Keras 3 has no such layers (it cannot load these files). */
export const tfOpLambda = defineLayer({
  names: ['TFOpLambda', 'SlicingOpLambda'],
  category: 'core',
  versions: '2',
  outputShape: tfOpOutputShape,
});

export const tfOpLayers = [tfOpLambda];

// Shape arithmetic shared by the layer families: convolution, pooling and locally-connected lengths
// (Keras' conv_utils / operation_utils, shared docs/layer-math.md §1), broadcasting, indexing.
import type { Dim, Shape } from '../types/shape.js';
import { shapeError, type LayerConfig } from './config.js';

export type Padding = 'valid' | 'same' | 'causal' | 'full';

/** Output length of a convolution along one axis; null stays null. */
export function convOutputLength(length: Dim, kernel: number, padding: Padding, stride: number, dilation = 1): Dim {
  if (length === null) return null;
  const ke = (kernel - 1) * dilation + 1;
  switch (padding) {
    case 'same':
    case 'causal':
      return Math.floor((length + stride - 1) / stride);
    case 'valid':
      return Math.floor((length - ke + stride) / stride);
    case 'full':
      return Math.floor((length + ke - 1 + stride - 1) / stride);
  }
}

/** Output length of pooling along one axis (pool window, no dilation). */
export function poolOutputLength(length: Dim, pool: number, padding: Padding, stride: number): Dim {
  return convOutputLength(length, pool, padding, stride, 1);
}

/** Transposed-convolution output length (Keras `deconv_output_length`). */
export function deconvOutputLength(
  length: Dim, kernel: number, padding: Padding, stride: number, outputPadding: number | null, dilation = 1,
): Dim {
  if (length === null) return null;
  const ke = (kernel - 1) * dilation + 1;
  if (outputPadding === null) {
    if (padding === 'valid') return length * stride + Math.max(ke - stride, 0);
    if (padding === 'full') return length * stride - (stride + ke - 2);
    return length * stride;
  }
  const pad = padding === 'same' ? Math.floor(ke / 2) : padding === 'valid' ? 0 : ke - 1;
  return (length - 1) * stride + ke - 2 * pad + outputPadding;
}

export function padding(c: LayerConfig, key = 'padding'): Padding {
  const p = c.str(key).toLowerCase();
  if (p === 'valid' || p === 'same' || p === 'causal' || p === 'full') return p;
  return c.fail(key, '"valid", "same", "causal" or "full"');
}

export function channelsFirst(c: LayerConfig): boolean {
  const f = c.get('data_format');
  return f === 'channels_first';
}

/** Splits `(batch, *spatial, channels)` or `(batch, channels, *spatial)` per data_format. */
export function splitSpatial(c: LayerConfig, x: Shape, rank: number): { batch: Dim; spatial: Dim[]; channels: Dim } {
  requireRank(c, x, rank + 2);
  return channelsFirst(c)
    ? { batch: x[0], channels: x[1], spatial: x.slice(2) }
    : { batch: x[0], channels: x[rank + 1], spatial: x.slice(1, rank + 1) };
}

export function joinSpatial(c: LayerConfig, batch: Dim, spatial: Dim[], channels: Dim): Shape {
  return channelsFirst(c) ? [batch, channels, ...spatial] : [batch, ...spatial, channels];
}

/** The output shape of a layer that returns its (first) input's shape. */
export function sameShape(c: LayerConfig, [x]: Shape[]): Shape {
  if (!x) throw shapeError(c, 'has no input');
  return x;
}

export function requireRank(c: LayerConfig, x: Shape | undefined, rank: number): asserts x is Shape {
  if (!x) throw shapeError(c, 'has no input');
  if (x.length !== rank) throw shapeError(c, `expected an input of rank ${rank}, got ${fmt(x)}`);
}

/** A dimension that must be known to size a weight (e.g. Dense input features). */
export function known(c: LayerConfig, d: Dim | undefined, what: string): number {
  if (d === null || d === undefined) throw shapeError(c, `${what} must be known to build its weights`);
  return d;
}

export function positive(c: LayerConfig, d: Dim, what: string): Dim {
  if (d !== null && d <= 0) throw shapeError(c, `${what} would be ${d}: the input is too small`);
  return d;
}

/** A shape as Python prints a tuple: `(None, 32)`, `(4,)`. */
export function fmt(s: readonly Dim[]): string {
  return `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
}

export function product(dims: readonly Dim[]): Dim {
  let n = 1;
  for (const d of dims) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/**
 * TensorFlow's static broadcast of two full shapes (`tf.broadcast_static_shape`): trailing dims
 * aligned; a 1 yields the other dim; an unknown dim against a known one above 1 takes the known
 * one, against 1 stays unknown. (Keras' merge layers differ: there an unknown dim wins.)
 */
export function broadcastStatic(c: LayerConfig, a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let k = 0; k < n; k++) {
    const i = k - (n - a.length) >= 0 ? a[k - (n - a.length)] : 1;
    const j = k - (n - b.length) >= 0 ? b[k - (n - b.length)] : 1;
    if (i === null || j === null) out.push(i === null ? (j !== null && j > 1 ? j : null) : i > 1 ? i : null);
    else if (i === 1 || i === j) out.push(j);
    else if (j === 1) out.push(i);
    else throw shapeError(c, `shapes ${fmt(a)} and ${fmt(b)} do not broadcast`);
  }
  return out;
}

type SliceBounds = { start?: unknown; stop?: unknown; step?: unknown };

/** The ellipsis as Keras serializes it in a key (`{"class_name": "__ellipsis__"}`). */
function isEllipsis(e: unknown): boolean {
  return typeof e === 'object' && e !== null && !Array.isArray(e) && (e as Record<string, unknown>).class_name === '__ellipsis__';
}

/** A slice's bounds: tf.keras writes `{start, stop, step}`, Keras 3 `{"class_name": "__slice__", "config": {…}}`. */
function sliceBounds(e: unknown): SliceBounds | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
  const o = e as Record<string, unknown>;
  if (o.class_name === '__slice__') return typeof o.config === 'object' && o.config !== null ? (o.config as SliceBounds) : {};
  return 'start' in o || 'stop' in o || 'step' in o ? o : undefined;
}

/**
 * The shape of `x[key]` (tf.keras SlicingOpLambda's `slice_spec`, Keras 3 GetItem's key): slices
 * keep the axis, integer indices drop it (checked in range), `null` (newaxis) adds one, one
 * ellipsis fills; axes past the key are kept. A known length is sliced as Python does; an unknown
 * one stays unknown (TensorFlow's strided-slice shape, Keras 3 GetItem.compute_output_spec).
 */
export function indexedShape(c: LayerConfig, x: Shape, key: unknown): Shape {
  const entries = Array.isArray(key) ? key : [key];
  const consuming = entries.filter((e) => sliceBounds(e) || typeof e === 'number').length;
  if (entries.filter(isEllipsis).length > 1) throw shapeError(c, 'a slice has two ellipses');
  if (consuming > x.length) throw shapeError(c, `too many indices for ${fmt(x)}`);
  const out: Dim[] = [];
  let axis = 0;
  for (const e of entries) {
    const bounds = sliceBounds(e);
    if (e === null) out.push(1);
    else if (isEllipsis(e)) {
      const n = x.length - consuming;
      out.push(...x.slice(axis, axis + n));
      axis += n;
    } else if (typeof e === 'number' && Number.isInteger(e)) {
      const d = x[axis];
      if (d !== null && (e >= d || e < -d)) throw shapeError(c, `index ${e} is out of range for axis ${axis} of ${fmt(x)}`);
      axis++;
    } else if (bounds) {
      out.push(sliceLength(c, x[axis], bounds));
      axis++;
    } else throw shapeError(c, `slice entry ${JSON.stringify(e)} is not static here`);
  }
  return [...out, ...x.slice(axis)];
}

/** Length of `range(d)[start:stop:step]` (Python's `slice.indices(d)`); unknown when d is. */
function sliceLength(c: LayerConfig, d: Dim, s: SliceBounds): Dim {
  const part = (v: unknown): number | null => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    throw shapeError(c, `slice bound ${JSON.stringify(v)} is not a constant`);
  };
  const start = part(s.start);
  const stop = part(s.stop);
  const step = part(s.step) ?? 1;
  if (step === 0) throw shapeError(c, 'slice step cannot be zero');
  if (d === null) return null;
  const clamp = (v: number | null, dflt: number, lo: number, hi: number) => (v === null ? dflt : Math.min(Math.max(v < 0 ? v + d : v, lo), hi));
  const [lo, hi] = step > 0 ? [0, d] : [-1, d - 1];
  const b = clamp(start, step > 0 ? 0 : d - 1, lo, hi);
  const e = clamp(stop, step > 0 ? d : -1, lo, hi);
  return Math.max(0, Math.ceil((e - b) / step));
}

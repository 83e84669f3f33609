// The array operations Keras applies to legacy weights on load (keras-formats.md §2.6): axis
// permutations and concatenation along the last axis. C order, any numeric typed array.
import type { TensorData } from '../readers/tensor-data.js';

type Numeric = Exclude<TensorData, BigInt64Array | BigUint64Array>;

/** `np.transpose(x, perm)` of a C-ordered tensor. */
export function transpose<T extends Numeric>(x: T, shape: readonly number[], perm: readonly number[]): { data: T; shape: number[] } {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const inStrides = stridesOf(shape);
  // stride in the input of each output axis
  const step = perm.map((p) => inStrides[p]);
  const out = new (x.constructor as new (n: number) => T)(x.length);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = x[src];
    // advance the output index odometer, keeping `src` in step
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      src += step[d];
      if (idx[d] < outShape[d]) break;
      src -= step[d] * outShape[d];
      idx[d] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/** `np.concatenate(xs, axis=-1)`: every part has the same leading axes. */
export function concatLast<T extends Numeric>(parts: { data: T; shape: readonly number[] }[]): { data: T; shape: number[] } {
  const lead = parts[0].shape.slice(0, -1);
  for (const p of parts) {
    if (p.shape.length !== lead.length + 1 || p.shape.slice(0, -1).some((d, i) => d !== lead[i])) {
      throw new Error(`cannot concatenate shapes ${parts.map((q) => `(${q.shape.join(', ')})`).join(' and ')}`);
    }
  }
  const widths = parts.map((p) => p.shape[p.shape.length - 1]);
  const width = widths.reduce((a, b) => a + b, 0);
  const rows = lead.reduce((a, b) => a * b, 1);
  const out = new (parts[0].data.constructor as new (n: number) => T)(rows * width);
  for (let r = 0; r < rows; r++) {
    let at = r * width;
    parts.forEach((p, i) => {
      out.set(p.data.subarray(r * widths[i], (r + 1) * widths[i]) as ArrayLike<number> as T, at);
      at += widths[i];
    });
  }
  return { data: out, shape: [...lead, width] };
}

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1] * shape[d + 1];
  return s;
}

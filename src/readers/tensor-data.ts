// Raw little-endian tensor bytes → typed arrays, shared by every container that stores tensors.
// float16 and bfloat16 have no JS typed array in Node 20, so they are widened to float32 here.
import type { DType } from './types.js';

export type TensorData =
  | Float32Array | Float64Array
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array;

const ITEM_BYTES: Record<DType, number> = {
  float16: 2, bfloat16: 2, float32: 4, float64: 8,
  int8: 1, int16: 2, int32: 4, int64: 8,
  uint8: 1, uint16: 2, uint32: 4, uint64: 8,
  bool: 1, string: 0, unknown: 0,
};

/** Bytes per stored element; 0 for types we cannot decode as numbers. */
export function itemBytes(dtype: DType): number {
  return ITEM_BYTES[dtype];
}

/** IEEE 754 binary16 → number (subnormals, ±Inf and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Decodes `bytes` (little-endian, whole elements) stored as `dtype`. By default the result owns a
 * copy; with `view` it shares the bytes' memory when they are aligned (no copy: the caller keeps
 * the bytes alive and unchanged for as long as it uses the result).
 */
export function decodeTensorBytes(bytes: Uint8Array, dtype: DType, view = false): TensorData {
  const size = itemBytes(dtype) || 1;
  const n = bytes.length / size;
  const aligned = (): [ArrayBufferLike, number, number] => {
    if (view && bytes.byteOffset % size === 0) return [bytes.buffer, bytes.byteOffset, n];
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return [copy.buffer, 0, n];
  };
  switch (dtype) {
    case 'float32': return new Float32Array(...aligned());
    case 'float64': return new Float64Array(...aligned());
    case 'int8': return new Int8Array(...aligned());
    case 'int16': return new Int16Array(...aligned());
    case 'int32': return new Int32Array(...aligned());
    case 'int64': return new BigInt64Array(...aligned());
    case 'uint8': case 'bool': return new Uint8Array(...aligned());
    case 'uint16': return new Uint16Array(...aligned());
    case 'uint32': return new Uint32Array(...aligned());
    case 'uint64': return new BigUint64Array(...aligned());
    case 'float16': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(bytes[2 * i] | (bytes[2 * i + 1] << 8));
      return out;
    }
    case 'bfloat16': {
      // bfloat16 is the upper half of a float32: shift the two bytes into place.
      const out = new Float32Array(n);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = ((bytes[2 * i] | (bytes[2 * i + 1] << 8)) << 16) >>> 0;
      return out;
    }
    default:
      throw new Error(`cannot decode ${dtype} tensor data`);
  }
}

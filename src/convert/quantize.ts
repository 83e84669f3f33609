// TensorFlow.js weight quantization (keras-formats.md §7.3, tfjs-converter quantization.py): affine
// uint8/uint16 with the range nudged so that 0 is exact, or IEEE half floats.

export interface AffineRange {
  min: number;
  scale: number;
}

/** tfjs-converter's `_get_quantization_range`: scale = (max-min)/(2^bits-1), min nudged to a zero point. */
export function affineRange(min: number, max: number, bits: 8 | 16): AffineRange {
  const qmax = 2 ** bits - 1;
  if (!(max > min)) return { min, scale: 1 };
  const scale = (max - min) / qmax;
  const zeroPoint = Math.round(Math.min(qmax, Math.max(0, -min / scale)));
  return { min: -zeroPoint * scale, scale };
}

export function quantizeAffine(values: ArrayLike<number>, range: AffineRange, bits: 8 | 16): Uint8Array {
  const qmax = 2 ** bits - 1;
  const out = bits === 8 ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = Math.round((values[i] - range.min) / range.scale);
    out[i] = q < 0 ? 0 : q > qmax ? qmax : q;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 → IEEE binary16 bits, round to nearest even (overflow to ±Inf, NaN kept). */
export function floatToHalf(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rest > mid || (rest === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return sign | half;
}

export function toHalfBytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = floatToHalf(values[i]);
  return new Uint8Array(out.buffer);
}

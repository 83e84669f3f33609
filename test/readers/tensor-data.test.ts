import { describe, expect, it } from 'vitest';
import { decodeTensorBytes, halfToFloat } from '../../src/readers/tensor-data.js';

const le16 = (...words: number[]) => Uint8Array.from(words.flatMap((w) => [w & 0xff, w >> 8]));

describe('float16 and bfloat16 decoding', () => {
  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125], // nearest half to 1/3
    [0x7bff, 65504], // largest finite half
    [0x0001, 2 ** -24], // smallest subnormal
    [0x0400, 2 ** -14], // smallest normal
    [0x8000, -0],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])('binary16 %s → %s', (bits, value) => {
    expect(halfToFloat(bits)).toBe(value);
    expect(decodeTensorBytes(le16(bits), 'float16')[0]).toBe(value);
  });

  it('binary16 NaN stays NaN', () => {
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it.each([
    [0x3f80, 1], // upper half of float32 1.0 (0x3f800000)
    [0xc040, -3],
    [0x3eab, 0.333984375],
    [0x7f80, Infinity],
    [0x0000, 0],
  ])('bfloat16 %s → %s', (bits, value) => {
    expect(decodeTensorBytes(le16(bits), 'bfloat16')[0]).toBe(value);
  });

  it('numeric types come back as the matching typed array, copied unless owned', () => {
    const bytes = Uint8Array.from([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    const ints = decodeTensorBytes(bytes, 'int32');
    expect(ints).toBeInstanceOf(Int32Array);
    expect(Array.from(ints)).toEqual([1, -1]);
    bytes[0] = 7;
    expect(ints[0]).toBe(1);
    expect(Array.from(decodeTensorBytes(bytes, 'uint32', true))).toEqual([7, 4294967295]);
    expect(decodeTensorBytes(Uint8Array.from([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]), 'float64')[0]).toBe(1);
  });
});

import { describe, expect, test } from 'vitest';
import { readMarshalCode, MarshalError, MAX_MARSHAL_DEPTH } from '../../src/audit/python/marshal.js';
import { readFileSync } from 'node:fs';
import { decodeLambdaCode, pythonBase64 } from '../../src/audit/python/lambda-code.js';

describe('marshal reader on hostile bytes', () => {
  test('rejects data that is not a code object', () => {
    expect(() => readMarshalCode(Uint8Array.from([0x69, 1, 0, 0, 0]))).toThrow(MarshalError);
    expect(() => readMarshalCode(new Uint8Array(0))).toThrow(MarshalError);
  });

  test('a length beyond the data fails instead of allocating', () => {
    // TYPE_CODE, 5 ints, then a bytes object claiming 2 GiB
    const b = [0x63, ...new Array(20).fill(0), 0x73, 0xff, 0xff, 0xff, 0x7f];
    expect(() => readMarshalCode(Uint8Array.from(b))).toThrow(/bad length|truncated/);
  });

  test('deep nesting is bounded', () => {
    const deep = [0x63, ...new Array(20).fill(0), 0x73, 0, 0, 0, 0, ...new Array(MAX_MARSHAL_DEPTH + 5).fill([0x29, 1]).flat(), 0x4e];
    expect(() => readMarshalCode(Uint8Array.from(deep))).toThrow(MarshalError);
  });

  test('a reference to a slot not yet filled is refused', () => {
    const b = [0x63, ...new Array(20).fill(0), 0x72, 5, 0, 0, 0];
    expect(() => readMarshalCode(Uint8Array.from(b))).toThrow(/bad reference/);
  });
});

describe('decodeLambdaCode', () => {
  test('empty and oversized strings are undecodable, never thrown', () => {
    expect(decodeLambdaCode('').ok).toBe(false);
    expect(decodeLambdaCode('A'.repeat(2 * 1024 * 1024)).ok).toBe(false);
  });
});

describe('pythonBase64 decodes as binascii.a2b_base64 (non-strict) does', () => {
  // Inputs and Python 3's own results, written by scripts/fixtures/python_base64.py.
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/audit/python-base64.json', import.meta.url), 'utf8')) as { cases: [string, string | null][] };
  test.each(fixture.cases.map(([text, hex], i) => [i, text, hex] as const))('case %i', (_i, text, hex) => {
    const got = pythonBase64(text);
    // Python returns b'' for input without data; Keras then fails in marshal.loads, as we do.
    expect(got === null ? (hex === '' ? '' : null) : Buffer.from(got).toString('hex')).toBe(hex);
  });
});

describe('Python 2 marshal strings', () => {
  test('an R reference to a string not yet interned is refused', () => {
    // TYPE_CODE, 4 ints, co_code 's' of length 0, co_consts tuple holding R 3
    const b = [0x63, ...new Array(16).fill(0), 0x73, 0, 0, 0, 0, 0x28, 1, 0, 0, 0, 0x52, 3, 0, 0, 0];
    expect(() => readMarshalCode(Uint8Array.from(b))).toThrow(MarshalError);
  });
});

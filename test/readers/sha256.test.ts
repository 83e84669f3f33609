// The piecewise SHA-256 the web app hashes dropped files with, against node:crypto's and the
// FIPS 180-4 example digests, fed whole and in uneven pieces across block and padding boundaries.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { Sha256 } from '../../src/readers/sha256.js';

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('Sha256', () => {
  test('FIPS 180-4 examples', () => {
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).hex()).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  test.each([1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 100_003])('%i bytes, whole and in pieces, as node:crypto', (n) => {
    const bytes = new Uint8Array(randomBytes(n));
    expect(new Sha256().update(bytes).hex()).toBe(node(bytes));
    const pieces = new Sha256();
    for (let at = 0, step = 1; at < n; at += step, step = ((step * 7 + 3) % 97) + 1) pieces.update(bytes.subarray(at, at + step));
    expect(pieces.hex()).toBe(node(bytes));
  });
});

// blobDigest, the web app's streamed provenance, against node:crypto: a stream that hands over
// uneven pieces (across SHA-256's 64-byte blocks and its padding) must give the whole file's digest.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { blobDigest, type StreamableBlob } from '../../src/readers/sha256.js';

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A Blob-like stream handing out `bytes` in pieces of varying length. */
function pieces(bytes: Uint8Array): StreamableBlob {
  return {
    size: bytes.length,
    stream() {
      let at = 0;
      let step = 1;
      return {
        getReader: () => ({
          async read() {
            if (at >= bytes.length) return { done: true };
            const value = bytes.subarray(at, at + step);
            at += step;
            step = ((step * 7 + 3) % 97) + 1;
            return { done: false, value };
          },
        }),
      };
    },
  };
}

describe('blobDigest', () => {
  test.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 100_003])('%i bytes in uneven pieces, as node:crypto', async (n) => {
    const bytes = new Uint8Array(randomBytes(n));
    const seen: number[] = [];
    expect(await blobDigest(pieces(bytes), (done) => seen.push(done))).toEqual({ size: n, sha256: node(bytes) });
    expect(seen.at(-1) ?? 0).toBe(n);
  });
});

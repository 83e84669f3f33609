// The SHA-256 of a dropped file, hashed as it streams: a browser's Web Crypto hashes only whole
// buffers, and a 500 MB file must never be held at once. @noble/hashes (audited, no dependencies)
// hashes piece by piece; Node code uses node:crypto (digest.ts). Nothing else is imported here, so
// the web app's hashing worker stays small.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { FileDigest } from './digest.js';

/** The part of a DOM Blob that blobDigest reads. */
export interface StreamableBlob {
  readonly size: number;
  stream(): { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> } };
}

/**
 * The size and SHA-256 of a dropped file, streamed (a large file is never held whole): the audit
 * report's provenance, as digest.ts gives the CLI's for a file on disk. `onProgress` hears the
 * bytes hashed so far.
 */
export async function blobDigest(blob: StreamableBlob, onProgress?: (done: number, total: number) => void): Promise<FileDigest> {
  const hash = sha256.create();
  const reader = blob.stream().getReader();
  let done = 0;
  for (let r = await reader.read(); r.value; r = await reader.read()) {
    hash.update(r.value);
    done += r.value.length;
    onProgress?.(done, blob.size);
  }
  return { size: done, sha256: bytesToHex(hash.digest()) };
}

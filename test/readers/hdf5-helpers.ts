// Shared helpers for the HDF5 reader tests: fixture paths and a ByteSource that counts its reads.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { fileSource, type ByteSource } from '../../src/readers/source.js';

export const H5 = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/h5');
export const fixture = (name: string) => join(H5, name);

export interface CountingSource extends ByteSource {
  reads: { offset: number; length: number }[];
  bytesRead(): number;
}

/** A file source that records every read; `claimSize` pretends the file is that big. */
export async function countingSource(path: string, claimSize?: number): Promise<CountingSource> {
  const inner = await fileSource(path);
  const reads: { offset: number; length: number }[] = [];
  return {
    name: inner.name,
    path: inner.path,
    size: claimSize ?? inner.size,
    reads,
    bytesRead: () => reads.reduce((n, r) => n + r.length, 0),
    async read(offset, length) {
      const bytes = await inner.read(offset, length);
      reads.push({ offset, length: bytes.length });
      return bytes;
    },
    close: () => inner.close(),
  };
}

// The HDF5 Data Layout message (type 8) and the v1 B-tree of raw-data chunks, read straight from
// the file bytes. jsfive's own data path returns plain JS arrays (8+ bytes per value and slow), so
// the jsfive backend uses these to reach the stored bytes and decodes them itself.
import { MAX_H5_DEPTH, MAX_H5_OBJECTS } from '../limits.js';
import { NeedsFullLibrary } from './file.js';

export type DataLayout =
  | { kind: 'compact'; offset: number; size: number }
  | { kind: 'contiguous'; address: number | null; size: number }
  | { kind: 'chunked'; btree: number | null; chunk: number[]; itemSize: number };

const UNDEFINED = 0xffffffffffffffffn;

function address(view: DataView, at: number): number | null {
  const v = view.getBigUint64(at, true);
  if (v === UNDEFINED) return null;
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('address beyond 2^53');
  return Number(v);
}

/** Parses a layout message at `at` (8-byte offsets and lengths: jsfive's only mode). */
export function parseLayout(view: DataView, at: number): DataLayout {
  const version = view.getUint8(at);
  const cls = view.getUint8(at + 1);
  if (version !== 3 && version !== 4) throw new NeedsFullLibrary(`data layout message version ${version}`);
  if (cls === 0) return { kind: 'compact', size: view.getUint16(at + 2, true), offset: at + 4 };
  if (cls === 1) return { kind: 'contiguous', address: address(view, at + 2), size: Number(view.getBigUint64(at + 10, true)) };
  if (cls === 2 && version === 3) {
    const dims = view.getUint8(at + 2);
    const btree = address(view, at + 3);
    const sizes: number[] = [];
    for (let i = 0; i < dims; i++) sizes.push(view.getUint32(at + 11 + 4 * i, true));
    return { kind: 'chunked', btree, chunk: sizes.slice(0, -1), itemSize: sizes[dims - 1] };
  }
  if (cls === 3) throw new NeedsFullLibrary('virtual dataset');
  throw new NeedsFullLibrary(`chunk index of layout version ${version}`);
}

export interface ChunkRef {
  address: number;
  /** stored (possibly compressed) size */
  size: number;
  filterMask: number;
  /** element offsets of the chunk's first element, one per dataset dimension */
  offsets: number[];
}

/** All chunks of a v1 raw-data B-tree (node type 1), depth- and count-bounded. */
export function chunkRefs(view: DataView, root: number, rank: number): ChunkRef[] {
  const out: ChunkRef[] = [];
  const keySize = 8 + 8 * (rank + 1);
  const visit = (at: number, depth: number): void => {
    if (depth > MAX_H5_DEPTH) throw new RangeError('chunk B-tree deeper than the depth limit (cyclic?)');
    if (view.getUint32(at, false) !== 0x54524545 /* "TREE" */ || view.getUint8(at + 4) !== 1) throw new RangeError('bad chunk B-tree node');
    const level = view.getUint8(at + 5);
    const used = view.getUint16(at + 6, true);
    let p = at + 8 + 16;
    for (let i = 0; i < used; i++) {
      const size = view.getUint32(p, true);
      const filterMask = view.getUint32(p + 4, true);
      const offsets: number[] = [];
      for (let d = 0; d < rank; d++) offsets.push(Number(view.getBigUint64(p + 8 + 8 * d, true)));
      const child = address(view, p + keySize);
      p += keySize + 8;
      if (child === null) continue;
      if (level > 0) visit(child, depth + 1);
      else {
        if (out.length >= MAX_H5_OBJECTS) throw new RangeError('too many chunks');
        out.push({ address: child, size, filterMask, offsets });
      }
    }
  };
  visit(root, 0);
  return out;
}

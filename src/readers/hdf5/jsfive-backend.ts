// HDF5 through jsfive (pure JS) over a PagedFile: one buffer of the file's size, loaded where read
// (paged-file.ts). Metadata comes from jsfive; tensor bytes are read straight from the file at the
// offsets the layout message gives (layout-msg.ts) and inflated with node:zlib. Layouts
// jsfive gets wrong — dense attribute storage (it silently returns no attributes), opaque types
// (bfloat16), user blocks, odd offset sizes — raise NeedsFullLibrary instead of a wrong answer.
import { inflateSync } from 'node:zlib';
import * as jsfive from 'jsfive';
import { ErrorCode, KerascopeError } from '../../errors.js';
import { H5_DIRECT_SLAB_BYTES, MAX_H5_DEPTH, MAX_TENSOR_BYTES } from '../limits.js';
import type { DType } from '../types.js';
import { NeedsFullLibrary, type DatasetInfo, type Hdf5File, type LinkKind } from './file.js';
import { chunkRefs, parseLayout, type DataLayout } from './layout-msg.js';
import { withinBudget, type Budget } from './budget.js';
import { quietly } from './quiet.js';
import type { Superblock } from './signature.js';
import { normalizeAttr } from './values.js';
import type { PagedFile } from './paged-file.js';

const MSG_DATASPACE = 0x0001;
const MSG_DATA_LAYOUT = 0x0008;
const MSG_EXTERNAL_FILES = 0x0007;
const MSG_ATTRIBUTE_INFO = 0x0015;
const MSG_ATTRIBUTE = 0x000c;

type Entry =
  | { kind: 'group'; group: jsfive.Group; ancestors: Set<number> }
  | { kind: 'dataset'; dataset: jsfive.Dataset }
  | { kind: Exclude<LinkKind, 'group' | 'dataset'> };

export function openJsfive(paged: PagedFile, sb: Superblock, file: string, budget: Budget): Hdf5File {
  if (sb.offset !== 0) throw new NeedsFullLibrary('a user block before the HDF5 data');
  if (sb.offsetSize !== 8 || sb.lengthSize !== 8) throw new NeedsFullLibrary(`${sb.offsetSize}-byte file offsets`);
  const buffer = paged.buffer;
  const view = new DataView(buffer);
  // Every read of jsfive's or ours through `view` runs here: quietly, and loading the pages it touches.
  const call = <T>(what: string, fn: () => T): T => {
    const r = quietly(() => paged.run(fn));
    if (r.error === undefined) return r.value as T;
    const e = r.error;
    if (e instanceof NeedsFullLibrary || e instanceof KerascopeError) throw e;
    // jsfive throws RangeErrors, plain strings and Errors alike; all mean "jsfive cannot read this".
    throw new NeedsFullLibrary(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  };
  const root = call('superblock', () => new jsfive.File(buffer, file));
  const cache = new Map<string, Entry>([['/', { kind: 'group', group: root, ancestors: new Set([root._dataobjects.offset]) }]]);

  const resolve = (path: string): Entry => {
    const hit = cache.get(path);
    if (hit) return hit;
    const cut = path.lastIndexOf('/');
    const parentPath = cut <= 0 ? '/' : path.slice(0, cut);
    const name = path.slice(cut + 1);
    const depth = path.split('/').length - 1;
    const parent = resolve(parentPath);
    let entry: Entry;
    if (parent.kind !== 'group') entry = { kind: 'missing' };
    else if (depth > MAX_H5_DEPTH) throw new KerascopeError(ErrorCode.LimitExceeded, `HDF5 groups nested deeper than ${MAX_H5_DEPTH} levels at ${path}`, file);
    else {
      const link = call(`links of ${parentPath}`, () => parent.group._links)[name];
      if (link === undefined) entry = { kind: 'missing' };
      else if (typeof link === 'string') entry = { kind: 'soft-link' };
      else {
        const obj = call(`object ${path}`, () => parent.group.get(name));
        if (obj instanceof jsfive.Dataset) entry = { kind: 'dataset', dataset: obj };
        else if (obj instanceof jsfive.Group) {
          const at = obj._dataobjects.offset;
          if (parent.ancestors.has(at)) throw new KerascopeError(ErrorCode.Corrupt, `cyclic HDF5 link: ${path} is one of its own ancestors`, file);
          entry = { kind: 'group', group: obj, ancestors: new Set([...parent.ancestors, at]) };
        } else entry = { kind: 'other' };
      }
    }
    cache.set(path, entry);
    return entry;
  };

  const objectOf = (path: string): jsfive.Group | jsfive.Dataset => {
    const e = resolve(path);
    if (e.kind === 'group') return e.group;
    if (e.kind === 'dataset') return e.dataset;
    throw new KerascopeError(ErrorCode.Corrupt, `HDF5 object ${path} does not exist`, file);
  };

  /** An object's attributes, checked and decoded once (the Keras layout asks for several of each). */
  const attrsCache = new Map<string, Record<string, unknown>>();
  const attrsOf = (path: string): Record<string, unknown> => {
    const hit = attrsCache.get(path);
    if (hit) return hit;
    const obj = objectOf(path);
    const attrs = call(`attributes of ${path}`, () => {
      // Attribute Info with a fractal heap address means dense storage, which jsfive skips silently.
      for (const msg of obj._dataobjects.find_msg_type(MSG_ATTRIBUTE_INFO)) {
        const at = msg.get('offset_to_message')!;
        const heap = view.getBigUint64(at + 2 + (view.getUint8(at + 1) & 1 ? 2 : 0), true);
        if (heap !== 0xffffffffffffffffn) throw new NeedsFullLibrary(`attributes of ${path} are in dense storage`);
      }
      for (const msg of obj._dataobjects.find_msg_type(MSG_ATTRIBUTE)) checkAttributeMessage(view, msg.get('offset_to_message')!, msg.get('size')!, path, file);
      return obj.attrs;
    });
    attrsCache.set(path, attrs);
    return attrs;
  };

  const infoCache = new Map<string, DatasetInfo & { ds: jsfive.Dataset; layout: DataLayout }>();
  const info = (path: string): DatasetInfo & { ds: jsfive.Dataset; layout: DataLayout } => {
    const hit = infoCache.get(path);
    if (hit) return hit;
    const made = describe(path);
    infoCache.set(path, made);
    return made;
  };
  const describe = (path: string): DatasetInfo & { ds: jsfive.Dataset; layout: DataLayout } => {
    const e = resolve(path);
    if (e.kind !== 'dataset') throw new KerascopeError(ErrorCode.Corrupt, `HDF5 dataset ${path} does not exist`, file);
    const ds = e.dataset;
    const shape = call(`shape of ${path}`, () => dataspaceShape(view, ds._dataobjects.find_msg_type(MSG_DATASPACE)[0].get('offset_to_message')!));
    const { dtype, itemSize } = call(`type of ${path}`, () => dtypeOf(ds.dtype));
    // Refuse at describe time what we could not read later, so auto mode switches library now.
    const layout = call(`layout of ${path}`, () => parseLayout(view, ds._dataobjects.find_msg_type(MSG_DATA_LAYOUT)[0].get('offset_to_message')!));
    if (layout.kind === 'chunked') {
      for (const f of call(`filters of ${path}`, () => ds._dataobjects.filter_pipeline) ?? []) {
        if (![1, 2, 3].includes(Number(f.get('filter_id')))) throw new NeedsFullLibrary(`HDF5 filter ${String(f.get('filter_id'))}`);
      }
    }
    return { ds, layout, shape, dtype, itemSize, byteLength: shape.reduce((a, b) => a * b, 1) * itemSize };
  };

  /** Checks that a dataset's data can be read here and where it lies. */
  const dataOf = (path: string) => {
    const d = info(path);
    if (d.dtype === 'string' || d.dtype === 'unknown') throw new KerascopeError(ErrorCode.Unsupported, `HDF5 dataset ${path} does not hold numbers`, file);
    if (d.ds._dataobjects.find_msg_type(MSG_EXTERNAL_FILES).length) {
      throw new KerascopeError(ErrorCode.Unsupported, `HDF5 dataset ${path} keeps its data in an external file, which is never read`, file);
    }
    return d;
  };
  /** `n` bytes at `at` of a dataset's data, once `span` bytes from `at` are known to lie in the file. */
  const inFile = (path: string, at: number, n: number, span = n): Uint8Array => {
    if (at + span > paged.size) throw new KerascopeError(ErrorCode.Corrupt, `HDF5 dataset ${path} points past the end of the file`, file);
    return n > 0 ? paged.bytes(at, n) : new Uint8Array(0);
  };

  /** A chunked (or compact) dataset's whole data, chunks inflated and placed: the one whole-tensor buffer here. */
  const assembled = (path: string): Uint8Array => {
    const { ds, byteLength, itemSize, layout, shape } = dataOf(path);
    if (layout.kind === 'compact') return inFile(path, layout.offset, Math.min(layout.size, byteLength));
    if (byteLength > MAX_TENSOR_BYTES) throw new KerascopeError(ErrorCode.LimitExceeded, `HDF5 dataset ${path} declares ${byteLength} bytes, over the ${MAX_TENSOR_BYTES}-byte limit`, file);
    const out = new Uint8Array(byteLength);
    if (layout.kind !== 'chunked' || layout.btree === null) return out;
    const filters = call(`filters of ${path}`, () => ds._dataobjects.filter_pipeline) ?? [];
    const chunkElems = layout.chunk.reduce((a, b) => a * b, 1);
    const chunkBytes = chunkElems * itemSize;
    const refs = call(`chunk index of ${path}`, () => chunkRefs(view, layout.btree!, shape.length));
    for (const ref of refs) {
      let data: Uint8Array = inFile(path, ref.address, ref.size);
      for (let i = filters.length - 1; i >= 0; i--) {
        if (ref.filterMask & (1 << i)) continue;
        data = unfilter(Number(filters[i].get('filter_id')), data, itemSize, chunkBytes, path, file);
      }
      if (data.length < chunkBytes) throw new KerascopeError(ErrorCode.Corrupt, `HDF5 dataset ${path} has a short chunk`, file);
      placeChunk(out, data, shape, layout.chunk, ref.offsets, itemSize);
    }
    return out;
  };

  return {
    backend: 'jsfive',
    kind: (path) => resolve(path).kind,
    children(path) {
      const e = resolve(path);
      if (e.kind !== 'group') throw new KerascopeError(ErrorCode.Corrupt, `HDF5 group ${path} does not exist`, file);
      return call(`links of ${path}`, () => Object.keys(e.group._links)).sort();
    },
    attrNames: (path) => Object.keys(attrsOf(path)),
    attr(path, name) {
      const attrs = attrsOf(path);
      return Object.prototype.hasOwnProperty.call(attrs, name) ? normalizeAttr(attrs[name]) : undefined;
    },
    dataset(path) {
      const { shape, dtype, itemSize, byteLength } = info(path);
      return { shape, dtype, itemSize, byteLength };
    },
    *readRaw(path, slabElements) {
      const { layout, byteLength, itemSize } = dataOf(path);
      const step = Math.max(1, slabElements) * itemSize;
      if (layout.kind === 'contiguous') {
        // Straight from the file, however big: the big tensors of big files take this path. One
        // buffer, refilled for each piece (a slab is valid until the next is requested); never
        // written data reads as zeros, the fill value Keras files use.
        if (layout.address !== null) inFile(path, layout.address, 0, byteLength);
        const buffer = new Uint8Array(Math.min(byteLength, step, Math.max(itemSize, H5_DIRECT_SLAB_BYTES - (H5_DIRECT_SLAB_BYTES % itemSize))));
        for (let at = 0; at < byteLength; at += buffer.length) {
          const slab = buffer.subarray(0, Math.min(buffer.length, byteLength - at));
          yield layout.address === null ? slab : paged.readInto(layout.address + at, slab);
        }
        return;
      }
      // Chunk indexes are jsfive-era structures that a damaged file can make loop: within the budget.
      const bytes = withinBudget(budget, `the data of ${path}`, () => assembled(path));
      for (let at = 0; at < bytes.length; at += step) yield bytes.subarray(at, Math.min(bytes.length, at + step));
    },
    close() {},
  };
}

/**
 * An attribute's values are stored inside its header message, so the values it declares must fit
 * in the message. jsfive trusts the dataspace instead: a mutated dimension of 10^9 made it build
 * a billion-element array (seconds of work, then a fatal out-of-memory). Checked before jsfive
 * decodes the attribute; layouts this does not parse are left to jsfive's own errors.
 */
function checkAttributeMessage(view: DataView, at: number, size: number, path: string, file: string): void {
  const version = view.getUint8(at);
  if (version !== 1 && version !== 3) return; // jsfive refuses these itself
  if (version === 3 && view.getUint8(at + 1) & 0x03) throw new NeedsFullLibrary(`attribute of ${path} with a shared datatype or dataspace`);
  const pad = (n: number) => (version === 1 ? Math.ceil(n / 8) * 8 : n);
  const nameSize = view.getUint16(at + 2, true);
  const typeSize = view.getUint16(at + 4, true);
  const spaceSize = view.getUint16(at + 6, true);
  const typeAt = at + (version === 1 ? 8 : 9) + pad(nameSize);
  const itemSize = view.getUint32(typeAt + 4, true);
  const spaceAt = typeAt + pad(typeSize);
  const spaceVersion = view.getUint8(spaceAt);
  const rank = view.getUint8(spaceAt + 1);
  const dimsAt = spaceAt + (spaceVersion === 1 ? 8 : 4);
  let values = 1;
  for (let i = 0; i < rank; i++) values *= Number(view.getBigUint64(dimsAt + 8 * i, true));
  const room = at + size - (spaceAt + pad(spaceSize));
  if (values * Math.max(itemSize, 1) > Math.max(room, 0)) {
    throw new KerascopeError(
      ErrorCode.Corrupt,
      `an attribute of HDF5 object ${path} declares ${values} values of ${itemSize} bytes, but its message holds ${Math.max(room, 0)} bytes`,
      file,
    );
  }
}

/** Dataspace message dimensions, read as full 64-bit sizes (jsfive keeps only the low 32 bits). */
function dataspaceShape(view: DataView, at: number): number[] {
  const version = view.getUint8(at);
  const rank = view.getUint8(at + 1);
  const first = version === 1 ? at + 8 : at + 4;
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    const d = view.getBigUint64(first + 8 * i, true);
    if (d > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('dimension beyond 2^53');
    shape.push(Number(d));
  }
  return shape;
}

function dtypeOf(d: string | unknown[]): { dtype: DType; itemSize: number } {
  if (Array.isArray(d)) return { dtype: d[0] === 'VLEN_STRING' ? 'string' : 'unknown', itemSize: 16 };
  const m = /^[<>=|!]?([fiuS])(\d*)$/.exec(d);
  if (!m) return { dtype: 'unknown', itemSize: 0 };
  const size = Number(m[2] || 1);
  if (d.startsWith('>')) throw new NeedsFullLibrary('big-endian data');
  if (m[1] === 'S') return { dtype: 'string', itemSize: size };
  const names: Record<string, Record<number, DType>> = {
    f: { 2: 'float16', 4: 'float32', 8: 'float64' },
    i: { 1: 'int8', 2: 'int16', 4: 'int32', 8: 'int64' },
    u: { 1: 'uint8', 2: 'uint16', 4: 'uint32', 8: 'uint64' },
  };
  return { dtype: names[m[1]][size] ?? 'unknown', itemSize: size };
}

function unfilter(id: number, data: Uint8Array, itemSize: number, chunkBytes: number, path: string, file: string): Uint8Array {
  if (id === 1) {
    try {
      // maxOutputLength caps what a hostile chunk can inflate to.
      return new Uint8Array(inflateSync(data, { maxOutputLength: Math.max(chunkBytes, 1) }));
    } catch (e) {
      throw new KerascopeError(ErrorCode.Corrupt, `HDF5 dataset ${path}: a gzip chunk does not inflate (${(e as Error).message})`, file);
    }
  }
  if (id === 2) {
    const n = Math.floor(data.length / itemSize);
    const out = new Uint8Array(data.length);
    for (let b = 0; b < itemSize; b++) for (let i = 0; i < n; i++) out[i * itemSize + b] = data[b * n + i];
    out.set(data.subarray(n * itemSize), n * itemSize);
    return out;
  }
  if (id === 3) return data.subarray(0, data.length - 4); // fletcher32: drop the checksum
  throw new NeedsFullLibrary(`HDF5 filter ${id}`);
}

/** Copies one decoded chunk into the C-order output, clipping chunks that overhang the edge. */
function placeChunk(out: Uint8Array, chunk: Uint8Array, shape: number[], cshape: number[], origin: number[], itemSize: number): void {
  const rank = shape.length;
  if (rank === 0) {
    out.set(chunk.subarray(0, itemSize));
    return;
  }
  const rowLen = Math.min(cshape[rank - 1], shape[rank - 1] - origin[rank - 1]);
  if (rowLen <= 0) return;
  const idx = new Array<number>(rank - 1).fill(0);
  for (;;) {
    let src = 0;
    let dst = 0;
    let inside = true;
    for (let d = 0; d < rank - 1; d++) {
      const pos = origin[d] + idx[d];
      if (pos >= shape[d]) inside = false;
      src = src * cshape[d] + idx[d];
      dst = dst * shape[d] + pos;
    }
    if (inside) {
      src = src * cshape[rank - 1];
      dst = dst * shape[rank - 1] + origin[rank - 1];
      out.set(chunk.subarray(src * itemSize, (src + rowLen) * itemSize), dst * itemSize);
    }
    let d = rank - 2;
    for (; d >= 0; d--) {
      if (++idx[d] < cshape[d]) break;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

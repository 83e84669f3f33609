// The lazy WeightStore over an open HDF5 file: descriptors were read at open; tensor bytes are read
// only by read()/stream(), slab by slab, and decoded here (float16/bfloat16 widened to float32).
import { ErrorCode, KerascopeError } from '../../errors.js';
import { H5_READ_SLAB_ELEMENTS, MAX_TENSOR_BYTES } from '../limits.js';
import { decodeTensorBytes, itemBytes, type TensorData } from '../tensor-data.js';
import type { StoredTensor, WeightStore } from '../types.js';
import { NeedsFullLibrary, type Hdf5File } from './file.js';
import type { KerasH5Content } from './keras-layout.js';

/** A tensor may declare at most this many times the file's size (sparse or compressed data). */
const MAX_EXPANSION = 1024;

export function hdf5WeightStore(h5: Hdf5File, content: KerasH5Content, source: { name: string; size: number }, close: () => Promise<void>): WeightStore {
  const file = source.name;
  const byPath = new Map<string, StoredTensor>();
  const add = (ts: StoredTensor[]) => ts.forEach((t) => byPath.set(t.path, t));
  for (const l of [...content.layers, ...content.unlisted, ...(content.metrics ?? []), ...(content.topLevel ? [content.topLevel] : [])]) add(l.tensors);
  add(content.optimizer);

  const tensorAt = (path: string): StoredTensor => {
    const t = byPath.get(path);
    if (!t) throw new KerascopeError(ErrorCode.Usage, `no stored tensor at ${path}`, file);
    if (itemBytes(t.dtype) === 0) throw new KerascopeError(ErrorCode.Unsupported, `tensor ${path} is stored as ${t.dtype}, not numbers`, file);
    // Checked before anything is allocated or read: a shape field is a few bytes to forge.
    if (t.byteLength > MAX_EXPANSION * source.size) {
      throw new KerascopeError(ErrorCode.LimitExceeded, `tensor ${path} declares ${t.byteLength} bytes, over ${MAX_EXPANSION} times the file's size`, file);
    }
    return t;
  };
  /**
   * A tensor's raw slabs. The backend was chosen when the file was opened; a layout jsfive cannot read
   * that shows only now, in a tensor's chunk index, is this file's problem to report, not a crash.
   */
  function* slabs(path: string): Generator<Uint8Array> {
    try {
      yield* h5.readRaw(`/${path}`, H5_READ_SLAB_ELEMENTS);
    } catch (e) {
      if (!(e instanceof NeedsFullLibrary)) throw e;
      throw new KerascopeError(ErrorCode.Unsupported, `cannot read tensor ${path} with ${h5.backend} (${e.reason}): the file is damaged, or try --hdf5 h5wasm`, file);
    }
  }
  let closed = false;
  const open = () => {
    if (closed) throw new KerascopeError(ErrorCode.Usage, 'the weight store is closed', file);
  };

  return {
    layout: content.layout,
    layers: content.layers,
    topLevel: content.topLevel,
    unlisted: content.unlisted,
    optimizer: content.optimizer,
    ...(content.metrics?.length ? { metrics: content.metrics } : {}),
    notes: content.notes,
    async read(path) {
      open();
      const t = tensorAt(path);
      if (t.byteLength > MAX_TENSOR_BYTES) {
        throw new KerascopeError(ErrorCode.LimitExceeded, `tensor ${path} declares ${t.byteLength} bytes, over the ${MAX_TENSOR_BYTES}-byte limit; use stream()`, file);
      }
      const bytes = new Uint8Array(t.byteLength);
      let at = 0;
      for (const slab of slabs(path)) {
        if (at + slab.length > bytes.length) throw new KerascopeError(ErrorCode.Corrupt, `tensor ${path} holds more data than its shape says`, file);
        bytes.set(slab, at);
        at += slab.length;
      }
      if (at !== bytes.length) throw new KerascopeError(ErrorCode.Corrupt, `tensor ${path} holds less data than its shape says`, file);
      return decodeTensorBytes(bytes, t.dtype, true);
    },
    async *stream(path): AsyncGenerator<TensorData> {
      open();
      const t = tensorAt(path);
      // A slab lives until the next one, as stream() promises: decode it in place.
      for (const slab of slabs(path)) yield decodeTensorBytes(slab, t.dtype, true);
    },
    async close() {
      if (closed) return;
      closed = true;
      await close();
    },
  };
}

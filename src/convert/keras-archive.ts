// Writes a Keras 3 `.keras` archive (keras-formats.md §6): metadata.json, config.json and
// model.weights.h5, stored uncompressed in that order as Keras itself writes them. The HDF5 file is
// written with h5wasm (under the reader's guards: quiet, memory capped, errors coded) to a temporary
// file beside the output, weights larger than a chunk streamed in by chunks, then streamed into the zip.
import { open, rm, stat } from 'node:fs/promises';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Zip, ZipPassThrough } from 'fflate';
import { ErrorCode, KerascopeError } from '../errors.js';
import { diagnosticSummary } from '../readers/hdf5/quiet.js';
import { h5wasmForWriting, hyperslabs, type H5wasmCall } from '../readers/hdf5/h5wasm-backend.js';
import { MAX_H5WASM_MEMORY_BYTES } from '../readers/limits.js';
import type { WeightStore } from '../readers/types.js';
import type { LoadedModel } from '../graph/load.js';
import { KERAS3_PARAMS_VERSION } from './keras3-params.js';
import { keras3ModelConfig } from './keras3-config.js';
import { keras3VarsGroups } from './keras3-weights.js';
import { layerRef, refuse } from './refuse.js';
import type { PlannedWeight, WeightPlan } from './types.js';
import { readWeight, weightSlabs } from './weight-values.js';
import { sizeOf } from '../types/shape.js';
import type { TensorData } from '../readers/tensor-data.js';

/**
 * At most this many values per HDF5 chunk of a weight written by chunks (4 MiB of float32): a weight
 * of at most this many is written whole, as Keras writes it; a larger one by chunks.
 */
export const H5_WRITE_CHUNK_ELEMENTS = 1024 * 1024;

type Group = import('h5wasm/node').Group;
type Dataset = import('h5wasm/node').Dataset;

/** Writes the archive at `tmp`; errors name `target`, the output the user asked for. */
export async function writeKerasArchive(model: LoadedModel, plan: WeightPlan, tmp: string, target: string, notes: string[]): Promise<{ bytes: number }> {
  const config = keras3ModelConfig(model, { notes });
  const groups = keras3VarsGroups(model.graph, plan, model.raw.file);
  const h5path = `${tmp}.weights.h5`;
  try {
    await writeWeightsH5(model, groups, h5path, target);
    const metadata = { keras_version: KERAS3_PARAMS_VERSION, date_saved: dateSaved(new Date()) };
    await writeZip(tmp, [
      ['metadata.json', new TextEncoder().encode(JSON.stringify(metadata))],
      ['config.json', new TextEncoder().encode(JSON.stringify(config))],
      ['model.weights.h5', h5path],
    ]);
  } finally {
    await rm(h5path, { force: true });
  }
  return { bytes: (await stat(tmp)).size };
}

/** `YYYY-MM-DD@HH:MM:SS`, as Keras writes date_saved */
function dateSaved(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

async function writeWeightsH5(model: LoadedModel, groups: ReturnType<typeof keras3VarsGroups>, path: string, target: string): Promise<void> {
  const lib = await h5wasmForWriting();
  const store = model.raw.weights!;
  const h5call = <T>(fn: () => T): T => checkedH5(lib.call(fn), target);
  const f = h5call(() => new lib.h5.File(path, 'w'));
  let written = false;
  try {
    const made = new Set<string>();
    const group = (p: string) => {
      const parts = p.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const sub = parts.slice(0, i).join('/');
        if (made.has(sub)) continue;
        h5call(() => f.create_group(sub));
        made.add(sub);
      }
      return f.get(p) as Group;
    };
    for (const g of groups) {
      const vars = group(g.path);
      h5call(() => vars.create_attribute('name', g.name));
      for (const [i, w] of g.weights.entries()) {
        const count = sizeOf(w.shape);
        const values = count <= H5_WRITE_CHUNK_ELEMENTS ? await writeWhole(vars, String(i), w, store, h5call) : await writeByChunks(vars, String(i), w, store, h5call);
        if (values !== count) throw refuse(model.raw.file, `${layerRef(w.layer)}: weight "${w.name}" holds ${values} values, its shape says ${count}`);
      }
    }
    written = true;
  } finally {
    // closing flushes, so it can fail too; after a failure, the first error is the one to report
    if (written) h5call(() => f.close());
    else lib.call(() => f.close());
  }
}

type H5call = <T>(fn: () => T) => T;

/** A weight of at most one chunk, as one contiguous dataset (the layout Keras writes). Returns the values written. */
async function writeWhole(vars: Group, name: string, w: PlannedWeight, store: WeightStore, h5call: H5call): Promise<number> {
  const values = asStorable(await readWeight(store, w), w.layer.dtype);
  if (values.length === sizeOf(w.shape)) h5call(() => vars.create_dataset({ name, data: values, shape: w.shape }));
  return values.length;
}

/**
 * A larger weight written into a chunked dataset, one chunk at a time: one copied as stored is
 * streamed from the store, so memory holds a slab and a chunk, never the tensor (a converted one,
 * transposed or concatenated, is read whole first). Chunks are C-order hyperslabs (balancedChunk),
 * so the values the stream yields fill one chunk after another. Returns the values written (more
 * than the shape holds stops at the first extra one).
 */
async function writeByChunks(vars: Group, name: string, w: PlannedWeight, store: WeightStore, h5call: H5call): Promise<number> {
  const chunks = balancedChunk(w.shape, H5_WRITE_CHUNK_ELEMENTS);
  const chunkSize = sizeOf(chunks);
  const blocks = [...hyperslabs(w.shape, chunkSize)];
  let dataset: Dataset | undefined;
  let buffer: Storable | undefined;
  let block = 0;
  let filled = 0;
  let total = 0;
  for await (const slab of weightSlabs(store, w)) {
    let values = asStorable(slab, w.layer.dtype);
    if (!buffer) {
      const Typed = values.constructor as new (n: number) => Storable;
      buffer = new Typed(chunkSize);
      // created empty, then sized: h5wasm creates a dataset only from its whole data
      const empty = new Typed(0);
      dataset = h5call(() => vars.create_dataset({ name, data: empty, shape: w.shape.map(() => 0), maxshape: w.shape, chunks }));
      h5call(() => dataset!.resize(w.shape));
    }
    for (let at = 0; at < values.length; ) {
      if (block === blocks.length) return total + values.length - at;
      const size = sizeOf(blocks[block].count);
      const n = Math.min(size - filled, values.length - at);
      (buffer as Float32Array).set((values as Float32Array).subarray(at, at + n), filled);
      filled += n;
      at += n;
      total += n;
      if (filled === size) {
        // A slab may be a view of the HDF5 library's memory (a source read with h5wasm), which a
        // write can grow and so detach: what is left of it is copied out first.
        if (at < values.length) [values, at] = [values.slice(at), 0];
        const { offset, count } = blocks[block++];
        const data = buffer.subarray(0, size);
        h5call(() => dataset!.write_slice(offset.map((o, k) => [o, o + count[k]]), data));
        filled = 0;
      }
    }
  }
  return total;
}

/**
 * The chunk shape of a weight written by chunks: the reader's split (hyperslabs) of at most `max`
 * values, its split axis then cut into equal parts. HDF5 stores an edge chunk whole, so a last
 * chunk of a few rows would cost a whole chunk of disk (a 1100-row kernel in chunks of 1048 rows
 * took twice its size); equal parts waste less than one row per chunk.
 */
function balancedChunk(shape: number[], max: number): number[] {
  const count = [...hyperslabs(shape, max).next().value!.count];
  // the split axis: the last one not whole (the axes above it are split to single rows)
  let axis = count.length - 1;
  while (axis >= 0 && count[axis] === shape[axis]) axis--;
  if (axis >= 0) count[axis] = Math.ceil(shape[axis] / Math.ceil(shape[axis] / count[axis]));
  return count;
}

/**
 * One h5wasm call's outcome (h5wasmForWriting: quiet, memory capped): its value, or a coded error.
 * A failed write (a full disk) is only reported in the library's diagnostics, so a diagnostic is a
 * failure too.
 */
function checkedH5<T>(r: H5wasmCall<T>, target: string): T {
  if (r.outOfMemory) throw new KerascopeError(ErrorCode.LimitExceeded, `the HDF5 library needed more than ${MAX_H5WASM_MEMORY_BYTES} bytes of memory to write the output's weights`, target);
  if (r.error === undefined && !r.noise.includes('HDF5-DIAG')) return r.value as T;
  const system = /error message = '([^']+)'/.exec(r.noise)?.[1];
  const why = system ?? diagnosticSummary(r.noise) ?? (r.error instanceof Error ? r.error.message : String(r.error));
  throw new KerascopeError(ErrorCode.Io, `cannot write the output's weights: ${why}`, target, { cause: r.error });
}

type Storable = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

/** Float weights as the layer's variable dtype holds them (float64 stays float64, the rest float32). */
function asStorable(t: TensorData, layerDtype: string): Storable {
  if (t instanceof Float64Array) return layerDtype === 'float64' ? t : Float32Array.from(t);
  // int8 stays int8: quantized kernels are saved as Keras made them
  if (t instanceof Float32Array || t instanceof Int32Array || t instanceof BigInt64Array || t instanceof Uint8Array || t instanceof Int8Array) return t;
  return Int32Array.from(t as ArrayLike<number>);
}

/** A stored (uncompressed) zip; file members are streamed from disk in 1 MiB chunks. */
async function writeZip(out: string, members: [string, Uint8Array | string][]): Promise<void> {
  const stream = createWriteStream(out);
  // A write error (a full disk) may come while nothing waits on the stream: kept, and thrown at the next step.
  let failed: Error | null = null;
  stream.on('error', (e) => (failed ??= e));
  const zip = new Zip((err, chunk, final) => {
    if (err) failed ??= err;
    else if (!stream.destroyed) stream.write(chunk);
    if (final || err) stream.end();
  });
  const check = () => {
    if (failed) throw failed;
  };
  const now = new Date();
  for (const [name, data] of members) {
    const entry = new ZipPassThrough(name);
    entry.mtime = now;
    zip.add(entry);
    if (typeof data !== 'string') {
      entry.push(data, true);
      check();
      continue;
    }
    const fh = await open(data, 'r');
    try {
      const buf = new Uint8Array(1024 * 1024);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        entry.push(buf.slice(0, bytesRead));
        check();
        if (stream.writableNeedDrain) await drained(stream);
        check();
      }
      entry.push(new Uint8Array(0), true);
    } finally {
      await fh.close();
    }
  }
  zip.end();
  await finished(stream).catch(() => {}); // its error, if any, is `failed`
  check();
}

/** The stream can take more, or has failed (it closes after an error, and never drains). */
function drained(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

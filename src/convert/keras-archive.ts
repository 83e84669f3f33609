// Writes a Keras 3 `.keras` archive (keras-formats.md §6): metadata.json, config.json and
// model.weights.h5, stored uncompressed in that order as Keras itself writes them. The HDF5 file is
// written with h5wasm to a temporary file beside the output, then streamed into the zip.
import { open, rm, stat } from 'node:fs/promises';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Zip, ZipPassThrough } from 'fflate';
import { ErrorCode, KerascopeError } from '../errors.js';
import { diagnosticSummary, quietly } from '../readers/hdf5/quiet.js';
import type { LoadedModel } from '../graph/load.js';
import { KERAS3_PARAMS_VERSION } from './keras3-params.js';
import { keras3ModelConfig } from './keras3-config.js';
import { keras3VarsGroups } from './keras3-weights.js';
import { layerRef, refuse } from './refuse.js';
import type { WeightPlan } from './types.js';
import { readWeight } from './weight-values.js';
import { sizeOf } from '../types/shape.js';
import type { TensorData } from '../readers/tensor-data.js';

type H5wasm = typeof import('h5wasm/node');

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
  const h5: H5wasm = await import('h5wasm/node');
  await h5.ready;
  const store = model.raw.weights!;
  const h5call = <T>(fn: () => T): T => checkedH5(target, fn);
  const f = h5call(() => new h5.File(path, 'w'));
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
      return f.get(p) as import('h5wasm/node').Group;
    };
    for (const g of groups) {
      const vars = group(g.path);
      h5call(() => vars.create_attribute('name', g.name));
      for (const [i, w] of g.weights.entries()) {
        const values = asStorable(await readWeight(store, w), w.layer.dtype);
        if (values.length !== sizeOf(w.shape)) throw refuse(model.raw.file, `${layerRef(w.layer)}: weight "${w.name}" holds ${values.length} values, its shape says ${sizeOf(w.shape)}`);
        h5call(() => vars.create_dataset({ name: String(i), data: values, shape: w.shape }));
      }
    }
    written = true;
  } finally {
    // closing flushes, so it can fail too; after a failure, the first error is the one to report
    if (written) h5call(() => f.close());
    else quietly(() => f.close());
  }
}

/**
 * One h5wasm call, with the HDF5 library's diagnostic stack kept off the terminal (quiet.ts). A
 * failed write (a full disk) is only reported there, so a diagnostic is a failure too.
 */
function checkedH5<T>(target: string, fn: () => T): T {
  const r = quietly(fn);
  if (r.error === undefined && !r.noise.includes('HDF5-DIAG')) return r.value as T;
  const system = /error message = '([^']+)'/.exec(r.noise)?.[1];
  const why = system ?? diagnosticSummary(r.noise) ?? (r.error instanceof Error ? r.error.message : String(r.error));
  throw new KerascopeError(ErrorCode.Io, `cannot write the output's weights: ${why}`, target, { cause: r.error });
}

/** Float weights as the layer's variable dtype holds them (float64 stays float64, the rest float32). */
function asStorable(t: TensorData, layerDtype: string): Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array {
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

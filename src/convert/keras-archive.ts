// Writes a Keras 3 `.keras` archive (keras-formats.md §6): metadata.json, config.json and
// model.weights.h5, stored uncompressed in that order as Keras itself writes them. The HDF5 file is
// written with h5wasm to a temporary file beside the output, then streamed into the zip.
import { open, rm, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { Zip, ZipPassThrough } from 'fflate';
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

export async function writeKerasArchive(model: LoadedModel, plan: WeightPlan, tmp: string, notes: string[]): Promise<{ bytes: number }> {
  const file = model.raw.file;
  const config = keras3ModelConfig(model, { notes });
  const groups = keras3VarsGroups(model.graph, plan, file);
  const h5path = `${tmp}.weights.h5`;
  try {
    await writeWeightsH5(model, groups, h5path);
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

async function writeWeightsH5(model: LoadedModel, groups: ReturnType<typeof keras3VarsGroups>, path: string): Promise<void> {
  const h5: H5wasm = await import('h5wasm/node');
  await h5.ready;
  const store = model.raw.weights!;
  const f = new h5.File(path, 'w');
  try {
    const made = new Set<string>();
    const group = (p: string) => {
      const parts = p.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const sub = parts.slice(0, i).join('/');
        if (made.has(sub)) continue;
        f.create_group(sub);
        made.add(sub);
      }
      return f.get(p) as import('h5wasm/node').Group;
    };
    for (const g of groups) {
      const vars = group(g.path);
      vars.create_attribute('name', g.name);
      for (const [i, w] of g.weights.entries()) {
        const values = asStorable(await readWeight(store, w), w.layer.dtype);
        if (values.length !== sizeOf(w.shape)) throw refuse(model.raw.file, `${layerRef(w.layer)}: weight "${w.name}" holds ${values.length} values, its shape says ${sizeOf(w.shape)}`);
        vars.create_dataset({ name: String(i), data: values, shape: w.shape });
      }
    }
  } finally {
    f.close();
  }
}

/** Float weights as the layer's variable dtype holds them (float64 stays float64, the rest float32). */
function asStorable(t: TensorData, layerDtype: string): Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array {
  if (t instanceof Float64Array) return layerDtype === 'float64' ? t : Float32Array.from(t);
  if (t instanceof Float32Array || t instanceof Int32Array || t instanceof BigInt64Array || t instanceof Uint8Array) return t;
  return Int32Array.from(t as ArrayLike<number>);
}

/** A stored (uncompressed) zip; file members are streamed from disk in 1 MiB chunks. */
async function writeZip(out: string, members: [string, Uint8Array | string][]): Promise<void> {
  const stream = createWriteStream(out);
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let failed: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) failed = err;
    else stream.write(chunk);
    if (final || err) stream.end();
  });
  const now = new Date();
  for (const [name, data] of members) {
    const entry = new ZipPassThrough(name);
    entry.mtime = now;
    zip.add(entry);
    if (typeof data !== 'string') {
      entry.push(data, true);
      continue;
    }
    const fh = await open(data, 'r');
    try {
      const buf = new Uint8Array(1024 * 1024);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        entry.push(buf.slice(0, bytesRead));
        if (!stream.writableNeedDrain) continue;
        await new Promise<void>((r) => stream.once('drain', () => r()));
      }
      entry.push(new Uint8Array(0), true);
    } finally {
      await fh.close();
    }
  }
  zip.end();
  await done;
  if (failed) throw failed;
}

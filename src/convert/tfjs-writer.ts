// Writes a TensorFlow.js layers model (keras-formats.md §7): model.json with the Keras 2 topology and
// one weights group cut into `group1-shardKofN.bin` files of at most 4 MiB. Weights are streamed
// from the store slab by slab into one shard buffer, so memory stays at a shard plus a slab.
import { closeSync, openSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { LoadedModel } from '../graph/load.js';
import type { WeightStore } from '../readers/types.js';
import type { TensorData } from '../readers/tensor-data.js';
import { sizeOf } from '../types/shape.js';
import { KERASCOPE_VERSION } from '../version.js';
import { keras2ModelConfig } from './keras2-config.js';
import { affineRange, quantizeAffine, toHalfBytes, type AffineRange } from './quantize.js';
import { layerRef, refuse } from './refuse.js';
import type { PlannedWeight, Quantization, WeightPlan } from './types.js';
import { weightSlabs } from './weight-values.js';

/** tfjs-converter's default shard size. */
export const TFJS_SHARD_BYTES = 4 * 1024 * 1024;

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  quantization?: { dtype: Quantization; min?: number; scale?: number };
}

const FLOATS = new Set(['float16', 'bfloat16', 'float32', 'float64']);
const INTS = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);

export async function writeTfjs(
  model: LoadedModel,
  plan: WeightPlan,
  folder: string,
  opts: { quantize?: Quantization; notes: string[] },
): Promise<{ files: string[]; bytes: number }> {
  if (endianness() !== 'LE') throw refuse(model.raw.file, 'writing TensorFlow.js shards needs a little-endian machine');
  const file = model.raw.file;
  const store = model.raw.weights!;
  const topology = keras2ModelConfig(model, { tfjs: true, notes: opts.notes });
  const weights = plan.layers.flatMap((l) => l.weights);
  const entries: ManifestEntry[] = [];
  const ranges = new Map<PlannedWeight, AffineRange>();
  let total = 0;
  let downcast = 0;
  for (const w of weights) {
    const dtype = FLOATS.has(w.storedDtype) ? 'float32' : INTS.has(w.storedDtype) ? 'int32' : w.storedDtype === 'bool' ? 'bool' : null;
    if (!dtype) throw refuse(file, `${layerRef(w.layer)}: weight "${w.name}" has dtype ${w.storedDtype}, which a TensorFlow.js manifest cannot hold`);
    if (w.storedDtype === 'float64') downcast++;
    // tfjs-layers (like Keras 2) calls DepthwiseConv2D's kernel `depthwise_kernel`; Keras 3 calls it `kernel`
    const weightName = w.layer.className === 'DepthwiseConv2D' && w.name === 'kernel' ? 'depthwise_kernel' : tfjsWrappedName(w, plan);
    const entry: ManifestEntry = { name: `${w.layer.name}/${weightName}`, shape: w.shape, dtype };
    let itemBytes = dtype === 'bool' ? 1 : 4;
    if (opts.quantize && dtype === 'float32') {
      if (opts.quantize === 'float16') {
        entry.quantization = { dtype: 'float16' };
        itemBytes = 2;
      } else {
        const bits = opts.quantize === 'uint8' ? 8 : 16;
        const range = await rangeOf(file, store, w, bits);
        ranges.set(w, range);
        entry.quantization = { dtype: opts.quantize, min: range.min, scale: range.scale };
        itemBytes = bits / 8;
      }
    }
    entries.push(entry);
    total += sizeOf(w.shape) * itemBytes;
  }
  if (downcast) opts.notes.push(`${downcast} float64 weight(s) written as float32, as the TensorFlow.js converter does (tfjs has no float64)`);
  const count = Math.max(1, Math.ceil(total / TFJS_SHARD_BYTES));
  const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
  const shards = new ShardWriter(folder, paths);
  try {
    for (const [i, w] of weights.entries()) {
      const entry = entries[i];
      let written = 0;
      for await (const slab of weightSlabs(store, w)) {
        const bytes = encode(slab, entry, ranges.get(w));
        await shards.write(bytes);
        written += slab.length;
      }
      if (written !== sizeOf(w.shape)) throw refuse(file, `${layerRef(w.layer)}: weight "${w.name}" holds ${written} values, its shape says ${sizeOf(w.shape)}`);
    }
    await shards.close();
  } catch (e) {
    await shards.abandon();
    throw e;
  }
  if (shards.bytes !== total) throw new Error(`wrote ${shards.bytes} weight bytes, planned ${total}`);
  const modelJson = {
    format: 'layers-model',
    generatedBy: model.kerasVersion ? `keras v${model.kerasVersion}` : 'keras',
    convertedBy: `kerascope v${KERASCOPE_VERSION}`,
    modelTopology: { keras_version: topology.keras_version, backend: topology.backend, model_config: { class_name: topology.class_name, config: topology.config } },
    weightsManifest: [{ paths, weights: entries }],
  };
  await writeFile(join(folder, 'model.json'), JSON.stringify(modelJson));
  return { files: ['model.json', ...paths], bytes: total };
}

/**
 * tfjs names a Bidirectional's copies `forward_<inner name>` / `backward_<inner name>` from the
 * wrapped config's name as it stands (Keras 3 strips a `forward_` prefix the config already has).
 */
function tfjsWrappedName(w: PlannedWeight, plan: WeightPlan): string {
  if (w.layer.className === 'RNN') return tfjsStackedCellName(w, plan);
  if (w.layer.className !== 'Bidirectional') return w.name;
  const inner = w.layer.config.layer as { config?: { name?: unknown } } | undefined;
  const innerName = typeof inner?.config?.name === 'string' ? inner.config.name : undefined;
  if (!innerName) return w.name;
  // which copy owns the weight: the weight model says (layers/wrappers.ts), no counting of halves
  const backward = w.objects[0]?.startsWith('backward_layer') ?? false;
  const rest = w.name.split('/').slice(1).join('/');
  return `${backward ? 'backward' : 'forward'}_${innerName}/${rest}`;
}

/**
 * tfjs-layers scopes the weights of an RNN's StackedRNNCells as `RNNCell_<i>/<weight>`, whatever the
 * cells are called; which cell owns the weight, the weight model says (`cell/cells/<class>_<n>`).
 */
function tfjsStackedCellName(w: PlannedWeight, plan: WeightPlan): string {
  const cell = w.layer.config.cell as { class_name?: unknown } | undefined;
  if (cell?.class_name !== 'StackedRNNCells') return w.name;
  const cells = [...new Set(plan.layers.find((l) => l.layer === w.layer)!.weights.map((x) => x.objects[0]))];
  return `RNNCell_${cells.indexOf(w.objects[0])}/${w.name.split('/').pop()}`;
}

async function rangeOf(file: string, store: WeightStore, w: PlannedWeight, bits: 8 | 16): Promise<AffineRange> {
  let min = Infinity;
  let max = -Infinity;
  for await (const slab of weightSlabs(store, w)) {
    const s = slab as Float32Array;
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw refuse(file, `${layerRef(w.layer)}: weight "${w.name}" holds NaN or infinite values, which ${bits}-bit quantization cannot represent`);
  }
  // tfjs dequantizes in float32: min and scale are kept as float32 values
  const r = affineRange(min, max, bits);
  return { min: Math.fround(r.min), scale: Math.fround(r.scale) };
}

function encode(slab: TensorData, entry: ManifestEntry, range: AffineRange | undefined): Uint8Array {
  if (entry.dtype === 'bool') return slab instanceof Uint8Array ? slab : Uint8Array.from(slab as ArrayLike<number>, (v) => (v ? 1 : 0));
  if (entry.dtype === 'int32') {
    if (slab instanceof Int32Array) return new Uint8Array(slab.buffer, slab.byteOffset, slab.byteLength);
    const out = new Int32Array(slab.length);
    for (let i = 0; i < slab.length; i++) {
      const v = Number(slab[i]);
      if (v > 2147483647 || v < -2147483648) throw new Error(`integer weight ${entry.name} holds ${v}, outside int32`);
      out[i] = v;
    }
    return new Uint8Array(out.buffer);
  }
  const f = slab instanceof Float32Array ? slab : Float32Array.from(slab as ArrayLike<number>);
  const q = entry.quantization;
  if (!q) return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
  if (q.dtype === 'float16') return toHalfBytes(f);
  return quantizeAffine(f, range!, q.dtype === 'uint8' ? 8 : 16);
}

/**
 * Concatenates the weight bytes and cuts them into the shard files, writing each piece as it comes
 * (synchronously: fs/promises hands every write to the thread pool, and those round trips doubled
 * the time of a 553 MB conversion; pieces of a slab's size stay in the CPU cache, a 4 MiB shard
 * buffer does not).
 */
class ShardWriter {
  private fd: number | null = null;
  private fill = 0;
  private index = 0;
  bytes = 0;
  constructor(private readonly folder: string, private readonly paths: string[]) {}

  async write(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      if (this.fd === null) this.open();
      const n = Math.min(bytes.length - at, TFJS_SHARD_BYTES - this.fill);
      writeAll(this.fd!, bytes.subarray(at, at + n));
      this.fill += n;
      at += n;
      if (this.fill === TFJS_SHARD_BYTES) this.end();
    }
    this.bytes += bytes.length;
  }

  private open(): void {
    if (this.index >= this.paths.length) throw new Error('more weight bytes than planned');
    this.fd = openSync(join(this.folder, this.paths[this.index++]), 'wx');
    this.fill = 0;
  }

  private end(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  async close(): Promise<void> {
    // a model without weights still gets its one (empty) shard, as the manifest lists it
    if (this.index < this.paths.length && this.fd === null) this.open();
    this.end();
  }

  /** after a failure: nothing more is written (the caller removes the folder) */
  async abandon(): Promise<void> {
    this.end();
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

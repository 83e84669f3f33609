// TensorFlow.js weights: `weightsManifest` groups whose `.bin` shards, concatenated in order, hold
// each weight's bytes back to back (keras-formats.md §7.2-7.3). Descriptors come from the manifest
// alone; a group's shards are read (via the SourceContext) only when one of its tensors is.
import { ErrorCode, KerascopeError, isKerascopeError } from '../errors.js';
import type { Limits } from './limits.js';
import type { SourceContext } from './source.js';
import { halfToFloat, type TensorData } from './tensor-data.js';
import type { DType, StoredLayer, StoredTensor, WeightStore } from './types.js';
import { unsafeEntryName } from './zip.js';
import { isObject } from './json.js';
import { lookupTable } from '../types/lookup.js';

/** Bytes per element as tfjs stores them (DTYPE_VALUE_SIZE_MAP); string tensors are length-prefixed. */
const ELEMENT_BYTES: Readonly<Record<string, number>> = lookupTable({ float32: 4, int32: 4, bool: 1, complex64: 8, float16: 2, uint16: 2, uint8: 1 });
const MANIFEST_DTYPES = new Set(['float32', 'int32', 'bool', 'complex64', 'string']);
const QUANTIZED_DTYPES = new Set(['uint8', 'uint16', 'float16']);


interface ManifestTensor extends StoredTensor {
  group: number;
  offset: number;
}

export async function tfjsWeightStore(manifest: unknown, ctx: SourceContext, limits: Limits): Promise<WeightStore> {
  const file = ctx.source.name;
  const bad = (msg: string) => new KerascopeError(ErrorCode.BadConfig, `weightsManifest ${msg}`, file);
  if (!Array.isArray(manifest)) throw bad('is not a list of weight groups');
  const groups: string[][] = [];
  const tensors: ManifestTensor[] = [];
  const optimizer: StoredTensor[] = [];
  const layers = new Map<string, StoredLayer>();
  const usedPaths = new Map<string, number>();
  // A shard listed twice would be read (and held) twice: 100,000 mentions of one 900 KB shard
  // made 2 GB out of a 3 MB model. No converter writes that, so it is refused.
  const shardFiles = new Set<string>();
  for (const [g, group] of manifest.entries()) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw bad(`group ${g} has no "paths" and "weights" lists`);
    const paths = group.paths.map((p) => {
      const unsafe = typeof p === 'string' ? unsafeEntryName(p) : 'not a string';
      if (unsafe) throw new KerascopeError(ErrorCode.UnsafeArchive, `weightsManifest shard path ${JSON.stringify(p)} is refused (${unsafe})`, file);
      const at = ctx.siblingPath(p as string);
      if (shardFiles.has(at)) throw bad(`lists the shard ${JSON.stringify(p)} more than once`);
      shardFiles.add(at);
      return p as string;
    });
    groups.push(paths);
    let offset = 0;
    for (const [i, w] of group.weights.entries()) {
      const t = manifestTensor(w, g, offset, `group ${g} weight ${i}`, bad);
      if (t.byteLength < 0) throw new KerascopeError(ErrorCode.Unsupported, `weight "${t.name}" is a string tensor; its size is only known from the shard bytes`, file);
      offset += t.byteLength;
      if (offset > limits.maxWeightsBytes) throw new KerascopeError(ErrorCode.LimitExceeded, `weights group ${g} declares more than the ${limits.maxWeightsBytes}-byte limit`, file);
      t.path = uniquePath(t.name, usedPaths);
      tensors.push(t);
      if (isObject(w) && w.group === 'optimizer') {
        optimizer.push(t);
        continue;
      }
      // A manifest name is `<layer>/<weight>` (nested paths for wrappers and cells).
      const owner = t.name.split('/')[0];
      const layer = layers.get(owner) ?? { name: owner, path: owner, tensors: [], missing: [] };
      layer.tensors.push(t);
      layers.set(owner, layer);
    }
  }
  const byPath = new Map(tensors.map((t) => [t.path, t]));
  const groupBytes = new Map<number, Promise<Uint8Array>>();
  const loadGroup = (g: number) => {
    let p = groupBytes.get(g);
    if (!p) {
      p = readShards(groups[g], g, ctx, limits);
      groupBytes.set(g, p);
    }
    return p;
  };
  const read = async (path: string): Promise<TensorData> => {
    const t = byPath.get(path);
    if (!t) throw new KerascopeError(ErrorCode.Usage, `no stored tensor "${path}"`, file);
    const bytes = await loadGroup(t.group);
    if (t.offset + t.byteLength > bytes.length) {
      throw new KerascopeError(ErrorCode.Truncated, `weight "${t.name}" needs bytes ${t.offset}-${t.offset + t.byteLength} of group ${t.group}, whose shards hold ${bytes.length}`, file);
    }
    return decodeTensor(bytes.subarray(t.offset, t.offset + t.byteLength), t);
  };
  return {
    layout: 'tfjs',
    layers: [...layers.values()],
    unlisted: [],
    optimizer,
    notes: [],
    read,
    // Shards are in memory once read: a tensor is one slab.
    async *stream(path) {
      yield await read(path);
    },
    close: async () => {
      groupBytes.clear();
    },
  };
}

function manifestTensor(w: unknown, group: number, offset: number, where: string, bad: (m: string) => KerascopeError): ManifestTensor {
  if (!isObject(w) || typeof w.name !== 'string' || !Array.isArray(w.shape)) throw bad(`${where} has no name and shape`);
  if (!w.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) throw bad(`${where} ("${w.name}") has a malformed shape`);
  const dtype = typeof w.dtype === 'string' ? w.dtype : '';
  if (!MANIFEST_DTYPES.has(dtype)) throw bad(`${where} ("${w.name}") has unknown dtype ${JSON.stringify(w.dtype)}`);
  const shape = w.shape as number[];
  const count = shape.reduce((a, b) => a * b, 1);
  let quantization: StoredTensor['quantization'];
  if (w.quantization !== undefined && w.quantization !== null) {
    const q = w.quantization;
    if (!isObject(q) || typeof q.dtype !== 'string' || !QUANTIZED_DTYPES.has(q.dtype)) throw bad(`${where} ("${w.name}") has an unknown quantization`);
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    if (q.dtype !== 'float16' && (num(q.scale) === undefined || num(q.min) === undefined)) throw bad(`${where} ("${w.name}") is quantized without scale and min`);
    quantization = { dtype: q.dtype as DType, scale: num(q.scale), min: num(q.min) };
  }
  const storedAs = quantization?.dtype ?? dtype;
  const byteLength = dtype === 'string' ? -1 : count * ELEMENT_BYTES[storedAs];
  return { path: w.name, name: w.name, shape, dtype: dtype as DType, byteLength, ...(quantization ? { quantization } : {}), group, offset };
}

/** Duplicate manifest names get `#2`, `#3`, …; the next suffix per name is remembered, so n copies cost O(n). */
function uniquePath(name: string, used: Map<string, number>): string {
  let i = used.get(name);
  let p = name;
  if (i !== undefined) {
    do p = `${name}#${++i}`;
    while (used.has(p));
    used.set(name, i);
  }
  used.set(p, used.get(p) ?? 1);
  return p;
}

async function readShards(paths: string[], group: number, ctx: SourceContext, limits: Limits): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const p of paths) {
    // the group's budget left, checked against the shard's size before it is read
    const bytes = await ctx.readSibling(p, limits.maxWeightsBytes - total).catch((e) => {
      if (isKerascopeError(e) && e.code === ErrorCode.LimitExceeded) {
        throw new KerascopeError(ErrorCode.LimitExceeded, `weight shards of group ${group} exceed the ${limits.maxWeightsBytes}-byte limit`, ctx.siblingPath(p));
      }
      throw e;
    });
    if (!bytes) throw new KerascopeError(ErrorCode.FileNotFound, `weights shard "${p}" (group ${group}) is missing`, ctx.siblingPath(p));
    total += bytes.length;
    parts.push(bytes);
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** Little-endian values; quantized ones dequantized as tfjs' decodeWeight does. */
export function decodeTensor(bytes: Uint8Array, t: Pick<StoredTensor, 'dtype' | 'quantization'>): Float32Array | Int32Array | Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const q = t.quantization;
  if (q) {
    const n = bytes.length / ELEMENT_BYTES[q.dtype];
    const raw = (i: number) => (q.dtype === 'uint8' ? bytes[i] : q.dtype === 'uint16' ? view.getUint16(i * 2, true) : halfToFloat(view.getUint16(i * 2, true)));
    const value = q.dtype === 'float16' ? raw : (i: number) => raw(i) * q.scale! + q.min!;
    if (t.dtype === 'int32') return Int32Array.from({ length: n }, (_, i) => Math.round(value(i)));
    return Float32Array.from({ length: n }, (_, i) => value(i));
  }
  switch (t.dtype) {
    case 'int32':
      return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(i * 4, true));
    case 'bool':
      return bytes.slice();
    default:
      // float32 (and complex64, interleaved real/imaginary float32)
      return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
  }
}

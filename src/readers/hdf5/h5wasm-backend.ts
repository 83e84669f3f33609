// HDF5 through h5wasm (the HDF5 C library in wasm). Its Node build reads the real file lazily, so
// memory stays flat whatever the file size. Loaded on first use only: it costs ~150 ms and 4 MB of
// JS. Links are classified before they are touched so soft and external links are never followed
// (an external link could otherwise make the library open any file on disk).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCode, KerascopeError } from '../../errors.js';
import { MAX_H5_ATTRIBUTE_BYTES, MAX_H5_DEPTH, MAX_H5WASM_MEMORY_BYTES } from '../limits.js';
import type { DType } from '../types.js';
import { type DatasetInfo, type Hdf5File, type LinkKind } from './file.js';
import { withinBudget, type Budget } from './budget.js';
import { diagnosticSummary, quietly } from './quiet.js';
import { normalizeAttr } from './values.js';

type H5wasm = typeof import('h5wasm/node');

/**
 * One loaded copy of the library. A call stopped by the time budget (budget.ts) may leave the C
 * library's state half-changed, so that copy is poisoned: files opened on it refuse further
 * calls, and the next file loads a fresh copy (its own wasm instance).
 */
interface Instance {
  h5: H5wasm;
  poisoned: boolean;
  /** the library asked for more memory than MAX_H5WASM_MEMORY_BYTES since this was last cleared */
  refusedGrowth: boolean;
}
type Where = 'disk' | 'memory';

// The WebAssembly global, typed as far as it is used here (lib ES2022 has no WebAssembly types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(delta: number): number;
}
const Wasm = (globalThis as unknown as {
  WebAssembly: {
    instantiate: (...args: unknown[]) => Promise<unknown>;
    Memory: new (...args: never[]) => WasmMemory;
    RuntimeError: new (...args: never[]) => Error;
  };
}).WebAssembly;
const loaded: Record<Where, Promise<Instance> | null> = { disk: null, memory: null };
let generation = 0;
/** The memory of every copy loaded in this thread: a stopped copy's stays reachable from its module record. */
const memories: WasmMemory[] = [];

/**
 * What the library holds in this thread: how many copies were stopped and replaced, and the wasm
 * memory of all copies (it never shrinks, and a replaced copy's is never freed). Only ending the
 * thread gives it back, which is what `scan` does with a worker past its bounds.
 */
export function h5wasmFootprint(): { stopped: number; memoryBytes: number } {
  return { stopped: generation, memoryBytes: memories.reduce((n, m) => n + m.buffer.byteLength, 0) };
}
/** Loads one at a time: each watches WebAssembly.instantiate while it loads (capMemory). */
let loading: Promise<unknown> = Promise.resolve();

// Two builds of the same library: the Node build reads real files lazily (NODERAWFS); the ESM
// build keeps an in-memory file system (MEMFS), so bytes that exist only in memory (a .keras
// member) are opened without ever writing a temporary file to disk.
async function loadH5wasm(where: Where): Promise<Instance> {
  if (!loaded[where]) {
    const next = loading.then(() => capMemory(where));
    loading = next.catch(() => {});
    loaded[where] = next;
  }
  return loaded[where]!;
}

/**
 * Loads a copy of the library and caps the growth of its wasm memory at MAX_H5WASM_MEMORY_BYTES.
 * The memory object is only reachable as the instance's export, so it is picked up from
 * WebAssembly.instantiate while the library loads. Emscripten grows memory through
 * `memory.grow` and treats a throw as "out of memory": malloc returns NULL and HDF5 fails the call.
 */
async function capMemory(where: Where): Promise<Instance> {
  const instantiate = Wasm.instantiate;
  let memory: WasmMemory | undefined;
  Wasm.instantiate = async function (this: unknown, ...args: unknown[]) {
    const made = (await instantiate.apply(this, args)) as { instance?: { exports: Record<string, unknown> }; exports?: Record<string, unknown> };
    const exports = made.instance?.exports ?? made.exports ?? {};
    if (exports.memory instanceof Wasm.Memory && 'H5Fopen' in exports) memory ??= exports.memory;
    return made;
  };
  let h5: H5wasm;
  try {
    h5 = await importH5wasm(where);
    await h5.ready;
  } finally {
    Wasm.instantiate = instantiate;
  }
  const instance: Instance = { h5, poisoned: false, refusedGrowth: false };
  if (memory) {
    const m = memory;
    memories.push(m);
    const grow = m.grow.bind(m);
    m.grow = (delta: number) => {
      if (m.buffer.byteLength + delta * 65536 > MAX_H5WASM_MEMORY_BYTES) {
        instance.refusedGrowth = true;
        throw new RangeError(`kerascope: h5wasm memory is limited to ${MAX_H5WASM_MEMORY_BYTES} bytes`);
      }
      return grow(delta);
    };
  }
  return instance;
}

function importH5wasm(where: Where): Promise<H5wasm> {
  if (generation === 0) return where === 'disk' ? import('h5wasm/node') : (import('h5wasm') as Promise<unknown> as Promise<H5wasm>);
  // The same module under another URL is a new module record, and its factory a new wasm instance.
  return import(`${moduleUrl(where)}?generation=${generation}`) as Promise<H5wasm>;
}

function moduleUrl(where: Where): string {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolve === 'function') return resolve(where === 'disk' ? 'h5wasm/node' : 'h5wasm');
  // Node < 20.6, or a test runner that rewrites import.meta: find the package's file by hand.
  const file = where === 'disk' ? 'dist/node/hdf5_hl.js' : 'dist/esm/hdf5_hl.js';
  for (const dir of createRequire(import.meta.url).resolve.paths('h5wasm') ?? []) {
    if (existsSync(join(dir, 'h5wasm', file))) return pathToFileURL(join(dir, 'h5wasm', file)).href;
  }
  throw new Error('cannot locate the h5wasm package to reload it');
}

function poison(instance: Instance, where: Where): void {
  if (instance.poisoned) return;
  instance.poisoned = true;
  generation++;
  loaded[where] = null;
}

/** One library call made for a writer: its value, or what went wrong. */
export interface H5wasmCall<T> {
  value?: T;
  error?: unknown;
  /** what the library printed (its diagnostic stack) */
  noise: string;
  /** the library asked for more than MAX_H5WASM_MEMORY_BYTES of memory */
  outOfMemory: boolean;
}

/**
 * The disk copy of the library for writing a file (convert's `.keras` weights), under the guards
 * reading has: each call quiet, its memory capped, a copy that trapped never called again.
 */
export async function h5wasmForWriting(): Promise<{ h5: H5wasm; call<T>(fn: () => T): H5wasmCall<T> }> {
  const instance = await loadH5wasm('disk');
  return {
    h5: instance.h5,
    call<T>(fn: () => T): H5wasmCall<T> {
      if (instance.poisoned) return { error: new Error('the HDF5 library stopped after an earlier failure'), noise: '', outOfMemory: false };
      instance.refusedGrowth = false;
      const r = quietly(fn);
      const outOfMemory = instance.refusedGrowth;
      instance.refusedGrowth = false;
      if (r.error instanceof Wasm.RuntimeError) poison(instance, 'disk');
      return { ...r, outOfMemory };
    },
  };
}

/** what to open: a file on disk, or bytes held in memory */
export type H5wasmInput = { path: string } | { bytes: Uint8Array };
let memoryFiles = 0;

/** An open file, and a way to run a whole pass over it (the structure walk) within its time budget. */
export interface H5wasmFile extends Hdf5File {
  withinBudget<T>(what: string, fn: () => T): T;
}

// HDF5 type classes (H5T_class_t) and H5G object types as h5wasm reports them.
const T_INTEGER = 0;
const T_FLOAT = 1;
const T_STRING = 3;
const T_OPAQUE = 5;
const T_ENUM = 8;

export async function openH5wasm(input: H5wasmInput, file: string, budgetMs: number): Promise<H5wasmFile> {
  const where: Where = 'path' in input ? 'disk' : 'memory';
  const instance = await loadH5wasm(where);
  const h5 = instance.h5;
  const budget: Budget = { ms: budgetMs, file, onOverrun: () => poison(instance, where) };
  let path: string;
  let release = () => {};
  if ('path' in input) path = input.path;
  else {
    path = `/kerascope-${++memoryFiles}.h5`;
    h5.FS!.writeFile(path, input.bytes);
    release = () => {
      if (!instance.poisoned) h5.FS!.unlink(path);
    };
  }
  try {
    return withinBudget(budget, 'opening the file', () => openWith(instance, where, path, file, release, budget));
  } catch (e) {
    release();
    throw e;
  }
}

function openWith(instance: Instance, where: Where, path: string, file: string, release: () => void, budget: Budget): H5wasmFile {
  const h5 = instance.h5;
  const M = h5.Module;
  const call = <T>(what: string, fn: () => T): T => {
    if (instance.poisoned) {
      throw new KerascopeError(ErrorCode.LimitExceeded, `the HDF5 library was stopped after running over its time budget; ${what} cannot be read`, file);
    }
    instance.refusedGrowth = false;
    const r = quietly(fn);
    if (instance.refusedGrowth) {
      instance.refusedGrowth = false;
      throw new KerascopeError(ErrorCode.LimitExceeded, `the HDF5 library needed more than ${MAX_H5WASM_MEMORY_BYTES} bytes of memory to read ${what}`, file);
    }
    // A trap (abort(), unreachable) leaves the library's state unknown: this copy is not used again.
    if (r.error instanceof Wasm.RuntimeError) poison(instance, where);
    if (r.error === undefined) return r.value as T;
    if (r.error instanceof KerascopeError) throw r.error;
    const why = diagnosticSummary(r.noise) ?? (r.error instanceof Error ? r.error.message : String(r.error));
    throw new KerascopeError(ErrorCode.Corrupt, `HDF5 library cannot read ${what}: ${why}`, file);
  };
  const opened = quietly(() => new h5.File(path, 'r'));
  if (opened.error !== undefined || !opened.value || opened.value.file_id < 0n) {
    const why = diagnosticSummary(opened.noise) ?? String(opened.error ?? 'unknown reason');
    throw new KerascopeError(ErrorCode.Corrupt, `the HDF5 library cannot open the file: ${why}`, file);
  }
  const h5file = opened.value;
  const fid = h5file.file_id;
  const kinds = new Map<string, LinkKind>([['/', 'group']]);

  const kind = (p: string): LinkKind => {
    const hit = kinds.get(p);
    if (hit) return hit;
    const cut = p.lastIndexOf('/');
    const parent = cut <= 0 ? '/' : p.slice(0, cut);
    let k: LinkKind;
    if (kind(parent) !== 'group') k = 'missing';
    else if (p.split('/').length - 1 > MAX_H5_DEPTH) {
      throw new KerascopeError(ErrorCode.LimitExceeded, `HDF5 groups nested deeper than ${MAX_H5_DEPTH} levels at ${p.slice(0, 60)}… (a cyclic link?)`, file);
    } else {
      const name = p.slice(cut + 1);
      // Only names the group really holds are probed, so the library never prints "not found".
      if (!childSet(parent).has(name)) k = 'missing';
      else if (call(`link ${p}`, () => M.get_symbolic_link(fid, p)) !== null) k = 'soft-link';
      else if (call(`link ${p}`, () => M.get_external_link(fid, p)).filename !== undefined) k = 'external-link';
      else {
        const t = call(`object ${p}`, () => M.get_type(fid, p));
        k = t === M.H5G_GROUP ? 'group' : t === M.H5G_DATASET ? 'dataset' : 'other';
      }
    }
    kinds.set(p, k);
    return k;
  };

  const names = new Map<string, { list: string[]; set: Set<string> }>();
  const listing = (p: string) => {
    let entry = names.get(p);
    if (!entry) {
      if (kind(p) !== 'group') throw new KerascopeError(ErrorCode.Corrupt, `HDF5 group ${p} does not exist`, file);
      const list = call(`group ${p}`, () => M.get_names(fid, p, false) as string[]).slice().sort();
      entry = { list, set: new Set(list) };
      names.set(p, entry);
    }
    return entry;
  };
  const children = (p: string): string[] => listing(p).list.slice();
  const childSet = (p: string): Set<string> => listing(p).set;

  const requireObject = (p: string) => {
    const k = kind(p);
    if (k !== 'group' && k !== 'dataset') throw new KerascopeError(ErrorCode.Corrupt, `HDF5 object ${p} does not exist`, file);
  };

  return {
    backend: 'h5wasm',
    withinBudget: (what, fn) => withinBudget(budget, what, fn),
    kind,
    children,
    attrNames(p) {
      requireObject(p);
      return call(`attributes of ${p}`, () => M.get_attribute_names(fid, p) as string[]);
    },
    attr(p, name) {
      requireObject(p);
      if (!call(`attributes of ${p}`, () => M.get_attribute_names(fid, p) as string[]).includes(name)) return undefined;
      const meta = call(`attribute ${p}@${name}`, () => M.get_attribute_metadata(fid, p, name));
      if (![T_INTEGER, T_FLOAT, T_STRING].includes(meta.type)) return undefined;
      if (meta.size * meta.total_size > MAX_H5_ATTRIBUTE_BYTES) {
        throw new KerascopeError(ErrorCode.LimitExceeded, `HDF5 attribute ${p}@${name} declares ${meta.size * meta.total_size} bytes`, file);
      }
      return normalizeAttr(call(`attribute ${p}@${name}`, () => new h5.Attribute(fid, p, name).value));
    },
    dataset: datasetInfo,
    *readRaw(p, slabElements) {
      const { shape, itemSize, dtype } = datasetInfo(p);
      if (dtype === 'string') throw new KerascopeError(ErrorCode.Unsupported, `HDF5 dataset ${p} does not hold numbers`, file);
      // One scratch buffer in wasm memory for all slabs; each slab is yielded as a view of it.
      // (the first slab is the largest: only the last along the split axis can be shorter)
      const slabs = hyperslabs(shape, slabElements);
      const first = slabs.next();
      if (first.done) return;
      const most = Math.max(1, first.value.count.reduce((a, b) => a * b, 1) * itemSize);
      const ptr = call('memory', () => M._malloc(most));
      if (!ptr) throw new KerascopeError(ErrorCode.LimitExceeded, `cannot allocate ${most} bytes to read ${p}`, file);
      try {
        for (let it: IteratorResult<Hyperslab> = first; !it.done; it = slabs.next()) {
          const slab = it.value;
          const bytes = slab.count.reduce((a, b) => a * b, 1) * itemSize;
          const status = withinBudget(budget, `the data of ${p}`, () =>
            call(`dataset ${p}`, () =>
              shape.length === 0
                ? M.get_dataset_data(fid, p, null, null, null, BigInt(ptr))
                : M.get_dataset_data(fid, p, slab.count.map(BigInt), slab.offset.map(BigInt), slab.count.map(() => 1n), BigInt(ptr)),
            ),
          );
          if (status < 0) throw new KerascopeError(ErrorCode.Corrupt, `HDF5 library cannot read the data of ${p}`, file);
          yield M.HEAPU8.subarray(ptr, ptr + bytes);
        }
      } finally {
        if (!instance.poisoned) M._free(ptr);
      }
    },
    close() {
      // A poisoned copy is never called again; it goes with its last reference.
      if (!instance.poisoned) quietly(() => h5file.close());
      release();
    },
  };

  function datasetInfo(p: string): DatasetInfo {
      if (kind(p) !== 'dataset') throw new KerascopeError(ErrorCode.Corrupt, `HDF5 dataset ${p} does not exist`, file);
      const meta = call(`dataset ${p}`, () => M.get_dataset_metadata(fid, p));
      const shape = (meta.shape ?? []).map(Number);
      const dtype = dtypeOf(meta.type, meta.size, meta.signed, meta.vlen, meta.enum_type?.members);
      const info: DatasetInfo = { shape, dtype, itemSize: meta.size, byteLength: shape.reduce((a, b) => a * b, 1) * meta.size };
      if (meta.virtual_sources?.length) throw new KerascopeError(ErrorCode.Unsupported, `HDF5 dataset ${p} is a virtual dataset mapping other files, which is never followed`, file);
      return info;
  }
}

function dtypeOf(type: number, size: number, signed: boolean, vlen: boolean, enumMembers?: Record<string, number>): DType {
  if (type === T_FLOAT) return size === 2 ? 'float16' : size === 4 ? 'float32' : size === 8 ? 'float64' : 'unknown';
  if (type === T_INTEGER) {
    const bits = size * 8;
    return ([8, 16, 32, 64].includes(bits) ? `${signed ? 'int' : 'uint'}${bits}` : 'unknown') as DType;
  }
  if (type === T_STRING || vlen) return 'string';
  // h5py stores numpy bools as an int8 enum {FALSE: 0, TRUE: 1}
  if (type === T_ENUM && size === 1 && enumMembers && 'TRUE' in enumMembers && 'FALSE' in enumMembers) return 'bool';
  if (type === T_OPAQUE) return 'unknown';
  return 'unknown';
}

interface Hyperslab {
  offset: number[];
  count: number[];
}

/** C-order hyperslabs of at most `maxElements` (one row of the split axis if that is larger). */
export function* hyperslabs(shape: number[], maxElements: number): Generator<Hyperslab> {
  if (shape.length === 0) {
    yield { offset: [], count: [] };
    return;
  }
  if (shape.some((d) => d === 0)) return;
  // Split on the outermost axis whose inner block fits; iterate the axes above it one by one.
  let axis = shape.length - 1;
  let inner = 1;
  while (axis > 0 && inner * shape[axis] <= maxElements) inner *= shape[axis--];
  if (inner * shape[axis] <= maxElements) {
    // the whole tensor fits
    yield { offset: shape.map(() => 0), count: [...shape] };
    return;
  }
  const step = Math.max(1, Math.floor(maxElements / inner));
  const outer = new Array<number>(axis).fill(0);
  for (;;) {
    for (let start = 0; start < shape[axis]; start += step) {
      const n = Math.min(step, shape[axis] - start);
      yield {
        offset: [...outer, start, ...shape.slice(axis + 1).map(() => 0)],
        count: [...outer.map(() => 1), n, ...shape.slice(axis + 1)],
      };
    }
    let d = axis - 1;
    for (; d >= 0; d--) {
      if (++outer[d] < shape[d]) break;
      outer[d] = 0;
    }
    if (d < 0) return;
  }
}


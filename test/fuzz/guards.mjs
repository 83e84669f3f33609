// Guards installed in a fuzz worker before kerascope is imported. They turn the resource and
// file-system invariants into observations: the largest buffer any code asked for, every write
// the library attempted, and every read outside the folder of the file under test.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPED = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];

/** What the guards saw during one input; reset before each. */
export const seen = { maxAlloc: 0, maxAllocWhere: '', writes: [], outsideReads: [] };
let allowedRoots = [];

export function resetGuards(inputDir, extraRoots) {
  seen.maxAlloc = 0;
  seen.maxAllocWhere = '';
  seen.writes = [];
  seen.outsideReads = [];
  allowedRoots = [inputDir, ...extraRoots].map((p) => resolve(p) + sep);
}

function noteAlloc(bytes, what) {
  if (typeof bytes === 'number' && Number.isFinite(bytes) && bytes > seen.maxAlloc) {
    seen.maxAlloc = bytes;
    // The caller's frame says which reader asked; cheap enough because it runs only on a new maximum.
    seen.maxAllocWhere = `${what}(${bytes}) ${(new Error().stack ?? '').split('\n').slice(3, 5).map((l) => l.trim()).join(' ← ')}`;
  }
}

/** Bytes a typed-array or ArrayBuffer constructor call will allocate (views over a buffer allocate nothing). */
function requested(args, bpe) {
  const a = args[0];
  if (typeof a === 'number') return a * bpe;
  if (a && typeof a === 'object' && !(a instanceof ArrayBuffer) && !(typeof SharedArrayBuffer !== 'undefined' && a instanceof SharedArrayBuffer) && typeof a.length === 'number') {
    return a.length * bpe;
  }
  return 0;
}

function wrapConstructor(name, bpe) {
  const Target = globalThis[name];
  globalThis[name] = new Proxy(Target, {
    construct(t, args, newTarget) {
      noteAlloc(requested(args, bpe), name);
      return Reflect.construct(t, args, newTarget);
    },
  });
}

function wrapBufferAlloc() {
  for (const fn of ['alloc', 'allocUnsafe', 'allocUnsafeSlow']) {
    const orig = Buffer[fn];
    Buffer[fn] = function (size, ...rest) {
      noteAlloc(size, `Buffer.${fn}`);
      return orig.call(this, size, ...rest);
    };
  }
}

/**
 * HDF5 (h5wasm) probes its compiled-in filter-plugin folders when a file names a filter it does
 * not have; that looks at a fixed folder, never at a path the file chose.
 */
const HDF5_PLUGIN_DIR = /\/lib\/plugin$/;

function inAllowed(p) {
  const s = p instanceof URL || String(p).startsWith('file:') ? fileURLToPath(p) : String(p);
  if (HDF5_PLUGIN_DIR.test(s)) return true;
  const abs = resolve(s) + sep;
  return allowedRoots.some((root) => abs.startsWith(root));
}

function noteRead(p, how) {
  if (typeof p !== 'string' && !(p instanceof URL)) return; // a file descriptor was opened earlier
  if (!inAllowed(p)) seen.outsideReads.push(`${how} ${String(p)}`);
}

const WRITE_FLAGS = /[wa+]/;
function wrapFs() {
  const writers = ['writeFile', 'appendFile', 'mkdir', 'rename', 'rm', 'rmdir', 'unlink', 'copyFile', 'symlink', 'link', 'truncate', 'mkdtemp', 'cp', 'chmod', 'utimes'];
  const wrapOne = (obj, fn, check) => {
    const orig = obj[fn];
    if (typeof orig !== 'function') return;
    obj[fn] = function (...args) {
      check(args);
      return orig.apply(this, args);
    };
  };
  for (const api of [fs, fs.promises]) {
    for (const w of writers) {
      wrapOne(api, w, (args) => seen.writes.push(`${w} ${String(args[0])}`));
      if (api === fs) wrapOne(api, `${w}Sync`, (args) => seen.writes.push(`${w}Sync ${String(args[0])}`));
    }
    for (const r of ['readFile', 'open', 'stat', 'lstat', 'readdir', 'opendir', 'access', 'realpath']) {
      const flagCheck = (args) => {
        if (r === 'open' && typeof args[1] === 'string' && WRITE_FLAGS.test(args[1])) seen.writes.push(`open(${args[1]}) ${String(args[0])}`);
        else noteRead(args[0], r);
      };
      wrapOne(api, r, flagCheck);
      if (api === fs) wrapOne(api, `${r}Sync`, flagCheck);
    }
  }
  wrapOne(fs, 'createWriteStream', (args) => seen.writes.push(`createWriteStream ${String(args[0])}`));
  wrapOne(fs, 'createReadStream', (args) => noteRead(args[0], 'createReadStream'));
  syncBuiltinESMExports();
}

export function installGuards() {
  for (const name of TYPED) wrapConstructor(name, globalThis[name].BYTES_PER_ELEMENT);
  wrapConstructor('ArrayBuffer', 1);
  if (typeof SharedArrayBuffer !== 'undefined') wrapConstructor('SharedArrayBuffer', 1);
  wrapBufferAlloc();
  wrapFs();
}


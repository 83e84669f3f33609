// Picks the HDF5 backend. auto: jsfive (quick start, fast on many-layer files), reading a file on
// disk page by page (paged-file.ts), switching to h5wasm as soon as jsfive meets a layout it would
// misread (NeedsFullLibrary); h5wasm for files above H5WASM_THRESHOLD_BYTES, whose paged buffer
// (as large as the file, if mostly unused) would be more address space than we want to reserve.
import { ErrorCode, KerascopeError } from '../../errors.js';
import { H5WASM_THRESHOLD_BYTES, MAX_JSFIVE_FILE_BYTES } from '../limits.js';
import { fileSource, type ByteSource } from '../source.js';
import { hdf5BudgetMs, withinBudget, type Budget } from './budget.js';
import { NeedsFullLibrary, type Hdf5Choice, type Hdf5File } from './file.js';
import { openH5wasm } from './h5wasm-backend.js';
import { openJsfive } from './jsfive-backend.js';
import { PagedFile, type SyncReader } from './paged-file.js';
import { readSuperblock } from './signature.js';

export interface Opened<T> {
  h5: Hdf5File;
  result: T;
  /** why auto mode left jsfive, when it did */
  switched?: string;
  /** releases the file (and any temporary copy) */
  close(): Promise<void>;
}

/**
 * Opens `source` as HDF5 and runs `use` on it (reading all the metadata it needs). In auto mode a
 * NeedsFullLibrary from jsfive, at open or inside `use`, reruns everything on h5wasm. Opening and
 * `use` run within the file's time budget (budget.ts), as does each slab read later.
 */
export async function withHdf5<T>(source: ByteSource, choice: Hdf5Choice, use: (h5: Hdf5File) => T): Promise<Opened<T>> {
  const sb = await readSuperblock(source);
  const wantWasm = choice === 'h5wasm' || (choice === 'auto' && source.size > H5WASM_THRESHOLD_BYTES);
  if (!wantWasm) {
    try {
      const { paged, release } = await pagedFile(source);
      const budget: Budget = { ms: hdf5BudgetMs(source.size), file: source.name };
      try {
        return withinBudget(budget, 'the file structure', () => {
          const h5 = openJsfive(paged, sb, source.name, budget);
          return { h5, result: use(h5), close: async () => (h5.close(), release()) };
        });
      } catch (e) {
        release();
        throw e;
      }
    } catch (e) {
      if (!(e instanceof NeedsFullLibrary)) throw e;
      if (choice === 'jsfive') {
        throw new KerascopeError(ErrorCode.Unsupported, `jsfive cannot read this file correctly (${e.reason}); use --hdf5 auto or --hdf5 h5wasm`, source.name);
      }
      return { ...(await viaH5wasm(source, use)), switched: e.reason };
    }
  }
  return viaH5wasm(source, use);
}

/**
 * The file as jsfive's buffer: a file on disk (or a stored member of an archive on disk) or a URL
 * paged in through a handle of our own (the store keeps it until closed, as h5wasm keeps its own),
 * bytes that exist only in memory as they are.
 */
async function pagedFile(source: ByteSource): Promise<{ paged: PagedFile; release(): void }> {
  const onDisk = source.region ?? (source.path ? { path: source.path, offset: 0 } : undefined);
  if (source.readSync && source.reopen) {
    // A URL: pages arrive through a handle of our own, synchronously (readers/http/bridge.ts).
    const own = await source.reopen();
    return { paged: lazyOrFullLibrary({ name: source.name, size: source.size, readSync: own.readSync!.bind(own) }), release: () => void own.close() };
  }
  if (!onDisk && source.readSync) {
    // A source that reads synchronously by itself (a Blob in a Web Worker, blob-source.ts).
    return { paged: lazyOrFullLibrary({ name: source.name, size: source.size, readSync: source.readSync }), release: () => {} };
  }
  if (onDisk) {
    // A source of our own: the caller's is closed once the file is opened (readers/index.ts).
    const own = await fileSource(onDisk.path);
    const release = () => void own.close();
    const base = onDisk.offset;
    try {
      const readSync = base === 0 ? own.readSync! : (position: number, into: Uint8Array) => own.readSync!(base + position, into);
      return { paged: lazyOrFullLibrary({ name: source.name, size: source.size, readSync }), release };
    } catch (e) {
      release();
      throw e;
    }
  }
  if (source.size > MAX_JSFIVE_FILE_BYTES) throw new NeedsFullLibrary(`${source.size} bytes in memory (jsfive would hold them all)`);
  return { paged: PagedFile.inMemory(await source.read(0, source.size)), release: () => {} };
}

function lazyOrFullLibrary(reader: SyncReader): PagedFile {
  try {
    return PagedFile.lazy(reader);
  } catch (e) {
    // No address space for a buffer of the file's size: h5wasm reads it without one.
    if (e instanceof RangeError) throw new NeedsFullLibrary(`no room for a ${reader.size}-byte buffer`);
    throw e;
  }
}

async function viaH5wasm<T>(source: ByteSource, use: (h5: Hdf5File) => T): Promise<Opened<T>> {
  // A file on disk is read lazily by path; bytes that exist only in memory (a .keras member) are
  // opened from h5wasm's in-memory file system, never written to a temporary file. So is a URL's
  // file: fetched whole (h5wasm has no lazy reader but a path), within the in-memory limit.
  if (!source.path && source.readSync && source.size > MAX_JSFIVE_FILE_BYTES) {
    throw new KerascopeError(ErrorCode.LimitExceeded, `h5wasm would need all ${source.size} bytes in memory (at most ${MAX_JSFIVE_FILE_BYTES}); read the file from disk`, source.name);
  }
  const input = source.path ? { path: source.path } : { bytes: await source.read(0, source.size) };
  const h5 = await openH5wasm(input, source.name, hdf5BudgetMs(source.size));
  try {
    return { h5, result: h5.withinBudget('the file structure', () => use(h5)), close: async () => h5.close() };
  } catch (e) {
    h5.close();
    throw e;
  }
}

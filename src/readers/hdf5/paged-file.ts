// jsfive parses HDF5 out of one ArrayBuffer spanning the whole file; it has no lazy source. A
// PagedFile gives it such a buffer, of the file's full size but filled only where something is read:
// the buffer is allocated untouched (the kernel maps its pages only when written, so memory grows
// with what is loaded, not with the file), and any read of bytes not yet loaded first reads their
// pages from the file. jsfive 0.4.2 reads its buffer in two ways only, `buffer.slice()` and
// DataView getters (its `struct.unpack_from` and DataView64 subclass): slices are caught by the
// buffer's own class, getters by hooks on DataView.prototype that exist only while `run()` is on the
// stack (the calls are synchronous, so nothing else runs meanwhile; `quiet.ts` patches stderr the
// same way). Metadata of a 553 MB model is a few hundred KB, so a summary reads that and no more;
// tensor data never goes through the pages (`bytes()` reads it straight into its own array).
// Conformance compares every fixture and corpus file read this way with h5wasm's reading.
import { ErrorCode, KerascopeError } from '../../errors.js';
import { MAX_PAGED_METADATA_BYTES } from '../limits.js';
import { NeedsFullLibrary } from './file.js';

/** Synchronous positioned reads of a file whose bytes do not change while it is open. */
export interface SyncReader {
  readonly name: string;
  readonly size: number;
  /** fills `into` from `position` (errors already coded); returns how many bytes it read (fewer only at the end of the file) */
  readSync(position: number, into: Uint8Array): number;
}

const PAGE_BITS = 16; // 64 KiB: HDF5 metadata sits in small clusters between the data
const PAGE = 1 << PAGE_BITS;
/** Files this small are read whole at once: one read beats a dozen page faults. */
const READ_WHOLE_BELOW = 1 << 20;

class PagedArrayBuffer extends ArrayBuffer {
  // Set right after construction; slices of it are plain ArrayBuffers (species), already loaded.
  pager!: PagedFile;
  static override get [Symbol.species](): ArrayBufferConstructor {
    return ArrayBuffer;
  }
  override slice(begin?: number, end?: number): ArrayBuffer {
    const n = this.byteLength;
    const rel = (x: number | undefined, dflt: number) => (x === undefined ? dflt : x < 0 ? Math.max(n + Math.trunc(x), 0) : Math.min(Math.trunc(x), n));
    const from = rel(begin, 0);
    const to = rel(end, n);
    if (to > from) this.pager.ensure(from, to - from);
    return super.slice(begin, end);
  }
}

export class PagedFile {
  readonly buffer: ArrayBuffer;
  readonly size: number;
  /** one flag per page; null once every byte is loaded */
  private loaded: Uint8Array | null;
  private readonly bytesView: Uint8Array;
  private loadedBytes = 0;

  private constructor(
    private readonly reader: SyncReader | null,
    size: number,
    filled?: Uint8Array,
    private readonly maxLoaded = MAX_PAGED_METADATA_BYTES,
  ) {
    this.size = size;
    if (filled) {
      // Bytes already in memory: use them as they are (copying only a view onto a larger buffer).
      const whole = filled.byteOffset === 0 && filled.byteLength === filled.buffer.byteLength && !(typeof SharedArrayBuffer !== 'undefined' && filled.buffer instanceof SharedArrayBuffer); // undefined in a page that is not cross-origin isolated
      this.buffer = whole ? (filled.buffer as ArrayBuffer) : filled.slice().buffer;
      this.loaded = null;
    } else {
      const buffer = new PagedArrayBuffer(size);
      buffer.pager = this;
      this.buffer = buffer;
      this.loaded = new Uint8Array(Math.ceil(size / PAGE));
    }
    this.bytesView = new Uint8Array(this.buffer);
    if (this.loaded && size <= READ_WHOLE_BELOW) this.ensure(0, size);
  }

  /**
   * A file read page by page as it is used, at most `maxLoaded` bytes of it (NeedsFullLibrary
   * beyond). Throws RangeError when no buffer of its size can be reserved.
   */
  static lazy(reader: SyncReader, maxLoaded = MAX_PAGED_METADATA_BYTES): PagedFile {
    return new PagedFile(reader, reader.size, undefined, maxLoaded);
  }

  /** Bytes that are already in memory (a `.keras` member, say). */
  static inMemory(bytes: Uint8Array): PagedFile {
    return new PagedFile(null, bytes.length, bytes);
  }

  /** Loads the pages holding [at, at + n) that are not loaded yet (bytes past the end are left alone). */
  ensure(at: number, n: number): void {
    const loaded = this.loaded;
    if (loaded === null || n <= 0 || at >= this.size || at < 0) return;
    const last = Math.min(this.size, at + n) - 1;
    let page = at >>> 0 === at ? at >>> PAGE_BITS : Math.floor(at / PAGE);
    const lastPage = Math.floor(last / PAGE);
    while (page <= lastPage) {
      if (loaded[page]) {
        page++;
        continue;
      }
      // Read a run of missing pages in one call.
      let end = page;
      while (end + 1 <= lastPage && !loaded[end + 1]) end++;
      const from = page * PAGE;
      const to = Math.min(this.size, (end + 1) * PAGE);
      // A Keras file's structure is a few MB at most; a damaged or hostile one that sends jsfive
      // everywhere goes to h5wasm, whose memory is capped, rather than loading the whole file here.
      this.loadedBytes += to - from;
      if (this.loadedBytes > this.maxLoaded) {
        throw new NeedsFullLibrary(`jsfive read more than ${this.maxLoaded} bytes of file structure`);
      }
      this.fill(from, this.bytesView.subarray(from, to));
      loaded.fill(1, page, end + 1);
      page = end + 1;
    }
    if (at === 0 && n >= this.size) this.loaded = null;
  }

  /**
   * The bytes [at, at + n) in an array of their own, read straight from the file without passing
   * through the pages (or copied, when the file is in memory): how tensor data is read.
   */
  bytes(at: number, n: number): Uint8Array {
    // Memory left uninitialised (no zeroing of megabytes about to be overwritten): readInto() either
    // fills all of it or throws, so no stale byte is ever seen.
    const out = Buffer.allocUnsafeSlow(n);
    return this.readInto(at, new Uint8Array(out.buffer, out.byteOffset, n));
  }

  /** Fills `into` with the bytes from `at` on, as bytes() does. */
  readInto(at: number, into: Uint8Array): Uint8Array {
    if (at < 0 || at + into.length > this.size) throw new RangeError(`bytes ${at}..${at + into.length} are outside the file`);
    if (this.loaded === null) into.set(this.bytesView.subarray(at, at + into.length));
    else this.fill(at, into);
    return into;
  }

  /** Runs `fn` with DataView reads of this buffer loading the pages they touch. */
  run<T>(fn: () => T): T {
    if (this.loaded === null) return fn();
    const previous = active;
    active = this;
    if (!hooked) hookDataView();
    try {
      return fn();
    } finally {
      active = previous;
      if (previous === null) unhookDataView();
    }
  }

  private fill(position: number, into: Uint8Array): void {
    const reader = this.reader!;
    if (reader.readSync(position, into) < into.length) {
      throw new KerascopeError(ErrorCode.Truncated, `the file ended before byte ${position + into.length} while being read (was it changed while open?)`, reader.name);
    }
  }

}

// ---- DataView hooks, installed only while a PagedFile's run() is on the stack ----

let active: PagedFile | null = null;
let hooked = false;
const GETTERS: [name: string, size: number][] = [
  ['getInt8', 1],
  ['getUint8', 1],
  ['getInt16', 2],
  ['getUint16', 2],
  ['getInt32', 4],
  ['getUint32', 4],
  ['getFloat32', 4],
  ['getFloat64', 8],
  ['getBigInt64', 8],
  ['getBigUint64', 8],
];
const proto = DataView.prototype as unknown as Record<string, (this: DataView, at: number, littleEndian?: boolean) => unknown>;
const originals = new Map(GETTERS.map(([name]) => [name, proto[name]]));

function hookDataView(): void {
  for (const [name, size] of GETTERS) {
    const original = originals.get(name)!;
    proto[name] = function (this: DataView, at: number, littleEndian?: boolean) {
      const pager = active;
      if (pager !== null && this.buffer === pager.buffer) pager.ensure(this.byteOffset + Number(at), size);
      return original.call(this, at, littleEndian);
    };
  }
  hooked = true;
}

function unhookDataView(): void {
  for (const [name] of GETTERS) proto[name] = originals.get(name)!;
  hooked = false;
}

/** Puts DataView back after a watchdog stopped a run() before its `finally` (budget.ts). */
export function resetPagedReads(): void {
  active = null;
  if (hooked) unhookDataView();
}

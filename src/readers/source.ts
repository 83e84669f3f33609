import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ErrorCode, KerascopeError, isKerascopeError } from '../errors.js';

/** Random access to the bytes of one input; parsers never do I/O themselves. */
export interface ByteSource {
  /** display name (the path the user gave) */
  readonly name: string;
  readonly size: number;
  /** the file on disk behind this source, for libraries that open files themselves (h5wasm) */
  readonly path?: string;
  /** a part of a file on disk: its `size` bytes start at `offset` in `path` (a stored zip member), for readers that page from disk */
  readonly region?: { readonly path: string; readonly offset: number };
  read(offset: number, length: number): Promise<Uint8Array>;
  /** fills `into` from `position` on, where the source reads synchronously; returns the bytes read (fewer only at the end) */
  readSync?(position: number, into: Uint8Array): number;
  /** a second handle on the same bytes, for readers that keep reading after the caller closes this one (a URL) */
  reopen?(): Promise<ByteSource>;
  close(): Promise<void>;
}

/** A source plus access to files beside it (weights shards, config.json). */
export interface SourceContext {
  source: ByteSource;
  /**
   * bytes of a sibling file, or null when it does not exist (nor for the file itself); a file over
   * `maxBytes` is refused (E_LIMIT) before any of it is read
   */
  readSibling(relative: string, maxBytes?: number): Promise<Uint8Array | null>;
  /** a sibling file as a source of its own, read lazily (the caller closes it), or null when it does not exist */
  openSibling(relative: string): Promise<ByteSource | null>;
  siblingPath(relative: string): string;
}

/** All bytes of a source, which is then closed (a sibling's, for readSibling); null for none. */
export async function readWhole(source: ByteSource | null, maxBytes = Infinity): Promise<Uint8Array | null> {
  if (!source) return null;
  try {
    if (source.size > maxBytes) throw new KerascopeError(ErrorCode.LimitExceeded, `${source.size} bytes, over the ${maxBytes}-byte limit`, source.name);
    return await source.read(0, source.size);
  } finally {
    await source.close();
  }
}

export function bufferSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
    close: async () => {},
  };
}

/**
 * Opens a file for random access; missing files and directories become coded errors. The calls are
 * synchronous behind the async interface: each read is one pread of at most a few MB, and a
 * round trip through libuv's thread pool per call cost more than the reads themselves (a third
 * of reading a 1,000-layer config).
 */
export async function fileSource(path: string): Promise<ByteSource> {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new KerascopeError(ErrorCode.FileNotFound, 'no such file', path, { cause: e });
  }
  if (st.isDirectory()) throw new KerascopeError(ErrorCode.NotAFile, 'is a directory, not a model file', path);
  if (!st.isFile()) throw new KerascopeError(ErrorCode.NotAFile, 'is not a regular file', path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new KerascopeError(ErrorCode.Io, `cannot open: ${(e as Error).message}`, path, { cause: e });
  }
  const size = st.size;
  let closed = false;
  const readInto = (position: number, into: Uint8Array): number => {
    // A descriptor number is reused once closed: reading through it then would read another file.
    if (closed) throw new KerascopeError(ErrorCode.Usage, 'read after the file was closed', path);
    let done = 0;
    while (done < into.length) {
      let n: number;
      try {
        n = readSync(fd, into, done, into.length - done, position + done);
      } catch (e) {
        throw new KerascopeError(ErrorCode.Io, `cannot read: ${(e as Error).message}`, path, { cause: e });
      }
      if (n === 0) break;
      done += n;
    }
    return done;
  };
  return {
    name: path,
    path,
    size,
    async read(offset, length) {
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const done = readInto(offset, buf);
      return done === buf.length ? buf : buf.subarray(0, done);
    },
    readSync: readInto,
    async close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}

export function fileContext(source: ByteSource, path: string): SourceContext {
  const dir = dirname(path);
  // the file itself is no sibling (both normalized: `./a//m.json` is `a/m.json`)
  return siblingContext(source, (rel) => join(dir, rel), (rel) => join(dir, rel) === join(path), (rel) => fileSource(join(dir, rel)));
}

/**
 * The context of a source whose siblings `open` opens (a file, a URL, a dropped file): a sibling
 * that does not exist (null, or E_FILE_NOT_FOUND) is null; readSibling reads one whole, never the
 * file itself (`isSelf`).
 */
export function siblingContext(
  source: ByteSource,
  siblingPath: (relative: string) => string,
  isSelf: (relative: string) => boolean,
  open: (relative: string) => Promise<ByteSource | null>,
): SourceContext {
  const openSibling = async (rel: string): Promise<ByteSource | null> => {
    try {
      return await open(rel);
    } catch (e) {
      if (isKerascopeError(e) && e.code === ErrorCode.FileNotFound) return null;
      throw e;
    }
  };
  return { source, siblingPath, openSibling, readSibling: async (rel, maxBytes) => (isSelf(rel) ? null : readWhole(await openSibling(rel), maxBytes)) };
}

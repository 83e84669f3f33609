// Sources over in-memory file objects (a browser's File/Blob): what the web app reads dropped files
// through. No Node module here, so the browser bundle can take it. A Blob is read by slices, never
// whole; in a Web Worker `FileReaderSync` also reads a slice synchronously, which is what jsfive's
// paged HDF5 reader needs (paged-file.ts), so a large .h5 is paged like a file on disk.
import { ErrorCode, KerascopeError } from '../errors.js';
import { siblingContext, type ByteSource, type SourceContext } from './source.js';
import { openFromContext } from './index.js';
import { DEFAULT_LIMITS } from './limits.js';
import { inPresetListing, looksLikePreset, openPreset } from './preset.js';
import type { OpenOptions, RawModel } from './types.js';

/** The part of the DOM Blob interface used here (structural: the library builds without DOM types). */
export interface BlobLike {
  readonly size: number;
  slice(start?: number, end?: number): BlobLike;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Reads a blob synchronously (FileReaderSync in a worker); undefined where there is no such reader. */
export type SyncBlobReader = (blob: BlobLike) => ArrayBuffer;

type FileReaderSyncCtor = new () => { readAsArrayBuffer(blob: BlobLike): ArrayBuffer };

/** FileReaderSync where the global scope has it (dedicated workers), else undefined. */
function workerBlobReader(): SyncBlobReader | undefined {
  const Ctor = (globalThis as { FileReaderSync?: FileReaderSyncCtor }).FileReaderSync;
  if (!Ctor) return undefined;
  const reader = new Ctor();
  return (blob) => reader.readAsArrayBuffer(blob);
}

export function blobSource(name: string, blob: BlobLike, readBlobSync: SyncBlobReader | undefined = workerBlobReader()): ByteSource {
  const size = blob.size;
  const clamp = (offset: number, length: number): [number, number] => [Math.min(offset, size), Math.min(size, offset + Math.max(0, length))];
  const failed = (e: unknown) => new KerascopeError(ErrorCode.Io, `cannot read: ${(e as Error)?.message ?? String(e)}`, name, { cause: e });
  const source: ByteSource = {
    name,
    size,
    async read(offset, length) {
      const [from, to] = clamp(offset, length);
      try {
        return new Uint8Array(await blob.slice(from, to).arrayBuffer());
      } catch (e) {
        throw failed(e);
      }
    },
    close: async () => {},
  };
  if (!readBlobSync) return source;
  return {
    ...source,
    readSync(position, into) {
      const [from, to] = clamp(position, into.length);
      let bytes: ArrayBuffer;
      try {
        bytes = readBlobSync(blob.slice(from, to));
      } catch (e) {
        throw failed(e);
      }
      into.set(new Uint8Array(bytes));
      return bytes.byteLength;
    },
  };
}

/**
 * Files given together (dropped, or a picked folder), by their relative paths ("tiny/model.json"):
 * the context of one of them, whose siblings are the other files of its folder.
 */
export function blobContext(files: ReadonlyMap<string, BlobLike>, path: string, readBlobSync?: SyncBlobReader): SourceContext {
  const blob = files.get(path);
  if (!blob) throw new KerascopeError(ErrorCode.FileNotFound, 'no such file', path);
  const sync = readBlobSync ?? workerBlobReader();
  const siblingPath = (rel: string) => joinRelative(dirOf(path), rel);
  const open = async (rel: string) => {
    const p = siblingPath(rel);
    const sibling = files.get(p);
    return sibling ? blobSource(p, sibling, sync) : null;
  };
  return siblingContext(blobSource(path, blob, sync), siblingPath, (rel) => siblingPath(rel) === path, open);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** `rel` resolved against `dir` with "." and ".." applied; a path leaving the set names nothing in it. */
function joinRelative(dir: string, rel: string): string {
  const parts: string[] = [];
  for (const p of `${dir}/${rel}`.split('/')) {
    if (p === '' || p === '.') continue;
    if (p !== '..') parts.push(p);
    else if (!parts.length) return '';
    else parts.pop();
  }
  return parts.join('/');
}

/** openModelFile for one of a set of in-memory files (its siblings are the set's other files). */
export function openModelBlob(files: ReadonlyMap<string, BlobLike>, path: string, options: Partial<OpenOptions> = {}): Promise<RawModel> {
  return openFromContext(blobContext(files, path), { limits: DEFAULT_LIMITS, ...options });
}

/**
 * The folders among a set of files that are KerasHub presets (preset.ts), outermost only: a
 * preset's files are read as one model, as `kerascope summary <folder>` reads it.
 */
export function presetFolders(paths: Iterable<string>): string[] {
  const all = new Set(paths);
  const dirs = [...new Set([...all].map(dirOf).filter(Boolean))].sort();
  const presets: string[] = [];
  for (const d of dirs) {
    if (presets.some((p) => d.startsWith(`${p}/`))) continue;
    if (looksLikePreset((name) => all.has(`${d}/${name}`))) presets.push(d);
  }
  return presets;
}

/** openModelFile for a preset folder among a set of in-memory files (presetFolders). */
export function openPresetBlob(files: ReadonlyMap<string, BlobLike>, dir: string, options: Partial<OpenOptions> = {}): Promise<RawModel> {
  const prefix = `${dir}/`;
  const listed = [...files.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length)).filter(inPresetListing).sort();
  return openPreset({ name: dir, files: listed, open: async (rel) => blobContext(files, `${prefix}${rel}`) }, { limits: DEFAULT_LIMITS, ...options });
}

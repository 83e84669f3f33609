// A zip archive read in place: the central directory is parsed with bounded reads, entries are
// read into memory one at a time on request (never extracted to disk), DEFLATE is fflate's.
// fflate's own unzip wants the whole archive in memory and allocates each entry by its declared
// size, so only its inflater is used: output is grown as it arrives and capped by both the
// declared size and our limit, and entries nobody asks for (assets) are never inflated.
import { Inflate } from 'fflate';
import { ErrorCode, KerascopeError } from '../errors.js';
import type { ByteSource } from './source.js';
import { ZIP_BOMB_FLOOR_BYTES, ZIP_BOMB_RATIO, type Limits } from './limits.js';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate */
  method: number;
  compressedSize: number;
  /** the uncompressed size the archive declares (not trusted) */
  size: number;
  crc32: number;
  encrypted: boolean;
  localHeaderOffset: number;
}

/** Something wrong with an archive member; the reader refuses or reports it (see OpenOptions). */
export interface ArchiveProblem {
  code: 'unsafe-name' | 'duplicate-name' | 'compression-ratio' | 'size-mismatch' | 'encrypted' | 'unsupported-method';
  entry: string;
  message: string;
}

export interface ZipArchive {
  entries: ZipEntry[];
  /** problems seen in the directory itself (names, ratios); reading adds size mismatches */
  problems: ArchiveProblem[];
  find(name: string): ZipEntry | undefined;
  /** the entry's bytes, inflated and checked (size, CRC), at most `maxBytes` */
  read(entry: ZipEntry, maxBytes: number): Promise<Uint8Array>;
  /** at most `maxBytes` of the entry's inflated bytes, for looking at what a member is; `complete`
   * when that is all of it (no size or CRC check: a prefix is only looked at) */
  readPrefix(entry: ZipEntry, maxBytes: number): Promise<{ bytes: Uint8Array; complete: boolean }>;
  /** a stored member as a source reading the archive in place; null for a deflated or encrypted one */
  rangeSource(entry: ZipEntry): Promise<ByteSource | null>;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** compressed bytes handed to the inflater at once: bounds how far one step can overshoot a cap */
const INFLATE_STEP = 16 * 1024;

export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

/** A file's last 64 KiB + 22 bytes and where its last end-of-central-directory record starts in them. */
export interface ZipEnd {
  tail: Uint8Array;
  eocd: number;
}

/**
 * The end-of-central-directory record, found as Python's zipfile finds it (whatever precedes the
 * archive): Keras opens such a file as a `.keras` archive when so named. Null when there is none;
 * openZip takes what was found instead of reading the tail again.
 */
export async function findZipEnd(source: ByteSource): Promise<ZipEnd | null> {
  const tailLen = Math.min(source.size, EOCD_SIZE + MAX_COMMENT);
  const tail = await source.read(source.size - tailLen, tailLen);
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) if (u32(tail, i) === SIG_EOCD) return { tail, eocd: i };
  return null;
}

/** A path that would land outside the extraction folder, or is absolute, or is not a plain name. */
export function unsafeEntryName(name: string): string | null {
  if (name.length === 0) return 'empty name';
  if (name.includes('\0')) return 'NUL in name';
  if (/^[/\\]/.test(name)) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'drive-letter path';
  if (name.split(/[/\\]/).some((part) => part === '..')) return 'path traversal';
  return null;
}

export async function openZip(source: ByteSource, limits: Limits, found?: ZipEnd): Promise<ZipArchive> {
  const file = source.name;
  const corrupt = (msg: string) => new KerascopeError(ErrorCode.Corrupt, `broken zip archive: ${msg}`, file);
  const end = found ?? (await findZipEnd(source));
  if (!end) throw corrupt('no end-of-central-directory record (truncated or not a zip)');
  const { tail, eocd } = end;
  const tailLen = tail.length;
  let count = u16(tail, eocd + 10);
  let dirSize = u32(tail, eocd + 12);
  let dirOffset = u32(tail, eocd + 16);
  const eocdPos = source.size - tailLen + eocd;
  // Bytes before the archive (a self-extractor's stub, or a whole other file): the directory ends
  // where the end record starts, and every recorded offset is short by the same amount. Python's
  // zipfile corrects by it, so an archive appended to an HDF5 file opens in Keras; so it does here.
  let prepended = 0;
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    const loc = await source.read(eocdPos - 20, 20);
    if (loc.length !== 20 || u32(loc, 0) !== SIG_ZIP64_LOCATOR) throw corrupt('ZIP64 sizes without a ZIP64 locator');
    const recPos = u64(loc, 8);
    const rec = await source.read(recPos, 56);
    if (rec.length !== 56 || u32(rec, 0) !== SIG_ZIP64_EOCD) throw corrupt('bad ZIP64 end-of-central-directory record');
    count = u64(rec, 32);
    dirSize = u64(rec, 40);
    dirOffset = u64(rec, 48);
  } else {
    prepended = Math.max(0, eocdPos - dirSize - dirOffset);
    dirOffset += prepended;
  }
  if (count > limits.maxZipEntries) {
    throw new KerascopeError(ErrorCode.LimitExceeded, `zip archive lists ${count} entries, over the ${limits.maxZipEntries}-entry limit`, file);
  }
  if (dirOffset + dirSize > source.size || dirSize > limits.maxZipDirectoryBytes) throw corrupt('central directory lies outside the file');
  const dir = await source.read(dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > dir.length || u32(dir, p) !== SIG_CENTRAL) throw corrupt(`central directory entry ${i} is damaged`);
    const flags = u16(dir, p + 8);
    const nameLen = u16(dir, p + 28);
    const extraLen = u16(dir, p + 30);
    const commentLen = u16(dir, p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > dir.length) throw corrupt(`central directory entry ${i} runs past the directory`);
    const nameBytes = dir.subarray(p + 46, p + 46 + nameLen);
    const entry: ZipEntry = {
      name: new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes),
      method: u16(dir, p + 10),
      crc32: u32(dir, p + 16),
      compressedSize: u32(dir, p + 20),
      size: u32(dir, p + 24),
      localHeaderOffset: u32(dir, p + 42),
      encrypted: (flags & 1) !== 0,
    };
    applyZip64Extra(entry, dir.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
    entry.localHeaderOffset += prepended;
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  const problems = directoryProblems(entries);
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) if (!byName.has(e.name)) byName.set(e.name, e);

  const dataRange = async (entry: ZipEntry): Promise<{ start: number; end: number }> => {
    const local = await source.read(entry.localHeaderOffset, 30);
    if (local.length !== 30 || u32(local, 0) !== SIG_LOCAL) throw corrupt(`no local header for "${entry.name}"`);
    const start = entry.localHeaderOffset + 30 + u16(local, 26) + u16(local, 28);
    const end = start + entry.compressedSize;
    if (end > source.size) throw corrupt(`"${entry.name}" runs past the end of the file`);
    return { start, end };
  };

  return {
    entries,
    problems,
    find: (name) => byName.get(name),
    async read(entry, maxBytes) {
      if (entry.encrypted) throw new KerascopeError(ErrorCode.Unsupported, `zip entry "${entry.name}" is encrypted`, file);
      const cap = Math.min(entry.size, maxBytes);
      const { start, end } = await dataRange(entry);
      let out: Uint8Array;
      if (entry.method === 0) {
        if (entry.compressedSize > maxBytes) throw tooBig(entry, maxBytes, file);
        out = await source.read(start, end - start);
      } else if (entry.method === 8) {
        out = await inflateCapped(source, start, end, cap, entry, maxBytes, file);
      } else {
        throw new KerascopeError(ErrorCode.Unsupported, `zip entry "${entry.name}" uses compression method ${entry.method}`, file);
      }
      if (out.length !== entry.size) {
        problems.push({ code: 'size-mismatch', entry: entry.name, message: `zip member ${entry.name}: declared size ${entry.size} does not match inflated size ${out.length}` });
      }
      if (crc32(out) !== entry.crc32) throw corrupt(`"${entry.name}" fails its CRC check`);
      return out;
    },
    async readPrefix(entry, maxBytes) {
      if (entry.encrypted) throw new KerascopeError(ErrorCode.Unsupported, `zip entry "${entry.name}" is encrypted`, file);
      const { start, end } = await dataRange(entry);
      if (entry.method === 0) {
        const n = Math.min(end - start, maxBytes);
        return { bytes: await source.read(start, n), complete: n === end - start };
      }
      if (entry.method !== 8) throw new KerascopeError(ErrorCode.Unsupported, `zip entry "${entry.name}" uses compression method ${entry.method}`, file);
      const { chunks, over } = await inflateUpTo(source, start, end, maxBytes, entry, file);
      return { bytes: concat(chunks), complete: !over };
    },
    async rangeSource(entry) {
      if (entry.method !== 0 || entry.encrypted) return null;
      const { start, end } = await dataRange(entry);
      return { ...memberSource(source, start, end, `${file}!${entry.name}`), ...(source.path ? { region: { path: source.path, offset: start } } : {}) };
    },
  };
}

/**
 * The bytes [start, end) of an archive as a source of their own, reads clipped to them. An archive
 * behind a URL also gives synchronous reads and second handles, for the paged HDF5 reader.
 */
function memberSource(archive: ByteSource, start: number, end: number, name: string): ByteSource {
  const remote = archive.readSync && archive.reopen;
  return {
    name,
    size: end - start,
    read: (offset, length) => {
      const from = start + Math.max(0, offset);
      return archive.read(from, Math.max(0, Math.min(length, end - from)));
    },
    close: async () => {},
    ...(remote
      ? {
          readSync: (position: number, into: Uint8Array) => archive.readSync!(start + position, into.subarray(0, Math.max(0, Math.min(into.length, end - start - position)))),
          async reopen() {
            const own = await archive.reopen!();
            return { ...memberSource(own, start, end, name), close: () => own.close() };
          },
        }
      : {}),
  };
}

function tooBig(entry: ZipEntry, maxBytes: number, file: string): KerascopeError {
  return new KerascopeError(ErrorCode.LimitExceeded, `zip entry "${entry.name}" inflates past the ${maxBytes}-byte limit`, file);
}

/** Inflates step by step; stops as soon as the output passes min(declared size, limit). */
async function inflateCapped(source: ByteSource, start: number, end: number, cap: number, entry: ZipEntry, maxBytes: number, file: string): Promise<Uint8Array> {
  const { chunks, total, over } = await inflateUpTo(source, start, end, cap, entry, file);
  if (over && total > maxBytes) throw tooBig(entry, maxBytes, file);
  if (over) throw new KerascopeError(ErrorCode.UnsafeArchive, `zip member ${entry.name} inflates past its declared size of ${entry.size} bytes`, file);
  return concat(chunks);
}

/** Inflates until the output passes `cap` bytes (`over`); the chunks hold the first `cap` bytes at most, the last one cut. */
async function inflateUpTo(source: ByteSource, start: number, end: number, cap: number, entry: ZipEntry, file: string): Promise<{ chunks: Uint8Array[]; total: number; over: boolean }> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (total + chunk.length > cap) {
      over = true;
      if (total < cap) chunks.push(chunk.subarray(0, cap - total));
    } else chunks.push(chunk);
    total += chunk.length;
  });
  try {
    for (let pos = start; pos < end && !over; pos += INFLATE_STEP) {
      const step = await source.read(pos, Math.min(INFLATE_STEP, end - pos));
      inflater.push(step, pos + step.length >= end);
    }
  } catch (e) {
    throw new KerascopeError(ErrorCode.Corrupt, `broken zip archive: "${entry.name}" does not inflate (${(e as Error).message})`, file, { cause: e });
  }
  return { chunks, total, over };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function directoryProblems(entries: ZipEntry[]): ArchiveProblem[] {
  const problems: ArchiveProblem[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const unsafe = unsafeEntryName(e.name);
    if (unsafe) problems.push({ code: 'unsafe-name', entry: e.name, message: `zip member with unsafe path (${unsafe}): ${e.name}` });
    if (seen.has(e.name)) problems.push({ code: 'duplicate-name', entry: e.name, message: `zip member ${e.name} appears twice` });
    seen.add(e.name);
    if (e.encrypted) problems.push({ code: 'encrypted', entry: e.name, message: `zip member ${e.name} is encrypted` });
    if (e.method !== 0 && e.method !== 8) problems.push({ code: 'unsupported-method', entry: e.name, message: `zip member ${e.name} uses compression method ${e.method}` });
    if (e.size > ZIP_BOMB_FLOOR_BYTES && e.size > ZIP_BOMB_RATIO * Math.max(1, e.compressedSize)) {
      const ratio = Math.round(e.size / Math.max(1, e.compressedSize));
      problems.push({ code: 'compression-ratio', entry: e.name, message: `zip member ${e.name}: suspicious compression ratio (~${ratio}:1, ${e.size} bytes declared)` });
    }
  }
  return problems;
}

/** ZIP64 extended information: 64-bit sizes and offset, present for the fields set to 0xFFFFFFFF. */
function applyZip64Extra(entry: ZipEntry, extra: Uint8Array): void {
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = u16(extra, p);
    const len = u16(extra, p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const next = () => {
        const v = q + 8 <= p + 4 + len && q + 8 <= extra.length ? u64(extra, q) : undefined;
        q += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = next() ?? entry.size;
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next() ?? entry.localHeaderOffset;
      return;
    }
    p += 4 + len;
  }
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
/** 64-bit little endian as a number; beyond 2^53 is not a size any file here can have. */
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 0x1_0000_0000;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// A minimal zip reader/writer for the fuzzer (not for kerascope): enough to take a seed archive
// apart and write it back with duplicated, reordered, renamed, lying or bomb members.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { concat, concatList, readLE } from './mutate-bytes.mjs';

const num = (b, at, w) => Number(readLE(b, at, w));

/** Members from the central directory, or null when the archive cannot be parsed. */
export function parseZip(b) {
  for (let eocd = b.length - 22; eocd >= Math.max(0, b.length - 22 - 65535); eocd--) {
    if (num(b, eocd, 4) !== 0x06054b50) continue;
    const count = num(b, eocd + 10, 2);
    let at = num(b, eocd + 16, 4);
    const entries = [];
    for (let i = 0; i < count; i++) {
      if (at + 46 > b.length || num(b, at, 4) !== 0x02014b50) return null;
      const method = num(b, at + 10, 2);
      const csize = num(b, at + 20, 4);
      const nameLen = num(b, at + 28, 2);
      const extraLen = num(b, at + 30, 2);
      const commentLen = num(b, at + 32, 2);
      const local = num(b, at + 42, 4);
      const name = new TextDecoder().decode(b.subarray(at + 46, at + 46 + nameLen));
      if (local + 30 > b.length) return null;
      const dataAt = local + 30 + num(b, local + 26, 2) + num(b, local + 28, 2);
      const data = b.slice(dataAt, dataAt + csize);
      entries.push({ name, method, data });
      at += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  }
  return null;
}

/** The uncompressed bytes of a member (stored or deflated), or null. */
export function memberBytes(e) {
  if (e.method === 0) return e.data;
  if (e.method === 8) {
    try {
      return new Uint8Array(inflateRawSync(e.data));
    } catch {
      return null;
    }
  }
  return null;
}

export function member(name, bytes, deflate = false) {
  return deflate
    ? { name, method: 8, data: new Uint8Array(deflateRawSync(bytes)), usize: bytes.length, crc: crc32(bytes) }
    : { name, method: 0, data: bytes, usize: bytes.length, crc: crc32(bytes) };
}

/**
 * Writes an archive. Each entry may carry `usize` and `crc` (else derived from stored data),
 * `lieLocal` / `lieCentral` (a declared uncompressed size to write instead), `flags`.
 */
export function buildZip(entries, { countOverride, commentLength } = {}) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const usize = e.usize ?? (e.method === 0 ? e.data.length : (memberBytes(e)?.length ?? 0));
    const crc = e.crc ?? (e.method === 0 ? crc32(e.data) : crc32(memberBytes(e) ?? new Uint8Array()));
    const head = (sig, extra) => {
      const h = new DataView(new ArrayBuffer(sig === 0x04034b50 ? 30 : 46));
      h.setUint32(0, sig, true);
      let p = 4;
      if (sig === 0x02014b50) {
        h.setUint16(p, 20, true);
        p += 2;
      }
      h.setUint16(p, 20, true);
      h.setUint16(p + 2, e.flags ?? 0, true);
      h.setUint16(p + 4, e.method, true);
      h.setUint32(p + 10, crc >>> 0, true);
      h.setUint32(p + 14, e.data.length, true);
      h.setUint32(p + 18, (extra ?? usize) >>> 0, true);
      h.setUint16(p + 22, name.length, true);
      if (sig === 0x02014b50) h.setUint32(42, offset, true);
      return new Uint8Array(h.buffer);
    };
    const local = head(0x04034b50, e.lieLocal);
    central.push(concat(head(0x02014b50, e.lieCentral), name));
    parts.push(local, name, e.data);
    offset += local.length + name.length + e.data.length;
  }
  const cd = concatList(central);
  const eocd = new DataView(new ArrayBuffer(22));
  eocd.setUint32(0, 0x06054b50, true);
  const count = countOverride ?? entries.length;
  eocd.setUint16(8, count & 0xffff, true);
  eocd.setUint16(10, count & 0xffff, true);
  eocd.setUint32(12, cd.length, true);
  eocd.setUint32(16, offset, true);
  eocd.setUint16(20, commentLength ?? 0, true);
  return concatList([...parts, cd, new Uint8Array(eocd.buffer)]);
}

const BOMB_BYTES = 256 * 1024 * 1024;
let bombCache = null;
/** 256 MiB of zeros deflated (about 256 KB, correct CRC): far larger inside than outside */
function bomb() {
  if (!bombCache) {
    const zeros = new Uint8Array(BOMB_BYTES);
    bombCache = { data: new Uint8Array(deflateRawSync(zeros, { level: 9 })), crc: crc32(zeros) };
  }
  return bombCache;
}

const TRAVERSAL = ['../config.json', '../../../../tmp/kerascope-fuzz-escape', '/etc/passwd', 'a/../../config.json', '..\\..\\config.json', 'C:/config.json', 'config.json\u0000.txt', './config.json', 'config.json/', ''];

/** Zip-structure mutations; `inner(rng, name, bytes)` mutates one member's content. */
export function zipMutators(inner) {
  return {
    zipDuplicate(rng, entries) {
      const e = rng.pick(entries);
      const dup = rng.chance(0.5) ? { ...e } : { ...e, ...member(e.name, inner(rng, e.name, memberBytes(e) ?? e.data)) };
      entries.splice(rng.int(entries.length + 1), 0, dup);
      return {};
    },
    zipReorder(rng, entries) {
      for (let i = entries.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [entries[i], entries[j]] = [entries[j], entries[i]];
      }
      return {};
    },
    zipTraversal(rng, entries) {
      const e = rng.pick(entries);
      if (rng.chance(0.5)) entries.push({ ...e, name: rng.pick(TRAVERSAL) });
      else e.name = rng.pick(TRAVERSAL).replace('config.json', e.name);
      return {};
    },
    zipDeclaredSize(rng, entries) {
      const e = rng.pick(entries);
      const lie = rng.pick([0xffffffff, 0x7fffffff, 0, 1, e.data.length * 1000]);
      if (rng.chance(0.7)) e.lieCentral = lie;
      if (rng.chance(0.7)) e.lieLocal = lie;
      return {};
    },
    zipBomb(rng, entries) {
      const e = rng.pick(entries);
      const b = bomb();
      Object.assign(e, { method: 8, data: b.data, usize: BOMB_BYTES, crc: b.crc });
      if (rng.chance(0.5)) e.lieCentral = e.lieLocal = rng.pick([1000, 0x7fffffff]);
      return {};
    },
    zipMethod(rng, entries) {
      const e = rng.pick(entries);
      e.method = rng.pick([1, 6, 9, 12, 14, 93, 99, e.method === 0 ? 8 : 0]);
      if (rng.chance(0.3)) e.flags = 1; // "encrypted"
      return {};
    },
    zipInner(rng, entries) {
      const e = rng.pick(entries);
      const bytes = memberBytes(e);
      if (bytes) Object.assign(e, member(e.name, inner(rng, e.name, bytes), e.method === 8));
      return {};
    },
    zipManyEntries(rng, entries) {
      const n = rng.pick([1000, 20_000, 65_535]);
      for (let i = 0; i < n; i++) entries.push(member(`assets/f${i}`, new Uint8Array()));
      return {};
    },
    zipDirectory(rng, entries) {
      entries.push(member(`${rng.pick(entries).name}/`, new Uint8Array()));
      return {};
    },
    zipCount(rng, entries) {
      return rng.chance(0.5) ? { countOverride: rng.pick([0, 0xffff, entries.length + 1]) } : { commentLength: rng.pick([1, 0xffff]) };
    },
  };
}

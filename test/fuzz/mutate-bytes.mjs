// Format-blind byte mutations: bit flips, interesting bytes, truncation, chunk insert/delete/
// duplicate, splices from another seed, and inflated length/count fields.
const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x22, 0x7b, 0x5b];
/** values a length/count/dimension field can be inflated to (little-endian, 4 or 8 bytes) */
export const HUGE = [0xffffffffn, 0x7fffffffn, 0x80000000n, 1n << 40n, 10n ** 15n, (1n << 63n) - 1n, (1n << 64n) - 1n, 1n << 32n, 0x10000n];

export function flipBits(rng, b) {
  const out = Uint8Array.from(b);
  if (!out.length) return out;
  for (let i = rng.small(8) + 1; i > 0; i--) out[rng.int(out.length)] ^= 1 << rng.int(8);
  return out;
}

export function setBytes(rng, b) {
  const out = Uint8Array.from(b);
  if (!out.length) return out;
  for (let i = rng.small(8) + 1; i > 0; i--) out[rng.int(out.length)] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
  return out;
}

export function truncate(rng, b) {
  return b.slice(0, rng.chance(0.3) ? rng.small(Math.min(b.length, 4096)) : rng.int(b.length + 1));
}

export function deleteChunk(rng, b) {
  if (b.length < 2) return b;
  const at = rng.int(b.length);
  const len = rng.small(b.length - at);
  return concat(b.subarray(0, at), b.subarray(at + len));
}

export function insertRandom(rng, b) {
  const at = rng.int(b.length + 1);
  const chunk = new Uint8Array(rng.small(256) + 1).map(() => rng.int(256));
  return concat(b.subarray(0, at), chunk, b.subarray(at));
}

/** copies a chunk of the same file elsewhere (repeated headers, duplicated structures) */
export function duplicateChunk(rng, b) {
  if (!b.length) return b;
  const from = rng.int(b.length);
  const chunk = b.subarray(from, from + rng.small(Math.min(4096, b.length - from)) + 1);
  const at = rng.int(b.length + 1);
  const overwrite = rng.chance(0.5);
  return concat(b.subarray(0, at), chunk, b.subarray(overwrite ? Math.min(b.length, at + chunk.length) : at));
}

/** replaces a region with a chunk of another seed of the same format */
export function spliceOther(rng, b, others) {
  const o = others.length ? rng.pick(others) : b;
  if (!o.length) return b;
  const from = rng.int(o.length);
  const chunk = o.subarray(from, from + rng.small(Math.min(8192, o.length - from)) + 1);
  const at = rng.int(b.length + 1);
  return concat(b.subarray(0, at), chunk, b.subarray(Math.min(b.length, at + rng.int(chunk.length * 2 + 1))));
}

/** overwrites an integer field at a random aligned offset with a huge value */
export function inflateInt(rng, b) {
  if (b.length < 8) return b;
  const out = Uint8Array.from(b);
  const width = rng.chance(0.5) ? 4 : 8;
  const at = rng.int(Math.floor((out.length - width) / width) + 1) * width;
  writeLE(out, at, width, rng.pick(HUGE));
  return out;
}

/**
 * Inflates the fields holding a value the seed is known to contain (a tensor dimension, an entry
 * size): the surest way to reach "declared size ≫ stored size" in binary containers.
 */
export function inflateKnown(rng, b, hints) {
  const values = (hints ?? []).filter((v) => v > 0);
  if (!values.length || b.length < 8) return inflateInt(rng, b);
  const v = BigInt(rng.pick(values));
  const width = rng.chance(0.6) ? 8 : 4;
  const hits = [];
  for (let i = 0; i + width <= b.length && hits.length < 64; i++) if (readLE(b, i, width) === v) hits.push(i);
  if (!hits.length) return inflateInt(rng, b);
  const out = Uint8Array.from(b);
  writeLE(out, rng.pick(hits), width, rng.pick(HUGE));
  return out;
}

export function readLE(b, at, width) {
  let v = 0n;
  for (let i = width - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i]);
  return v;
}

export function writeLE(b, at, width, value) {
  let v = BigInt.asUintN(width * 8, value);
  for (let i = 0; i < width; i++) {
    b[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

export function concat(...parts) {
  return concatList(parts);
}

/** concat for lists too long to spread into arguments (zips of 65535 members) */
export function concatList(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const BYTE_MUTATORS = { flipBits, setBytes, truncate, deleteChunk, insertRandom, duplicateChunk, spliceOther, inflateInt, inflateKnown };

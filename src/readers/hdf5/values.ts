// One normal form for attribute values from either backend: text without NUL padding, numbers as
// numbers (int64 as bigint), 1-D arrays as plain arrays. Keras' three string storages (fixed-length
// bytes, variable-length ASCII, variable-length UTF-8; scalar or array) all end up as string(s).
import type { AttrValue } from './file.js';

const stripNul = (s: string) => s.replace(/\0+$/, '');

export function normalizeAttr(v: unknown): AttrValue | undefined {
  if (typeof v === 'string') return stripNul(v);
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number | bigint>);
  if (Array.isArray(v)) {
    const out: (string | number | bigint)[] = [];
    for (const x of v) {
      if (typeof x === 'string') out.push(stripNul(x));
      else if (typeof x === 'number' || typeof x === 'bigint') out.push(x);
      else return undefined; // nested or exotic values are not Keras attributes
    }
    return out;
  }
  return undefined;
}

/** A string attribute (scalar), or undefined. */
export function attrString(v: AttrValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  return undefined;
}

/** A list-of-strings attribute; an empty numeric array (how h5py stores `[]`) is an empty list. */
export function attrStrings(v: AttrValue | undefined): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return undefined;
  if (v.every((x) => typeof x === 'string')) return v as string[];
  return v.length === 0 ? [] : undefined;
}

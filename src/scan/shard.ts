// --shard K/N: a deterministic share of the files, by a hash of each relative path, so a file stays
// in the same shard when others are added or removed and the N outputs concatenate to one scan.
import { ErrorCode, KerascopeError } from '../errors.js';

export interface Shard {
  /** 1-based index */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new KerascopeError(ErrorCode.Usage, `--shard must be K/N with 1 <= K <= N (got "${text}")`);
  }
  return { index, count };
}

export function inShard(relativePath: string, shard: Shard): boolean {
  return fnv1a(relativePath.replace(/\\/g, '/')) % shard.count === shard.index - 1;
}

/** 32-bit FNV-1a over the UTF-8 bytes: stable across platforms and Node versions. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

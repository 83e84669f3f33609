// How KerasHub's attention blocks size their heads, one rule for all of them: a head count is a
// positive integer and each head is `hidden // heads` wide unless the config names its width.
// Python raises (ZeroDivisionError, an empty kernel) where these throw a coded error; unchecked, a
// hostile config's zero heads made Infinity-wide kernels and NaN totals.
import { shapeError, type LayerConfig } from '../config.js';
import { known } from '../shape-math.js';
import type { Shape } from '../../types/shape.js';

/** The blocks' hidden size: the input sequence's last dimension, which must be known. */
export function hiddenSize(c: LayerConfig, x: Shape | undefined): number {
  return known(c, x?.[x.length - 1], 'the hidden size (last input dimension)');
}

/** A head count (`num_heads`, `num_query_heads`, `num_key_value_heads`): a positive integer. */
export function headCount(c: LayerConfig, key: string): number {
  const n = c.int(key);
  return n > 0 ? n : c.fail(key, 'a positive integer');
}

/**
 * The width of each head: `widthKey`'s value when the config sets one (Mistral's and Gemma's
 * `head_dim`), else `d // heads` (`headsKey` the head count); at least 1.
 */
export function headWidth(c: LayerConfig, d: number, headsKey: string, widthKey?: string): number {
  if (widthKey && c.has(widthKey) && c.get(widthKey) !== null) {
    const k = c.int(widthKey);
    return k > 0 ? k : c.fail(widthKey, 'a positive integer');
  }
  const heads = headCount(c, headsKey);
  const k = Math.floor(d / heads);
  if (k === 0) throw shapeError(c, `hidden size ${d} is smaller than ${headsKey} ${heads}`);
  return k;
}

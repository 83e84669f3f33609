// Python's str() of the values Keras' summaries print, and Python string indexing (by code point).
import { isShapeList, type OutputShape, type Shape } from '../../types/shape.js';

/** `(None, 32)`, `(None,)` — str() of a Python tuple. */
export function pyTuple(s: Shape): string {
  let out = '(';
  for (let i = 0; i < s.length; i++) out += `${i > 0 ? ', ' : ''}${s[i] === null ? 'None' : s[i]}`;
  return `${out}${s.length === 1 ? ',' : ''})`;
}

/** str() of a Keras 2 output shape: a tuple, or a list of tuples for several outputs. */
export function pyShape(out: OutputShape): string {
  return isShapeList(out) ? `[${out.map(pyTuple).join(', ')}]` : pyTuple(out);
}

/**
 * pyShape with a one-entry memo. Layers that keep their input's shape (activations, dropout,
 * normalization) return the very array they were given, so a row often prints the shape of the
 * row above it; shapes are never changed once inferred.
 */
export class ShapeTexts {
  private last: OutputShape | null = null;
  private text = '';
  of(out: OutputShape): string {
    if (out !== this.last) {
      this.text = pyShape(out);
      this.last = out;
    }
    return this.text;
  }
}

/** repr() of a Python str: single quotes unless the text holds one and no double quote. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  if (quote === "'") body = body.replace(/'/g, "\\'");
  return quote + body + quote;
}

/** str() of a Python list of strings: `['a[0][0]', 'b[0][0]']`. */
export function pyStrList(items: string[]): string {
  return `[${items.map(pyStrRepr).join(', ')}]`;
}

/** A string as Python indexes it: one element per code point. */
export type PyStr = string[];

export const pyStr = (s: string): PyStr => Array.from(s);

/** `s[:n]` with Python's meaning of a negative n. */
export function pyHead(s: PyStr, n: number): PyStr {
  return s.slice(0, n < 0 ? Math.max(0, s.length + n) : n);
}

import { ErrorCode, KerascopeError } from '../errors.js';
import type { ByteSource } from './source.js';
import { MAX_JSON_DEPTH } from './limits.js';

// TextDecoder drops a leading UTF-8 byte-order mark (ignoreBOM is false).
const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

/** The first byte that is not whitespace (after a UTF-8 BOM), or undefined. */
function firstByte(head: Uint8Array): number | undefined {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  for (; i < head.length; i++) {
    const c = head[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    return c;
  }
  return undefined;
}

/** First non-whitespace byte is `{`: the only JSON we accept is an object. */
export function looksLikeJsonObject(head: Uint8Array): boolean {
  return firstByte(head) === 0x7b;
}

/** First non-whitespace byte is `"`: a JSON string, which may hold a config encoded a second time. */
export function looksLikeJsonString(head: Uint8Array): boolean {
  return firstByte(head) === 0x22;
}

async function readWhole(source: ByteSource, maxBytes: number): Promise<Uint8Array> {
  if (source.size > maxBytes) {
    throw new KerascopeError(ErrorCode.LimitExceeded, `JSON of ${source.size} bytes exceeds the ${maxBytes}-byte limit`, source.name);
  }
  return source.read(0, source.size);
}

export async function readJsonObject(source: ByteSource, maxBytes: number): Promise<Record<string, unknown>> {
  return parseJsonObject(await readWhole(source, maxBytes), source.name);
}

/**
 * The object inside a file that is one JSON string: `json.dump(model.to_json(), f)` (taught by
 * Keras 1/2 tutorials) encodes the config twice. One level is unwrapped, no more.
 */
export async function readJsonStringObject(source: ByteSource, maxBytes: number): Promise<Record<string, unknown>> {
  let inner: unknown;
  try {
    inner = JSON.parse(decoder.decode(await readWhole(source, maxBytes)));
  } catch (e) {
    throw new KerascopeError(ErrorCode.BadJson, `not valid JSON: ${(e as Error).message}`, source.name, { cause: e });
  }
  if (typeof inner !== 'string' || !looksLikeJsonObject(encoder.encode(inner.slice(0, 64)))) {
    throw new KerascopeError(ErrorCode.NotAModel, 'JSON that is not an object: not a Keras model config', source.name);
  }
  return parseJsonObject(inner, source.name);
}

/** A JSON object from UTF-8 bytes (a leading byte-order mark allowed) or from text. */
export function parseJsonObject(json: Uint8Array | string, file: string): Record<string, unknown> {
  // The depth is counted over UTF-8 bytes: 2-3x faster than over the decoded string's characters
  // (a tenth of reading a 10,000-layer config), and the same count, since no byte of a multi-byte
  // character is ASCII.
  const bytes = typeof json === 'string' ? encoder.encode(json) : json;
  const text = typeof json === 'string' ? json.replace(/^\uFEFF/, '') : decoder.decode(json);
  const depth = nestingDepth(bytes, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) {
    throw new KerascopeError(ErrorCode.LimitExceeded, `JSON nested more than ${MAX_JSON_DEPTH} levels deep`, file);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // Python's json writes bare NaN/Infinity (e.g. in clip values); retry with them as null.
    try {
      value = JSON.parse(replacePythonNonFinite(text));
    } catch {
      throw new KerascopeError(ErrorCode.BadJson, `not valid JSON: ${(e as Error).message}`, file, { cause: e });
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KerascopeError(ErrorCode.BadConfig, 'JSON is not an object, so not a Keras model config', file);
  }
  return value as Record<string, unknown>;
}

/** Deepest `{`/`[` nesting outside strings, counting stops just past `max` (one linear pass). */
function nestingDepth(bytes: Uint8Array, max: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest && (deepest = depth) > max) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Replaces NaN, Infinity and -Infinity outside strings with null, in one linear pass. */
function replacePythonNonFinite(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === 'N' && text.startsWith('NaN', i)) {
      out += text.slice(last, i) + 'null';
      last = i + 3;
      i += 2;
    } else if ((c === 'I' || c === '-') && text.startsWith(c === '-' ? '-Infinity' : 'Infinity', i)) {
      const n = c === '-' ? 9 : 8;
      out += text.slice(last, i) + 'null';
      last = i + n;
      i += n - 1;
    }
  }
  return out + text.slice(last);
}

/** A JSON object (not an array, not null). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

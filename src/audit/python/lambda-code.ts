// Decodes the code string Keras stores for a Lambda (or any `__lambda__`) back to marshal bytes,
// the way Keras' func_load does: base64 first (Keras >= 2.1.2 and Keras 3), then the Keras 1
// raw_unicode_escape text form. Only decoding and structure walking happen here.
import { MarshalError, pythonVersion, readMarshalCode, referencedNames } from './marshal.js';

/** The result of looking at a stored Lambda code string. */
export type LambdaCode =
  | {
      ok: true;
      encoding: 'base64' | 'raw_unicode_escape';
      byteLength: number;
      python: string;
      /** names the bytecode uses, nested code objects included */
      names: string[];
      /** string constants, nested code objects included */
      strings: string[];
      /** the author's source path embedded as co_filename */
      filename: string;
    }
  | { ok: false; reason: string };

/** Largest code string we decode; real lambdas are a few hundred bytes. */
export const MAX_LAMBDA_CODE_CHARS = 1024 * 1024;

export function decodeLambdaCode(text: string): LambdaCode {
  if (text.length > MAX_LAMBDA_CODE_CHARS) return { ok: false, reason: `code string longer than ${MAX_LAMBDA_CODE_CHARS} characters` };
  const attempts: [LambdaCodeEncoding, Uint8Array | null][] = [
    ['base64', pythonBase64(text)],
    ['raw_unicode_escape', fromRawUnicodeEscape(text)],
  ];
  const reasons: string[] = [];
  for (const [encoding, bytes] of attempts) {
    if (!bytes) {
      reasons.push(`not ${encoding}`);
      continue;
    }
    try {
      const m = readMarshalCode(bytes);
      const { names, strings } = referencedNames(m.code);
      return { ok: true, encoding, byteLength: bytes.length, python: pythonVersion(m), names, strings, filename: m.code.filename };
    } catch (e) {
      reasons.push(`${encoding}: ${e instanceof MarshalError ? e.message : String(e)}`);
    }
  }
  return { ok: false, reason: reasons.join('; ') };
}

type LambdaCodeEncoding = 'base64' | 'raw_unicode_escape';

/**
 * `codecs.decode(text.encode('ascii'), 'base64')` as Keras' func_load calls it: binascii.a2b_base64
 * in its default, non-strict mode (CPython 3.7+): characters outside the alphabet are skipped, a pad
 * that completes a quad ends the input, and a final partial quad is an error. Null where Python
 * raises (UnicodeEncodeError or binascii.Error), so that Keras falls back to raw_unicode_escape.
 */
export function pythonBase64(text: string): Uint8Array | null {
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return null;
    if (c === 0x3d /* '=' */) {
      if (quad >= 2 && quad + ++pads >= 4) return Uint8Array.from(out);
      continue;
    }
    const v = B64.indexOf(text[i]);
    if (v < 0) continue;
    pads = 0;
    switch (quad) {
      case 0: left = v; break;
      case 1: out.push(((left << 2) | (v >> 4)) & 0xff); left = v & 0x0f; break;
      case 2: out.push(((left << 4) | (v >> 2)) & 0xff); left = v & 0x03; break;
      case 3: out.push(((left << 6) | v) & 0xff); left = 0; break;
    }
    quad = (quad + 1) % 4;
  }
  return quad === 0 && out.length > 0 ? Uint8Array.from(out) : null;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Inverse of bytes.decode('raw_unicode_escape'): chars < 256 are bytes, others were `\uXXXX`. */
function fromRawUnicodeEscape(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 256) out.push(cp);
    else for (const c of (cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`)) out.push(c.charCodeAt(0));
  }
  return Uint8Array.from(out);
}

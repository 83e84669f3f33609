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
    ['base64', fromBase64(text)],
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

/** Python's base64 codec, strict about the alphabet (whitespace allowed, as Keras wraps lines). */
function fromBase64(text: string): Uint8Array | null {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

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

// Finds the model files under a folder: every regular file, in sorted order, kept when its first
// bytes look like a model container (HDF5, zip, or a JSON object naming a Keras/tfjs model). The
// readers decide for real; this only avoids opening every .png in a model store.
import { open, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { MAX_JSON_BYTES, SNIFF_BYTES } from '../readers/limits.js';
import { looksLikeJsonObject } from '../readers/json.js';
import { isKerasConfigJson } from '../readers/keras-json.js';
import { isTfjsModelJson } from '../readers/tfjs.js';

/** Deepest folder nesting scan descends into. */
export const MAX_SCAN_DEPTH = 32;

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const MODEL_JSON_KEYS = ['"class_name"', '"modelTopology"', '"model_config"'];

/** All regular files under `dir`, relative paths sorted (symbolic links are not followed). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const stack: [string, number][] = [[dir, 0]];
  while (stack.length) {
    const [d, depth] = stack.pop()!;
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory() && depth < MAX_SCAN_DEPTH) stack.push([p, depth + 1]);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  }
  return out.sort();
}

/** True when the file's first bytes look like a model container kerascope may read. */
export function looksLikeModel(head: Uint8Array): boolean {
  if (startsWith(head, ZIP_SIGNATURE)) return true;
  // HDF5 allows a user block: the signature may sit at 0, 512, 1024, 2048, ...
  for (let at = 0; at + 8 <= head.length; at = at === 0 ? 512 : at * 2) if (startsWith(head.subarray(at), HDF5_SIGNATURE)) return true;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  return /^\s*\{/.test(text) && MODEL_JSON_KEYS.some((k) => text.includes(k));
}

export async function sniffFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await fh.read(head, 0, SNIFF_BYTES, 0);
    if (!looksLikeModel(head.subarray(0, bytesRead))) return false;
    if (!looksLikeJsonObject(head)) return true;
    // A JSON object naming model keys may still be another JSON (an expected.json, a manifest):
    // ask the readers' own test, so that only real configs are audited. JSON that does not parse
    // or is over the size limit is kept, for the reader to report.
    const { size } = await fh.stat();
    if (size > MAX_JSON_BYTES) return true;
    const obj = parseJson(await fh.readFile('utf8'));
    return obj === undefined || isKerasConfigJson(obj) || isTfjsModelJson(obj);
  } finally {
    await fh.close();
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  return b.length >= sig.length && sig.every((x, i) => b[i] === x);
}

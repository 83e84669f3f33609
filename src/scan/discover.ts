// Finds the model files under a folder: every regular file, in sorted order, kept when its bytes
// look like a model container (HDF5 where h5py looks for it, a zip by its first bytes or its end
// record as Python's zipfile finds it, or a JSON object naming a Keras/tfjs model). The readers
// decide for real; this only avoids opening every .png in a model store.
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { MAX_JSON_BYTES, SNIFF_BYTES } from '../readers/limits.js';
import { isObject, looksLikeJsonObject } from '../readers/json.js';
import { isKerasConfigJson } from '../readers/keras-json.js';
import { isTfjsModelJson } from '../readers/tfjs.js';
import { findHdf5Signature } from '../readers/hdf5/signature.js';
import { isPresetFolder } from '../readers/preset.js';
import { fileSource, type ByteSource } from '../readers/source.js';
import { findZipEnd, isZip } from '../readers/zip.js';

/** Deepest folder nesting scan descends into. */
export const MAX_SCAN_DEPTH = 32;

const MODEL_JSON_KEYS = ['"class_name"', '"modelTopology"', '"model_config"'];

/**
 * All regular files under `dir`, relative paths sorted (symbolic links are not followed). A KerasHub
 * preset folder is one model: listed as the folder (`.` for `dir` itself), not as its files.
 */
export async function listFiles(dir: string): Promise<string[]> {
  if (isPresetFolder(dir)) return ['.'];
  const out: string[] = [];
  const stack: [string, number][] = [[dir, 0]];
  while (stack.length) {
    const [d, depth] = stack.pop()!;
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory() && isPresetFolder(p)) out.push(relative(dir, p));
      else if (e.isDirectory() && depth < MAX_SCAN_DEPTH) stack.push([p, depth + 1]);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  }
  return out.sort();
}

/** True when the file's first bytes are a JSON object naming model keys. */
function looksLikeModelJson(head: Uint8Array): boolean {
  if (!looksLikeJsonObject(head)) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  return MODEL_JSON_KEYS.some((k) => text.includes(k));
}

export async function sniffFile(path: string): Promise<boolean> {
  if (isPresetFolder(path)) return true;
  const source = await fileSource(path);
  try {
    const head = await source.read(0, SNIFF_BYTES);
    if (isZip(head) || (await findHdf5Signature(source, head)) >= 0 || (await findZipEnd(source)) !== null) return true;
    if (!looksLikeModelJson(head)) return false;
    // A JSON object naming model keys may still be another JSON (an expected.json, a manifest):
    // ask the readers' own test, so that only real configs are audited. JSON that does not parse
    // or is over the size limit is kept, for the reader to report.
    if (source.size > MAX_JSON_BYTES) return true;
    const obj = parseJson(await readText(source));
    return obj === undefined || isKerasConfigJson(obj) || isTfjsModelJson(obj);
  } finally {
    await source.close();
  }
}

async function readText(source: ByteSource): Promise<string> {
  return new TextDecoder('utf-8', { fatal: false }).decode(await source.read(0, source.size));
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return isObject(v) ? v : {};
  } catch {
    return undefined;
  }
}

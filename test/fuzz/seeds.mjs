// Seeds: small valid files found by content under the given folders (our fixtures/ in npm test;
// also ../shared in long runs). A tfjs model.json brings the shards its manifest names.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { kindOf } from './mutate.mjs';
import { parseZip } from './zip.mjs';

export const FORMATS = ['config-json', 'tfjs', 'h5', 'keras-zip'];

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/** Seeds by format: `{format, name, files: [{name, bytes}], hints}`. */
export async function loadSeeds(dirs, { maxBytes = 2 * 1024 * 1024, lib } = {}) {
  const byFormat = Object.fromEntries(FORMATS.map((f) => [f, []]));
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const path of walk(dir)) {
      if (statSync(path).size > maxBytes || statSync(path).size === 0) continue;
      const seed = seedOf(path, readFileSync(path));
      if (!seed) continue;
      seed.name = relative(dirname(dir), path);
      seed.hints = await hintsOf(path, seed, lib);
      byFormat[seed.format].push(seed);
    }
  }
  return byFormat;
}

function seedOf(path, bytes) {
  const kind = kindOf(bytes);
  const base = path.split('/').pop();
  if (kind === 'h5') return { format: 'h5', files: [{ name: base, bytes }] };
  if (kind === 'zip') return { format: 'keras-zip', files: [{ name: base, bytes }] };
  if (kind !== 'json') return null;
  let obj;
  try {
    obj = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (obj && typeof obj === 'object' && obj.modelTopology) {
    const files = [{ name: 'model.json', bytes }];
    for (const group of Array.isArray(obj.weightsManifest) ? obj.weightsManifest : []) {
      for (const p of Array.isArray(group?.paths) ? group.paths : []) {
        const shard = join(dirname(path), String(p));
        if (!existsSync(shard) || statSync(shard).size > 2 * 1024 * 1024) return null;
        files.push({ name: String(p), bytes: readFileSync(shard) });
      }
    }
    return { format: 'tfjs', files };
  }
  if (obj && typeof obj === 'object' && typeof obj.class_name === 'string') return { format: 'config-json', files: [{ name: base, bytes }] };
  return null;
}

/** Numbers worth inflating where they occur in binary form: tensor dimensions and byte lengths, member sizes. */
async function hintsOf(path, seed, lib) {
  const hints = new Set();
  if (seed.format === 'keras-zip') {
    for (const e of parseZip(seed.files[0].bytes) ?? []) hints.add(e.data.length);
  }
  if (lib && seed.format !== 'config-json') {
    try {
      const m = await lib.openModelFile(path);
      for (const l of m.weights?.layers ?? []) {
        for (const t of l.tensors) {
          t.shape.forEach((d) => hints.add(d));
          hints.add(t.byteLength);
        }
      }
      await m.weights?.close();
    } catch {
      // a seed kerascope cannot open yet still gets byte-level mutations
    }
  }
  return [...hints].filter((v) => Number.isSafeInteger(v) && v > 1);
}

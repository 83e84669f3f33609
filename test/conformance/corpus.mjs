// The shared corpus: one folder per real model, each described by its source.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readModel } from '../../dist/index.js';
import { join } from 'node:path';

/** `{name, dir, source}` for every corpus folder with a source.json, in name order. */
export function corpusEntries(shared) {
  const root = join(shared, 'corpus');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .map((name) => ({ name, dir: join(root, name) }))
    .filter((e) => existsSync(join(e.dir, 'source.json')))
    .map((e) => ({ ...e, source: JSON.parse(readFileSync(join(e.dir, 'source.json'), 'utf8')) }));
}

/** The files of a corpus folder that describe its model rather than hold it. */
export const NOT_MODELS = new Set(['source.json', 'summary.txt', 'keras3-summary.txt', 'keras3-expected.json', 'total-truth.json']);

/** The case's model file first (source.json `path`), then its other files; the first readable one. */
export async function readFirstModel(dir, source) {
  const files = readdirSync(dir).filter((f) => !NOT_MODELS.has(f));
  const ordered = [...files.filter((f) => f === source.path), ...files.filter((f) => f !== source.path)];
  const reasons = [];
  for (const f of ordered) {
    try {
      return { model: await readModel(join(dir, f)), file: f };
    } catch (e) {
      reasons.push(`${f}: ${e?.code ?? ''} ${String(e?.message ?? e).split('\n')[0]}`.trim());
    }
  }
  return { reason: `no readable model file (${reasons.join('; ')})` };
}

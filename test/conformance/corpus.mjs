// The shared corpus: one folder per real model, each described by its source.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

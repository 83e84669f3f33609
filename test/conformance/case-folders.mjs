// The shared ground truth's case folders: one model per folder, with its model.json.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** `{folder, name, dir}` of every case folder (one holding a model.json) under each of `folders`, in name order. */
export function caseFolders(shared, folders) {
  const out = [];
  for (const folder of folders) {
    const root = join(shared, folder);
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root).sort()) {
      const dir = join(root, name);
      if (existsSync(join(dir, 'model.json'))) out.push({ folder, name, dir });
    }
  }
  return out;
}

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

/** Each form a Keras 3 case folder may hold: the file read, and the weights paired with it. */
const SAVED_FORMS = [
  { id: 'model.json', file: 'model.json' },
  { id: 'model.keras', file: 'model.keras' },
  { id: 'model.h5', file: 'model.h5' },
  { id: 'model.json+model.weights.h5', file: 'model.json', weights: 'model.weights.h5' },
  { id: 'model.json+sharded.weights.json', file: 'model.json', weights: 'sharded.weights.json' },
];

/** The saved forms present in `dir`, as `{id, file, options}` with full paths (`options.weights` when paired). */
export function savedForms(dir) {
  return SAVED_FORMS.filter((f) => existsSync(join(dir, f.file)) && (!f.weights || existsSync(join(dir, f.weights)))).map((f) => ({
    id: f.id,
    file: join(dir, f.file),
    options: f.weights ? { weights: join(dir, f.weights) } : {},
  }));
}

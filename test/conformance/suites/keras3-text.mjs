// Keras 3 summary text, byte for byte: every real Keras 3.15.1 case in keras3/ rendered with
// style 3 at line length 88 (the width its summary.txt was printed at) against that file.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel, summaryText } from '../../../dist/index.js';
import { unimplementedClasses } from '../unimplemented.mjs';
import { textDiff } from '../text-diff.mjs';
import { caseFolders } from '../case-folders.mjs';

const FOLDERS = ['keras3/seed-model', 'keras3/generated'];
/** the oracle that wrote these cases (manifest.json: "keras 3.15.1 (jax)"); model.json names no backend */
const ORACLE_BACKEND = 'jax';

/** A case folder's model.json rendered with --style 3 --line-length 88 against its summary.txt. */
export async function keras3TextCase(dir) {
  const config = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const missing = unimplementedClasses(config);
  if (missing.length) return { skipped: true, reason: `layers not implemented: ${missing.join(', ')}` };
  const model = await readModel(join(dir, 'model.json'));
  model.backend ??= ORACLE_BACKEND;
  const got = summaryText(model, { style: '3', lineLength: 88 });
  const want = readFileSync(join(dir, 'summary.txt'), 'utf8');
  return got === want ? { ok: true, problems: [] } : { ok: false, problems: textDiff(want, got) };
}

export const keras3TextSuite = {
  name: 'keras3-text',
  describe: 'Keras 3.15.1 summary.txt vs --style 3 --line-length 88, byte for byte',
  async cases(shared) {
    return caseFolders(shared, FOLDERS)
      .filter(({ dir }) => existsSync(join(dir, 'summary.txt')))
      .map(({ folder, name, dir }) => ({ id: `${folder}/${name}`, run: () => keras3TextCase(dir) }));
  },
};

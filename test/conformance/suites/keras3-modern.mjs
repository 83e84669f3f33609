// Keras 3 as users save models today (issue 16): quantized, LoRA, dtype policies, dict inputs,
// sharded weights, all real Keras 3.15.1 (keras3/modern). Every saved form of a case is read and
// compared with its expected.json; model.json is also rendered with --style 3 --line-length 88
// against summary.txt byte for byte. (The audit-benign suite audits every form with weights.)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel, summarize } from '../../../dist/index.js';
import { compareSummary, withoutUnlistedOpLayers } from '../compare.mjs';
import { keras3TextCase } from './keras3-text.mjs';
import { unimplementedClasses } from '../unimplemented.mjs';
import { caseFolders, savedForms } from '../case-folders.mjs';

const FOLDER = 'keras3/modern';

async function formCase(dir, form) {
  const config = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const missing = unimplementedClasses(config);
  if (missing.length) return { skipped: true, reason: `layers not implemented: ${missing.join(', ')}` };
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  const model = await readModel(form.file, form.options);
  try {
    return compareSummary(withoutUnlistedOpLayers(summarize(model), expected), expected);
  } finally {
    await model.raw.weights?.close();
  }
}

export const keras3ModernSuite = {
  name: 'keras3-modern',
  describe: 'Keras 3.15.1 quantized/LoRA/dtype-policy/dict-io/sharded models: every saved form vs expected.json, summary.txt byte for byte',
  async cases(shared) {
    return caseFolders(shared, [FOLDER])
      .filter(({ dir }) => existsSync(join(dir, 'expected.json')))
      .flatMap(({ folder, name, dir }) => [
        ...savedForms(dir).map((form) => ({ id: `${folder}/${name}/${form.id}`, run: () => formCase(dir, form) })),
        ...(existsSync(join(dir, 'summary.txt')) ? [{ id: `${folder}/${name}/summary.txt`, run: () => keras3TextCase(dir) }] : []),
      ]);
  },
};

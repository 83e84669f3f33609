// Keras 3 as users save models today (issue 16): quantized, LoRA, dtype policies, dict inputs,
// sharded weights, all real Keras 3.15.1 (keras3/modern). Every saved form of a case is read and
// compared with its expected.json; model.json is also rendered with --style 3 --line-length 88
// against summary.txt byte for byte; every form with weights is audited for error findings.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel, summarize, auditFile, auditFileJson } from '../../../dist/index.js';
import { compareSummary, withoutUnlistedOpLayers } from '../compare.mjs';
import { keras3TextCase } from './keras3-text.mjs';
import { unimplementedClasses } from '../unimplemented.mjs';

const FOLDER = 'keras3/modern';

/** Each saved form present in a case folder: the file read, and the weights paired with it. */
const FORMS = [
  { id: 'model.json', file: 'model.json' },
  { id: 'model.keras', file: 'model.keras' },
  { id: 'model.h5', file: 'model.h5' },
  { id: 'model.json+model.weights.h5', file: 'model.json', weights: 'model.weights.h5' },
  { id: 'model.json+sharded.weights.json', file: 'model.json', weights: 'sharded.weights.json' },
];

function caseDirs(shared) {
  const root = join(shared, FOLDER);
  if (!existsSync(root)) return [];
  return readdirSync(root).sort().map((d) => join(root, d)).filter((d) => existsSync(join(d, 'expected.json')));
}

async function formCase(dir, form) {
  const config = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const missing = unimplementedClasses(config);
  if (missing.length) return { skipped: true, reason: `layers not implemented: ${missing.join(', ')}` };
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  const options = form.weights ? { weights: join(dir, form.weights) } : {};
  const model = await readModel(join(dir, form.file), options);
  const result = compareSummary(withoutUnlistedOpLayers(summarize(model), expected), expected);
  if (model.raw.weights) {
    const report = auditFileJson(await auditFile(join(dir, form.file), options));
    for (const f of report.findings) if (f.severity === 'error') result.problems.push(`error finding ${f.code}: ${f.message}`);
    for (const e of report.errors) result.problems.push(`check ${e.check} failed: ${e.message}`);
    result.ok = result.problems.length === 0;
  }
  return result;
}

export const keras3ModernSuite = {
  name: 'keras3-modern',
  describe: 'Keras 3.15.1 quantized/LoRA/dtype-policy/dict-io/sharded models: every saved form vs expected.json, summary.txt byte for byte',
  async cases(shared) {
    const out = [];
    for (const dir of caseDirs(shared)) {
      const id = dir.slice(shared.length + 1);
      for (const form of FORMS) {
        if (!existsSync(join(dir, form.file)) || (form.weights && !existsSync(join(dir, form.weights)))) continue;
        out.push({ id: `${id}/${form.id}`, run: () => formCase(dir, form) });
      }
      if (existsSync(join(dir, 'summary.txt'))) out.push({ id: `${id}/summary.txt`, run: () => keras3TextCase(dir) });
    }
    return out;
  },
};

// Real files whose repositories printed no summary: total-truth.json holds Keras' total for the
// saved, built model (the sum of its stored weight tensors, optimizer and metric variables left
// out). kerascope's total must be that number, with nothing left out as unknown.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from '../../../dist/index.js';
import { corpusEntries, readFirstModel } from '../corpus.mjs';

export const corpusTotalsSuite = {
  name: 'corpus-totals',
  describe: "real files without a printed summary: total params vs the stored tensors' total (total-truth.json)",
  async cases(shared) {
    return corpusEntries(shared)
      .filter(({ dir }) => existsSync(join(dir, 'total-truth.json')))
      .map(({ name, dir, source }) => ({ id: `corpus/${name}/total-truth.json`, run: () => compareTotal(dir, source) }));
  },
};

async function compareTotal(dir, source) {
  const want = JSON.parse(readFileSync(join(dir, 'total-truth.json'), 'utf8')).total_params;
  const loaded = await readFirstModel(dir, source);
  if (!loaded.model) return { ok: false, problems: [loaded.reason] };
  const s = summarize(loaded.model);
  const problems = [];
  if (s.total_params !== want) problems.push(`total params: want ${want}, got ${s.total_params}`);
  if (s.incomplete) problems.push(`left out as unknown: ${s.incomplete.join(', ')}`);
  return { ok: problems.length === 0, problems, classes: [...new Set(s.layers.map((l) => l.class_name))] };
}

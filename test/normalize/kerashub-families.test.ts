// KerasHub families rebuilt from their constructor arguments, against what keras_hub 0.32 + Keras
// 3.15.1 built and printed for them (fixtures/kerashub, scripts/fixtures/kerashub_families.py): in
// every saved form the layers match expected.json, the summary text matches summary.txt byte for
// byte (as the conformance kerashub suite compares), and the audit pairs every stored weight with
// the rebuilt layers (no error finding).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditFile, loadModel, readRaw, summarize, summaryText } from '../../src/index.js';
import { compareSummary, withoutUnlistedOpLayers } from '../conformance/compare.mjs';
import { textDiff } from '../conformance/text-diff.mjs';
import { severityOf } from '../../src/audit/codes.js';

const ROOT = join(import.meta.dirname, '../../fixtures/kerashub');
const FORMS = [
  { id: 'keras', file: 'model.keras' },
  { id: 'json', file: 'model.json' },
  { id: 'json+weights', file: 'model.json', weights: 'model.weights.h5' },
];
const families = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'expected.json')));

describe.each(families)('%s', (family) => {
  const dir = join(ROOT, family);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

  // the ResNet cases are configs alone (their 64-filter first stack is too many weights to keep)
  const forms = FORMS.filter((f) => existsSync(join(dir, f.file)) && (!f.weights || existsSync(join(dir, f.weights))));
  const weighed = existsSync(join(dir, 'model.keras'));

  it.each(forms)('$id: rebuilt as Keras built it, summary.txt byte for byte', async (form) => {
    const raw = await readRaw(join(dir, form.file), form.weights ? { weights: join(dir, form.weights) } : {});
    try {
      const model = loadModel(raw);
      model.backend ??= 'jax';
      expect(compareSummary(withoutUnlistedOpLayers(summarize(model), expected), expected).problems).toEqual([]);
      // a bare config cannot tell that the oracle's optimizer was never built: told here (as the conformance suite does)
      const got = summaryText(model, { style: '3', lineLength: 88, ...(form.weights || form.file.endsWith('.keras') ? {} : { optimizer: null }) });
      const want = readFileSync(join(dir, 'summary.txt'), 'utf8');
      expect(got === want ? [] : textDiff(want, got)).toEqual([]);
    } finally {
      await raw.weights?.close();
    }
  });

  // only where weights are kept
  if (weighed) {
    it('audits with every stored weight paired: no error finding', async () => {
      for (const [file, weights] of [['model.keras'], ['model.json', 'model.weights.h5']]) {
        const { result, summary } = await auditFile(join(dir, file), weights ? { weights: join(dir, weights) } : {});
        expect(summary?.total_params).toBe(expected.total_params);
        // a raw finding has no severity of its own: the catalogue's
        expect(result.findings.filter((f) => severityOf(f.code) === 'error').map((f) => f.code)).toEqual([]);
      }
    });
  }
});

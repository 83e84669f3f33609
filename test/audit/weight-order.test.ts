// Keras loads a legacy .h5 layer's tensors by position. fixtures/h5/bn_order_swapped.h5 is a real
// Keras 3 save whose BatchNormalization lists [moving_mean, moving_variance, gamma, beta]
// (scripts/fixtures/h5_weight_order.py); bn_order.expected.json records, by value, what real Keras
// loaded into each variable. Every variable Keras fills from another weight's tensor is a finding.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { auditFile, auditFileJson, readModel } from '../../src/index.js';

const fx = (name: string) => new URL(`../../fixtures/h5/${name}`, import.meta.url).pathname;
const keras = JSON.parse(readFileSync(fx('bn_order.expected.json'), 'utf8')) as { loaded: Record<string, Record<string, string[]>> };

it.each(Object.entries(keras.loaded))('%s: a misplaced-weight error for each variable Keras loads from another weight', async (file, loaded) => {
  const report = auditFileJson(await auditFile(fx(file)));
  const wrong = Object.entries(loaded).filter(([variable, from]) => from[0] !== variable);
  const misplaced = report.findings.filter((f) => f.code === 'misplaced-weight');
  expect(misplaced.map((f) => [f.weight, f.severity])).toEqual(wrong.map(([variable]) => [variable, 'error']));
  for (const [variable, from] of wrong) expect(misplaced.find((f) => f.weight === variable)!.message).toContain(`bn/${from[0]}`);
  expect(report.findings.filter((f) => f.code !== 'misplaced-weight' && f.severity === 'error')).toEqual([]);
});

// load_order.h5 (same script): Keras stores each layer's trainable weights first. SpectralNormalization
// builds kernel, vector_u, bias and stores kernel, bias, vector_u; a nested [BatchNormalization, Dense]
// stores gamma, beta, kernel, bias, moving_mean, moving_variance. The pairing hands each weight the
// tensor Keras loads into it, so every stored name is that weight's, and the audit finds nothing.
it('load_order.h5: each weight gets the tensor Keras loads into it (trainable weights stored first)', async () => {
  const model = await readModel(fx('load_order.h5'));
  for (const a of model.analysis.layers.filter((l) => l.weights?.length)) {
    const stored = model.weightMatch!.byLayer.get(a.node.name)!;
    a.weights!.forEach((w, i) => expect(stored[i].name, w.name).toMatch(new RegExp(`/${w.name}$`)));
  }
  expect(model.analysis.layers.filter((l) => l.weights?.length).map((l) => l.weights!.map((w) => w.name))).toEqual([
    ['sn_dense/kernel', 'vector_u', 'sn_dense/bias'],
    ['n_bn/gamma', 'n_bn/beta', 'n_bn/moving_mean', 'n_bn/moving_variance', 'n_dense/kernel', 'n_dense/bias'],
  ]);
  const report = auditFileJson(await auditFile(fx('load_order.h5')));
  expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
});

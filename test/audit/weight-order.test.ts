// Keras loads a legacy .h5 layer's tensors by position. fixtures/h5/bn_order_swapped.h5 is a real
// Keras 3 save whose BatchNormalization lists [moving_mean, moving_variance, gamma, beta]
// (scripts/fixtures/h5_weight_order.py); bn_order.expected.json records, by value, what real Keras
// loaded into each variable. Every variable Keras fills from another weight's tensor is a finding.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { auditFile, auditFileJson } from '../../src/index.js';

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

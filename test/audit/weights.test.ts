import { describe, expect, test } from 'vitest';
import { checkLayer } from '../../src/audit/checks/weights.js';
import { modelWeightsCheck } from '../../src/audit/checks/model-weights.js';
import { dtypesCheck } from '../../src/audit/checks/dtypes.js';
import { optimizerCheck, weightsOnlyCheck, containerCheck } from '../../src/audit/checks/stored-facts.js';
import { relativeWeightName } from '../../src/graph/stored-weights.js';
import { runChecks } from '../../src/audit/driver.js';
import { auditModelOf, memoryStore, pair, rawModel } from './helpers.js';
import { variableDtypeOf } from '../../src/normalize/dtype-policy.js';

const ctx = { options: { values: false }, tensorStats: [] };
const dense = (stored: [string, number[], string?][] | null) => pair('dense', [['kernel', [8, 4]], ['bias', [4]]], stored);

describe('one layer: stored vs expected weights', () => {
  test('identical weights give no finding', () => {
    expect(checkLayer(dense([['kernel', [8, 4]], ['bias', [4]]]))).toEqual([]);
  });

  test('a missing bias is named, with the layer param mismatch (4154 → 4144 style)', () => {
    expect(checkLayer(dense([['kernel', [8, 4]]]))).toEqual([
      { code: 'missing-weight', layer: 'dense', weight: 'bias', expected: [4] },
      { code: 'layer-params-mismatch', layer: 'dense', expected: 36, stored: 32 },
    ]);
  });

  test('a wrong shape is reported with both shapes', () => {
    expect(checkLayer(dense([['kernel', [8, 2]], ['bias', [4]]]))).toEqual([
      { code: 'weight-shape-mismatch', layer: 'dense', weight: 'kernel', expected: [8, 4], stored: [8, 2] },
      { code: 'layer-params-mismatch', layer: 'dense', expected: 36, stored: 20 },
    ]);
  });

  test('an extra weight is unexpected', () => {
    const f = checkLayer(dense([['kernel', [8, 4]], ['bias', [4]], ['scale', [4]]]));
    expect(f.map((x) => x.code)).toEqual(['unexpected-weight', 'layer-params-mismatch']);
  });

  test('positional names (Keras 3 vars/0, vars/1) are matched by order', () => {
    expect(checkLayer(dense([['vars/0', [8, 4]], ['vars/1', [4]]]))).toEqual([]);
    expect(checkLayer(dense([['vars/0', [4, 8]], ['vars/1', [4]]]))[0]).toMatchObject({ code: 'weight-shape-mismatch', weight: 'kernel', stored: [4, 8] });
  });

  test('nested names match on their last component (lstm/lstm_cell/kernel vs lstm_cell/kernel)', () => {
    const lstm = pair('lstm', [['lstm_cell/kernel', [3, 8]], ['lstm_cell/recurrent_kernel', [2, 8]], ['lstm_cell/bias', [8]]], [['kernel', [3, 8]], ['recurrent_kernel', [2, 8]], ['bias', [8]]]);
    expect(checkLayer(lstm)).toEqual([]);
  });

  test('legacy .h5 loads by position: a Dense stored as [bias, kernel] is misplaced and mismatched', () => {
    expect(checkLayer(dense([['bias', [4]], ['kernel', [8, 4]]]))).toEqual([
      { code: 'misplaced-weight', layer: 'dense', weight: 'kernel', stored: 'bias' },
      { code: 'misplaced-weight', layer: 'dense', weight: 'bias', stored: 'kernel' },
      { code: 'weight-shape-mismatch', layer: 'dense', weight: 'kernel', expected: [8, 4], stored: [4] },
      { code: 'weight-shape-mismatch', layer: 'dense', weight: 'bias', expected: [4], stored: [8, 4] },
    ]);
  });

  test('Keras 3 files pair by the names the path walk gave: a missing and an extra weight are both named', () => {
    const f = checkLayer({ ...dense([['kernel', [8, 4]], ['vars/2', [4]]]), loadsBy: 'path' });
    expect(f).toEqual([
      { code: 'missing-weight', layer: 'dense', weight: 'bias', expected: [4] },
      { code: 'unexpected-weight', layer: 'dense', weight: 'vars/2', stored: [4] },
    ]);
  });

  test('a layer with weights but nothing stored', () => {
    expect(checkLayer(dense(null))).toEqual([{ code: 'missing-layer-weights', layer: 'dense', weights: 2, params: 36 }]);
  });

  test('weights that cannot be computed are reported as unchecked only when something is stored', () => {
    expect(checkLayer(pair('x', null, [['w', [2]]]))).toEqual([{ code: 'weights-unchecked', layer: 'x', reason: 'unknown layer class "X"' }]);
    expect(checkLayer(pair('x', null, null))).toEqual([]);
  });

  test('stored names are made relative to their layer', () => {
    expect(relativeWeightName('dense', 'dense/kernel:0')).toBe('kernel');
    expect(relativeWeightName('lstm', 'lstm/lstm_cell/kernel:0')).toBe('lstm_cell/kernel');
    expect(relativeWeightName('sequential', 'inner_dense/kernel:0')).toBe('inner_dense/kernel');
    expect(relativeWeightName('dense_1', 'dense_1_W')).toBe('dense_1_W');
  });
});

describe('whole model', () => {
  test('an extra stored layer: unexpected layer, layer count and total mismatch', async () => {
    const m = auditModelOf({
      layers: [dense([['kernel', [8, 4]], ['bias', [4]]])],
      unmatched: [{ name: 'mystery_dense', tensors: [{ name: 'kernel', path: 'p', shape: [4, 8], dtype: 'float32' }, { name: 'bias', path: 'q', shape: [1], dtype: 'float32' }] }],
      optimizer: [],
    });
    expect(await modelWeightsCheck.run(m, ctx)).toEqual([
      { code: 'unexpected-layer-weights', layer: 'mystery_dense', tensors: 2, params: 33 },
      { code: 'layer-count-mismatch', expected: 1, stored: 2 },
      { code: 'total-params-mismatch', expected: 36, stored: 69 },
    ]);
  });

  test('totals are not compared when a layer has unknown weights', async () => {
    const m = auditModelOf({ layers: [pair('x', null, [['w', [2]]]), dense(null)], unmatched: [], optimizer: [] });
    expect(await modelWeightsCheck.run(m, ctx)).toEqual([]);
  });

  test('float16 storage of a float32 model is one info finding; two float dtypes are mixed', async () => {
    const f16 = auditModelOf({ layers: [dense([['kernel', [8, 4], 'float16'], ['bias', [4], 'float16']])], unmatched: [], optimizer: [] });
    expect(await dtypesCheck.run(f16, ctx)).toEqual([{ code: 'unexpected-dtype', stored: 'float16', expected: 'float32', tensors: 2 }]);
    const mixed = auditModelOf({ layers: [dense([['kernel', [8, 4], 'float16'], ['bias', [4]]])], unmatched: [], optimizer: [] });
    expect((await dtypesCheck.run(mixed, ctx)).map((f) => f.code)).toEqual(['unexpected-dtype', 'mixed-dtypes']);
  });

  test('float16 layers beside float32 ones, each stored as declared, are a deliberate mix: no mixed-dtypes', async () => {
    const m = auditModelOf({
      layers: [pair('half', [['kernel', [2, 2]]], [['kernel', [2, 2], 'float16']], 'float16'), pair('full', [['kernel', [2, 2]]], [['kernel', [2, 2]]])],
      unmatched: [],
      optimizer: [],
    });
    expect(await dtypesCheck.run(m, ctx)).toEqual([{ code: 'reduced-precision-weights', stored: 'float16', tensors: 1 }]);
  });

  test('a weights-only file declares no dtype: the check does not apply', () => {
    const raw = rawModel(memoryStore({ dense: [{ name: 'dense/kernel:0', shape: [2, 2], dtype: 'float16' }, { name: 'dense/bias:0', shape: [2] }] }), null);
    expect(dtypesCheck.appliesTo({ file: raw.file, raw, model: null, pairing: null })).toBe('no model config');
  });

  test('mixed-precision policies keep float32 variables', async () => {
    const m = auditModelOf({ layers: [pair('dense', [['kernel', [2, 2]]], [['kernel', [2, 2]]], variableDtypeOf('mixed_float16'))], unmatched: [], optimizer: [] });
    expect(await dtypesCheck.run(m, ctx)).toEqual([]);
  });

  test('bfloat16 weights declared as bfloat16 are not unexpected, but their reduced precision is said', async () => {
    const m = auditModelOf({ layers: [pair('dense', [['kernel', [2, 2]], ['bias', [2]]], [['kernel', [2, 2], 'bfloat16'], ['bias', [2], 'bfloat16']], 'bfloat16')], unmatched: [], optimizer: [] });
    expect(await dtypesCheck.run(m, ctx)).toEqual([{ code: 'reduced-precision-weights', stored: 'bfloat16', tensors: 2 }]);
  });

  test('optimizer state and weights-only files are info findings', async () => {
    const store = memoryStore({ dense: [{ name: 'dense/kernel:0', shape: [8, 4] }], dropout: [] }, [
      { path: 'optimizer_weights/iter', name: 'iter:0', shape: [], dtype: 'int64', byteLength: 8 },
      { path: 'optimizer_weights/m', name: 'm:0', shape: [8, 4], dtype: 'float32', byteLength: 128 },
    ]);
    const raw = rawModel(store, null);
    const m = { file: 'w.h5', raw, model: null, pairing: null };
    expect(await optimizerCheck.run(m, ctx)).toEqual([{ code: 'optimizer-state', tensors: 2, params: 33 }]);
    expect(await weightsOnlyCheck.run(m, ctx)).toEqual([{ code: 'weights-only', layers: 1, storedParams: 32 }]);
  });

  test('archive problems the zip reader reported become findings', async () => {
    const archiveProblems = [
      { code: 'unsafe-name', entry: '../../evil.txt', message: 'zip member with unsafe path (path traversal): ../../evil.txt' },
      { code: 'size-mismatch', entry: 'config.json', message: 'zip member config.json: declared size 9 does not match inflated size 3' },
      { code: 'encrypted', entry: 'x.bin', message: 'zip member x.bin is encrypted' },
      'not a problem record',
    ];
    const raw = { ...rawModel(), meta: { archiveProblems } };
    expect(await containerCheck.run({ file: 'x', raw, model: null, pairing: null }, ctx)).toEqual([
      { code: 'unsafe-archive-path', member: '../../evil.txt', detail: archiveProblems[0].message },
      { code: 'archive-size-mismatch', member: 'config.json', detail: (archiveProblems[1] as { message: string }).message },
      { code: 'archive-member-problem', member: 'x.bin', detail: 'zip member x.bin is encrypted' },
    ]);
  });
});

describe('driver', () => {
  test('a check that throws is an error record and the other checks still run; inapplicable checks are skipped', async () => {
    const boom = { id: 'boom', appliesTo: () => true as const, run: () => { throw new Error('kaput'); } };
    const never = { id: 'never', appliesTo: () => 'not for this file', run: () => [] };
    const m = auditModelOf({ layers: [dense(null)], unmatched: [], optimizer: [] });
    const r = await runChecks(m, { values: false }, [boom, never, modelWeightsCheck]);
    expect(r.errors).toEqual([{ check: 'boom', message: 'kaput' }]);
    expect(r.skipped).toEqual([{ check: 'never', reason: 'not for this file' }]);
    expect(r.findings.map((f) => f.code)).toEqual(['layer-count-mismatch', 'total-params-mismatch']);
  });
});

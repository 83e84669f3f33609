// Keras 3 sharded weights: the index and shards Keras 3.15 wrote for quant_float8 (one layer's vars
// split over both shards), against the same model's .keras saved by Keras in the same session.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { auditFile, auditFileJson, readModel, summarize } from '../../src/index.js';
import { openModelFile } from '../../src/readers/index.js';

const dir = join(__dirname, '../../fixtures/keras3-modern');
const config = join(dir, 'quant_float8.json');
const index = join(dir, 'sharded.weights.json');
const expected = JSON.parse(readFileSync(join(dir, 'quant_float8.expected.json'), 'utf8'));

describe('config + sharded.weights.json', async () => {
  const model = await readModel(config, { weights: index });
  const archive = await openModelFile(join(dir, 'quant_float8.keras'));

  test('every group the shards hold, split groups joined again in vars order', () => {
    const groups = Object.fromEntries(model.raw.weights!.layers.map((l) => [l.path, l.tensors.map((t) => ({ shape: t.shape, dtype: t.dtype }))]));
    expect(groups).toEqual(expected.stored);
  });

  test('values read from the shard that holds them equal those of the .keras', async () => {
    for (const l of model.raw.weights!.layers) {
      for (const t of l.tensors) expect(Array.from((await model.raw.weights!.read(t.path)) as ArrayLike<number>), t.path).toEqual(Array.from((await archive.weights!.read(t.path)) as ArrayLike<number>));
    }
  });

  test('summary totals are Keras\', the audit finds no error', async () => {
    expect(summarize(model).total_params).toBe(expected.total_params);
    const report = auditFileJson(await auditFile(config, { weights: index }));
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('one shard alone lists its own tensors', async () => {
    const shard = await openModelFile(join(dir, 'sharded_00001.weights.h5'));
    expect(shard.weights!.layers.map((l) => [l.path, l.tensors.length])).toEqual([['layers/dense_1/vars', 8], ['layers/einsum_dense/vars', 1]]);
    await shard.weights!.close();
  });
});

describe('missing, stray and unsafe shards', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kerascope-shards-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const setup = (name: string, shards: string[], extra?: string) => {
    const d = join(tmp, name);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d);
    copyFileSync(index, join(d, 'sharded.weights.json'));
    for (const s of shards) copyFileSync(join(dir, s), join(d, s));
    if (extra) copyFileSync(join(dir, 'sharded_00000.weights.h5'), join(d, extra));
    return join(d, 'sharded.weights.json');
  };

  test('a missing shard: a coded error for the summary, an error finding for the audit', async () => {
    const idx = setup('missing', ['sharded_00000.weights.h5']);
    await expect(readModel(config, { weights: idx })).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
    const report = auditFileJson(await auditFile(config, { weights: idx }));
    expect(report.findings.find((f) => f.code === 'missing-weight-shard')).toMatchObject({ severity: 'error', message: expect.stringContaining('sharded_00001.weights.h5') });
  });

  test('a shard beside the index that it does not name: a coded error, a warning for the audit', async () => {
    const idx = setup('extra', ['sharded_00000.weights.h5', 'sharded_00001.weights.h5'], 'sharded_00002.weights.h5');
    await expect(readModel(config, { weights: idx })).rejects.toMatchObject({ code: 'E_CORRUPT' });
    const report = auditFileJson(await auditFile(config, { weights: idx }));
    expect(report.findings.filter((f) => f.code === 'unindexed-weight-shard').map((f) => f.severity)).toEqual(['warning']);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a shard path leaving the index\'s folder is refused', async () => {
    const idx = join(tmp, 'unsafe.weights.json');
    writeFileSync(idx, JSON.stringify({ metadata: { total_size: 1 }, weight_map: { '/layers/dense/vars': ['../x_00000.weights.h5'] } }));
    await expect(openModelFile(idx)).rejects.toMatchObject({ code: 'E_UNSAFE_ARCHIVE' });
  });
});

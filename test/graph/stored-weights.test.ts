import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { auditFile, loadModel, readRaw, summarize, summarizeWeights } from '../../src/index.js';
import { readFileSync } from 'node:fs';
import { toSnakeCase as snakeCase } from '../../src/normalize/weight-owners.js';

const fx = (name: string) => join(dirname(fileURLToPath(import.meta.url)), '../../fixtures', name);

async function loaded(path: string, weights?: string) {
  const raw = await readRaw(fx(path), { weights: weights && fx(weights) });
  return { raw, model: loadModel(raw) };
}

describe('snake_case as Keras 3 names saved objects', () => {
  it.each([
    ['Dense', 'dense'],
    ['Conv2D', 'conv2d'],
    ['Conv2DTranspose', 'conv2d_transpose'],
    ['BatchNormalization', 'batch_normalization'],
    ['LSTM', 'lstm'],
    ['InputLayer', 'input_layer'],
    ['GlobalAveragePooling2D', 'global_average_pooling2d'],
  ])('%s → %s', (cls, snake) => expect(snakeCase(cls)).toBe(snake));
});

describe('stored weights paired with layers', () => {
  it('legacy full model: by name, every layer gets its own group', async () => {
    const { raw, model } = await loaded('cifar10_cnn.h5');
    const m = model.weightMatch!;
    expect(m.by).toBe('name');
    expect(m.byLayer.get('conv2d_1')!.map((t) => t.name)).toEqual(['conv2d_1/kernel:0', 'conv2d_1/bias:0']);
    expect(m.byLayer.get('dropout')).toEqual([]);
    expect(m.unmatched).toEqual([]);
    expect(m.unfed).toEqual([]);
    const json = summarize(model);
    expect(json.total_params).toBe(1250858);
    expect(json.stored_params).toBe(1250858);
    expect(json.layers.find((l) => l.name === 'dense')!.stored).toEqual([
      { name: 'dense/kernel:0', shape: [2304, 512], dtype: 'float32' },
      { name: 'dense/bias:0', shape: [512], dtype: 'float32' },
    ]);
    await raw.weights!.close();
  });

  it('to_json config + save_weights pair: a nested model owns its inner weights', async () => {
    const { raw, model } = await loaded('h5/k2_nested.json', 'h5/k2_nested_weights.h5');
    expect(model.weightMatch!.by).toBe('name');
    expect(model.weightMatch!.byLayer.get('sequential_1')!.map((t) => t.shape)).toEqual([[4, 3], [3], [3, 2]]);
    const json = summarize(model);
    expect(json.format).toBe('keras-json');
    expect(json.total_params).toBe(json.stored_params);
    await raw.weights!.close();
  });

  it('Keras 3 .weights.h5: by class-name path, not layer name (classifier lives at layers/dense)', async () => {
    const { raw, model } = await loaded('h5/k3_functional.json', 'h5/k3_functional.weights.h5');
    const m = model.weightMatch!;
    expect(m.by).toBe('path');
    expect(m.groupsOf.get('classifier')!.map((g) => g.name)).toEqual(['layers/dense']);
    expect(m.groupsOf.get('dense')!.map((g) => g.name)).toEqual(['layers/dense_1']);
    expect(m.byLayer.get('inner_seq')!.map((t) => t.shape)).toEqual([[8, 6], [6], [6, 4]]);
    expect(m.unmatched).toEqual([]);
    expect(summarize(model).optimizer_params).toBe(2 + 2 * 165);
    await raw.weights!.close();
  });

  it('falls back to position, as Keras loads, when names differ but weighted counts agree', async () => {
    const { raw } = await loaded('h5/k2_fixed_strings.h5');
    const store = raw.weights!;
    const renamed = { ...raw, weights: { ...store, layers: store.layers.map((l, i) => ({ ...l, name: `old_${i}` })) } };
    const m = loadModel(renamed).weightMatch!;
    expect(m.by).toBe('position');
    expect(m.byLayer.get('dense_2')!.map((t) => t.name)).toEqual(['dense_2/kernel:0', 'dense_2/bias:0']);
    expect(m.byLayer.has('dropout_1')).toBe(false);
    await store.close();
  });

  it('reports stray groups and layers left without weights', async () => {
    const { raw } = await loaded('h5/k2_fixed_strings.h5');
    const store = raw.weights!;
    const m = loadModel({ ...raw, weights: { ...store, layers: store.layers.filter((l) => l.name !== 'dense_2') } }).weightMatch!;
    expect(m.by).toBe('name');
    expect(m.unfed).toEqual(['dense_2']);
    await store.close();
  });
});

describe('weights-only listing', () => {
  it('lists stored layers and sizes of a weights-only file', async () => {
    const raw = await readRaw(fx('h5/tfk_split_weights.h5'));
    const s = summarizeWeights(raw);
    expect(s.weights_only).toBe(true);
    expect(s.layers.map((l) => [l.name, l.params])).toEqual([['dense_0', 4], ['dense_1', 4], ['dense_2', 4], ['dense_3', 4], ['dense_4', 4], ['many', 6]]);
    expect(s.stored_params).toBe(26);
    expect(s.stored_bytes).toBe(104);
    await raw.weights!.close();
  });
});

// scripts/fixtures/tfkeras_windows_archive.py: tf.keras 2.15 on Windows named weight groups
// `layers\conv1d`, and MultiHeadAttention's sub-objects `_query_dense` … (saved in name order).
describe('a tf.keras 2.15 .keras saved on Windows', () => {
  const expected = JSON.parse(readFileSync(fx('keras3/tfkeras215-windows.expected.json'), 'utf8'));
  it('pairs every layer with its own groups, in the order the layer builds its variables', async () => {
    const { model } = await loaded('keras3/tfkeras215-windows.keras');
    const m = model.weightMatch!;
    expect(m.unfed).toEqual([]);
    for (const [name, params] of Object.entries(expected.layers as Record<string, number>)) {
      const stored = (m.byLayer.get(name) ?? []).reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
      expect([name, stored]).toEqual([name, params]);
    }
    const mha = model.analysis.byName.get('multi_head_attention')!.weights!.map((w) => w.shape);
    expect(m.byLayer.get('multi_head_attention')!.map((t) => t.shape)).toEqual(mha);
  });
  it('counts the stored metric state apart, as Keras does: not model weights', async () => {
    const { model } = await loaded('keras3/tfkeras215-windows.keras');
    const s = summarize(model);
    expect([s.total_params, s.stored_params, s.metric_params]).toEqual([expected.total_params, expected.total_params, expected.metric_values]);
    const w = summarizeWeights(model.raw);
    expect([w.stored_params, w.metric_params]).toEqual([expected.total_params, expected.metric_values]);
  });
  it('audits clean', async () => {
    const { result } = await auditFile(fx('keras3/tfkeras215-windows.keras'));
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

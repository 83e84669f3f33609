// kerascope diff: a model against its own TensorFlow.js conversion, two different real models,
// renames, values, the three outputs and the exit statuses.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import { compareModels, convertModel, readModel, renderDiffMarkdown, renderDiffText, type LayerDiff, type ModelDiff } from '../../src/index.js';
import { streamDiff } from '../../src/graph/diff-values.js';
import { convertToTfjs } from './tfjs-conversion.js';

const root = join(__dirname, '../..');
const CLI = join(root, 'dist/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
const validate = new Ajv2020.default({ allErrors: true }).compile(JSON.parse(readFileSync(join(root, 'schemas/diff.schema.json'), 'utf8')));

async function diffFiles(a: string, b: string, values = false): Promise<ModelDiff> {
  const [ma, mb] = [await readModel(a), await readModel(b)];
  try {
    const d = await compareModels(ma, mb, { values });
    expect(validate(JSON.parse(JSON.stringify(d))), JSON.stringify(validate.errors)).toBe(true);
    return d;
  } finally {
    await ma.raw.weights?.close();
    await mb.raw.weights?.close();
  }
}

const layer = (d: ModelDiff, name: string): LayerDiff => d.layers.find((l) => l.name === name)!;
const changed = (l: LayerDiff) => Object.fromEntries(l.changes.map((c) => [c.key ?? c.field, [c.before, c.after]]));

describe('a model and its own TensorFlow.js conversion', () => {
  let converted: string;
  beforeAll(async () => {
    converted = await convertToTfjs(join(root, 'fixtures/cifar10_cnn.h5'));
  }, 60_000);

  test('no structural difference, every stored tensor identical', async () => {
    const d = await diffFiles(join(root, 'fixtures/cifar10_cnn.h5'), converted, true);
    expect(d.a.format).toBe('keras-h5');
    expect(d.b.format).toBe('tfjs-layers');
    expect(d.structural).toBe(false);
    expect(d.counts).toEqual({ same: 18, changed: 0, added: 0, removed: 0, renamed: 0 });
    expect(d.values).toEqual({ identical: 12, changed: 0, not_compared: 0 });
  });

  test('the config alone (to_json) against the conversion: same structure', async () => {
    const d = await diffFiles(join(root, 'fixtures/cifar10_cnn.json'), converted);
    expect(d.structural).toBe(false);
    expect(d.b.stored_weights).toBe(true);
    expect(d.a.stored_weights).toBe(false);
  });

  test('CLI: exit 0 and the verdict', () => {
    const r = run(['diff', join(root, 'fixtures/cifar10_cnn.h5'), converted, '--values']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/tensors: 12 identical, 0 changed\nno structural differences\n$/);
  });
});

describe('a Keras 1 file and its own .keras conversion', () => {
  test('Theano-ordered kernels are the same weights stored another way: not structural', async () => {
    const src = join(root, 'fixtures/h5/k1_conv_th.h5');
    const out = join(mkdtempSync(join(tmpdir(), 'kerascope-diff-k1-')), 'model.keras');
    await convertModel(src, { to: 'keras', out });
    const d = await diffFiles(src, out, true);
    expect(d.structural).toBe(false);
    const stored = d.layers.flatMap((l) => l.changes.filter((c) => c.field === 'stored'));
    expect(stored.length).toBeGreaterThan(0);
    // (filters, depth, rows, cols) in the Keras 1 file, (rows, cols, depth, filters) in Keras 3
    for (const c of stored) {
      const [before, after] = [c.before as number[][], c.after as number[][]];
      expect(c.structural).toBe(false);
      expect(after[0]).toEqual([before[0][2], before[0][3], before[0][1], before[0][0]]);
    }
  });
});

describe('quantized copy of a tfjs model: same structure, values within the float16 error', () => {
  test('changed tensors with their max abs difference', async () => {
    const d = await diffFiles(join(root, 'fixtures/tfjs/tiny_cnn/model.json'), join(root, 'fixtures/tfjs/tiny_cnn_float16/model.json'), true);
    expect(d.structural).toBe(false);
    const conv = layer(d, 'conv');
    expect(conv.status).toBe('changed');
    for (const w of conv.weights!) {
      expect(w.status).toBe('changed');
      expect(w.max_abs_diff).toBeGreaterThan(0);
      expect(w.max_abs_diff).toBeLessThan(1e-3);
    }
    expect(renderDiffText(d, { color: false })).toMatch(/conv\/kernel: changed, max \|a - b\| = /);
  });
});



describe('renames and config changes on synthetic configs', () => {
  const seq = (layers: [string, Record<string, unknown>][]) => ({
    class_name: 'Sequential',
    keras_version: '2.15.0',
    config: { name: 's', layers: layers.map(([class_name, config], i) => ({ class_name, config: i === 0 ? { ...config, batch_input_shape: [null, 8] } : config })) },
  });
  const write = (config: unknown) => {
    const p = join(mkdtempSync(join(tmpdir(), 'kerascope-diff-')), 'model.json');
    writeFileSync(p, JSON.stringify(config));
    return p;
  };

  test('a rename alone is named and is structural; training settings are not compared', async () => {
    const a = write(seq([['Dense', { name: 'hidden', units: 4, activation: 'relu', kernel_initializer: { class_name: 'GlorotUniform', config: { seed: 1 } } }], ['Dense', { name: 'out', units: 2 }]]));
    const b = write(seq([['Dense', { name: 'encoder', units: 4, activation: 'relu', kernel_initializer: { class_name: 'Zeros', config: {} } }], ['Dense', { name: 'out', units: 2, trainable: false }]]));
    const d = await diffFiles(a, b);
    expect(layer(d, 'encoder')).toMatchObject({ status: 'renamed', previous_name: 'hidden', changes: [] });
    expect(layer(d, 'out').changes).toEqual([
      { field: 'trainable', before: true, after: false, structural: false },
      // `out` read `hidden`; the rename is followed, so its input is unchanged
    ]);
    expect(d.structural).toBe(true);
  });

  test('an activation change is a config change; a default written out is not', async () => {
    const a = write(seq([['Dense', { name: 'd', units: 4, activation: 'relu' }]]));
    const b = write(seq([['Dense', { name: 'd', units: 4, activation: 'tanh', use_bias: true }]]));
    const d = await diffFiles(a, b);
    expect(layer(d, 'd').changes).toEqual([{ field: 'config', key: 'activation', before: 'relu', after: 'tanh', structural: true }]);
    expect(renderDiffMarkdown(d)).toContain('config activation: "relu" → "tanh"');
    expect(renderDiffText(d, { color: true })).toMatch(/\x1b\[33m~ d \(Dense\)/);
  });
});

describe('bad input', () => {
  test('an unreadable file: one line naming it, a stable code, exit 2', () => {
    const missing = join(tmpdir(), 'no-such-model.h5');
    const r = run(['diff', join(root, 'fixtures/cifar10_cnn.json'), missing]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${missing}: `);
    expect(r.stderr).toMatch(/\[E_FILE_NOT_FOUND\]$/m);
    const broken = run(['diff', join(root, 'fixtures/h5/broken_html.h5'), join(root, 'fixtures/cifar10_cnn.json')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/broken_html\.h5: .*\[E_[A-Z_]+\]/);
  });

  test('a weights-only file has no model to compare', () => {
    const r = run(['diff', join(root, 'fixtures/h5/links.h5'), join(root, 'fixtures/cifar10_cnn.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/links\.h5: holds weights but no model config to compare \[E_NOT_A_MODEL\]/);
  });

  test('a missing argument is a usage error', () => {
    expect(run(['diff', join(root, 'fixtures/cifar10_cnn.json')]).status).toBe(2);
  });
});

describe('streamDiff', () => {
  async function* slabs(values: number[], size: number) {
    const buf = new Float32Array(size); // reused, as the readers reuse theirs
    for (let i = 0; i < values.length; i += size) {
      const part = values.slice(i, i + size);
      buf.set(part);
      yield buf.subarray(0, part.length);
    }
  }
  test('slabs that do not line up; NaN equal to NaN; the largest difference', async () => {
    const a = [1, 2, 3, NaN, 5, 6, 7];
    const b = [1, 2, 3.5, NaN, 5, 6, 6];
    expect(await streamDiff(slabs(a, 3), slabs(b, 2))).toEqual({ maxAbsDiff: 1, differing: 2, count: 7 });
    await expect(streamDiff(slabs(a, 3), slabs(b.slice(0, 5), 2))).rejects.toThrow(/fewer values/);
  });
});

describe('quantization and dtype policies are changes (real Keras 3.15 models, fixtures/keras3-modern)', () => {
  test('a LoRA model against the same layers quantized to int8: the policy and the params change', async () => {
    const fx = (n: string) => join(__dirname, '../../fixtures/keras3-modern', n);
    const [a, b] = [await readModel(fx('lora.keras')), await readModel(fx('quant_int8.keras'))];
    const hidden = (await compareModels(a, b)).layers.find((l) => l.name === 'hidden')!;
    expect(hidden.changes).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'dtype', before: 'float32', after: 'int8_from_float32' }),
      // Keras: 6·5 + 5 + two LoRA factors 6·2 + 2·5 → 6·5 int8 + 5 + a scale of 5
      expect.objectContaining({ field: 'params', before: 57, after: 40 }),
    ]));
  });
});

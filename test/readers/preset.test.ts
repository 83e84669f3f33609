// KerasHub preset folders as input (issue 24). fixtures/preset/bert-tiny was written by keras_hub's
// own save_to_preset (scripts/fixtures/kerashub_preset.py), with Keras' count_params() beside it.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { auditFile, loadModel, readRaw, summarize, summarizeStorage } from '../../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const preset = join(root, 'fixtures/preset/bert-tiny');
const expected = JSON.parse(readFileSync(join(root, 'fixtures/preset/bert-tiny.expected.json'), 'utf8')) as { total_params: number };
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { encoding: 'utf8', cwd: root });

describe('KerasHub preset folders', () => {
  it('reads config.json, metadata.json and model.weights.h5 as one model, its other configs beside', async () => {
    const raw = await readRaw(preset);
    try {
      expect(raw.format).toBe('keras-hub-preset');
      expect(raw.kerasVersion).toBe('3.15.1'); // metadata.json
      expect((raw.config as { registered_name: string }).registered_name).toBe('keras_hub>BertBackbone');
      expect(raw.companions?.map((c) => c.name)).toEqual(['tokenizer.json']);
      expect(raw.meta.files).toContain('assets/tokenizer/vocabulary.txt');
      // a BertBackbone: rebuilt from its arguments, not summarized from storage
      expect(summarizeStorage(raw)).toBeNull();
      const json = summarize(loadModel(raw));
      expect(json.total_params).toBe(expected.total_params);
      expect(json.stored_params).toBe(expected.total_params);
    } finally {
      await raw.weights?.close();
    }
  });

  it('summary prints it; a folder that is no preset is one coded line, exit 2', () => {
    const ok = cli('summary', 'fixtures/preset/bert-tiny', '--format', 'json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ format: 'keras-hub-preset', class_name: 'BertBackbone', total_params: expected.total_params, trainable_params: expected.total_params });
    const notJson = mkdtempSync(join(tmpdir(), 'kerascope-preset-'));
    writeFileSync(join(notJson, 'config.json'), '{"vocab": 3}');
    writeFileSync(join(notJson, 'metadata.json'), '{}');
    for (const [dir, message, code] of [['fixtures/keras3', 'not a KerasHub preset: no config.json', 'E_NOT_A_FILE'], [notJson, 'has no "class_name"', 'E_NOT_A_MODEL']]) {
      const r = cli('summary', dir);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toMatch(new RegExp(`\\[${code}\\]\n$`));
    }
  });

  it('a large preset saved in shards (model.weights.json + model_NNNNN.weights.h5, by save_to_preset) reads as the whole one', async () => {
    const whole = summarize(loadModel(await readRaw(preset)));
    const raw = await readRaw(join(root, 'fixtures/preset/bert-tiny-sharded'));
    try {
      const json = summarize(loadModel(raw));
      expect(json.total_params).toBe(expected.total_params);
      expect(json.stored_params).toBe(expected.total_params);
      // every layer's stored tensors, shapes and dtypes as in the unsharded save of the same backbone
      expect(json.layers.map((l) => [l.name, l.stored])).toEqual(whole.layers.map((l) => [l.name, l.stored]));
    } finally {
      await raw.weights?.close();
    }
  });

  it('a shard the index names but the folder lacks: one coded line for summary, an error finding for the audit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-preset-'));
    for (const f of ['config.json', 'metadata.json', 'model.weights.json', 'model_00000.weights.h5']) {
      writeFileSync(join(dir, f), readFileSync(join(root, 'fixtures/preset/bert-tiny-sharded', f)));
    }
    const r = cli('summary', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/model_00001\.weights\.h5 named by the index is missing \[E_FILE_NOT_FOUND\]\n$/);
    const audited = await auditFile(dir);
    expect(audited.result.findings).toContainEqual(expect.objectContaining({ code: 'missing-weight-shard', shard: 'model_00001.weights.h5' }));
  });

  it('the security walk reads tokenizer.json too: os.system there is an error; the benign preset has none', async () => {
    const hostile = await auditFile(join(root, 'fixtures/preset/bert-tiny-os-system'));
    expect(hostile.result.findings).toContainEqual(expect.objectContaining({ code: 'unsafe-module', module: 'os' }));
    const f = hostile.result.findings.find((x) => x.code === 'unsafe-module') as { path: string };
    expect(f.path).toMatch(/^tokenizer\.json\b/);
    const benign = await auditFile(preset);
    expect(benign.result.findings).toEqual([]);
  });

  it('scan takes a preset folder as one model, also among other files', () => {
    const r = cli('scan', 'fixtures/preset', '--format', 'json');
    expect(r.status).toBe(1); // the hostile one
    expect(JSON.parse(r.stdout).files.map((f: { file: string }) => f.file)).toEqual(['bert-tiny', 'bert-tiny-os-system', 'bert-tiny-sharded']);
    const one = cli('scan', 'fixtures/preset/bert-tiny');
    expect(one.status).toBe(0);
  });

  it('diff compares two presets from storage: constructor arguments and stored objects', () => {
    const same = cli('diff', 'fixtures/preset/bert-tiny', 'fixtures/preset/bert-tiny-os-system', '--format', 'json');
    expect(same.status).toBe(0);
    const d = JSON.parse(same.stdout);
    expect(d.structural).toBe(false);
    expect(d.counts.same).toBe(d.layers.length);
    const ajv = new Ajv2020.default({ allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas/diff.schema.json'), 'utf8')));
    expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    const other = cli('diff', 'fixtures/preset/bert-tiny', 'fixtures/keras3/subclassed_encoder.keras', '--format', 'json');
    expect(other.status).toBe(1);
    expect(JSON.parse(other.stdout).model).toContainEqual(expect.objectContaining({ field: 'class_name', before: 'keras_hub>BertBackbone', after: 'Demo>TinyEncoder' }));
  });
});

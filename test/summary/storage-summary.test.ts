// A subclassed model whose config lists no layers, summarized from its stored weights (issue 24).
// Expectations come from Keras itself: scripts/fixtures/subclassed.py records count_params() of
// the model and of each layer, and the weights file's vars groups as h5py lists them.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { auditFile, readRaw, readModel, renderStorageText, summarizeStorage, SUMMARY_STYLES, type StorageLayerJson } from '../../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string) => join(root, 'fixtures/keras3', name);
const expected = JSON.parse(readFileSync(fixture('subclassed_encoder.expected.json'), 'utf8')) as {
  total_params: number;
  layers: Record<string, number>;
  vars_groups: { path: string; name: string | null; shapes: number[][] }[];
};
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), ...args], { encoding: 'utf8', cwd: root });

async function storage(file: string, weights?: string) {
  const raw = await readRaw(file, weights ? { weights } : {});
  try {
    return summarizeStorage(raw);
  } finally {
    await raw.weights?.close();
  }
}

function flatten(layers: StorageLayerJson[]): StorageLayerJson[] {
  return layers.flatMap((l) => [l, ...flatten(l.layers)]);
}

describe('summary from storage of a subclassed Keras 3 model', () => {
  it('lists every vars group Keras wrote, at its path, with its layer name and shapes', async () => {
    const s = (await storage(fixture('subclassed_encoder.keras')))!;
    expect(s).toMatchObject({ class_name: 'TinyEncoder', registered_name: 'Demo>TinyEncoder', name: 'tiny_encoder', config: { units: 4, depth: 2 } });
    const byPath = new Map(flatten(s.layers).map((l) => [l.path, l]));
    for (const g of expected.vars_groups.filter((g) => g.path !== '')) {
      const node = byPath.get(g.path);
      expect(node, g.path).toBeDefined();
      expect(node!.name).toBe(g.name);
      expect(node!.stored.map((t) => t.shape)).toEqual(g.shapes);
    }
    // the root vars group (the model's own) holds nothing here
    expect(s.own).toEqual([]);
  });

  it('counts params per object and per sub-tree as Keras counts them, in total too', async () => {
    const s = (await storage(fixture('subclassed_encoder.keras')))!;
    expect(s.total_params).toBe(expected.total_params);
    expect(s.total_bytes).toBe(expected.total_params * 4); // float32
    const byName = new Map(flatten(s.layers).filter((l) => l.name).map((l) => [l.name!, l.params]));
    for (const [name, params] of Object.entries(expected.layers)) expect(byName.get(name), name).toBe(params);
    // `blocks` is a list attribute: no group of its own, its items under it
    const blocks = s.layers.find((l) => l.key === 'blocks')!;
    expect(blocks.layers.map((l) => l.name)).toEqual(['block_0', 'block_1']);
    expect(blocks.params).toBe(expected.layers.block_0 + expected.layers.block_1);
  });

  it('the same from a to_json() config paired with its save_weights() file', async () => {
    const a = (await storage(fixture('subclassed_encoder.keras')))!;
    const b = (await storage(fixture('subclassed_encoder.json'), fixture('subclassed_encoder.weights.h5')))!;
    expect(b.layers).toEqual(a.layers);
    expect(b.total_params).toBe(expected.total_params);
  });

  it('validates against schemas/storage-summary.schema.json', async () => {
    const s = await storage(fixture('subclassed_encoder.keras'));
    const ajv = new Ajv2020.default({ allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas/storage-summary.schema.json'), 'utf8')));
    expect(validate(s), JSON.stringify(validate.errors)).toBe(true);
  });

  it('without weights there is nothing to summarize: E_UNSUPPORTED as before', async () => {
    expect(await storage(fixture('subclassed_encoder.json'))).toBeNull();
    await expect(readModel(fixture('subclassed_encoder.json'))).rejects.toMatchObject({ code: 'E_UNSUPPORTED' });
  });

  it.each(SUMMARY_STYLES)('style %s: the stored params per row, the total, the split as "?" and a note', async (style) => {
    const s = (await storage(fixture('subclassed_encoder.keras')))!;
    const text = renderStorageText(s, { style });
    // every layer Keras counted appears with its own count on its row (2.2 names rows by their parents)
    for (const [name, params] of Object.entries(expected.layers)) {
      const row = text.split('\n').find((l) => new RegExp(`(^|[\\s/│|])${name} \\(`).test(l));
      expect(row, `${style}: ${name}`).toBeDefined();
      expect(row!.replace(/,/g, '')).toMatch(new RegExp(`\\s${params}\\s`));
    }
    expect(text).toMatch(style === '3' ? /Total params: 74 \(296\.00 B\)/ : style === '2.13' ? /Total params: 74 \(296\.00 Byte\)/ : /Total params: 74\n/);
    expect(text).toMatch(/Trainable params: \?\n.*Non-trainable params: \?/);
    expect(text).toContain('Output shapes and the trainable split are unknown.');
  });
});

describe('the CLI and the audit on a subclassed model', () => {
  it('summary prints it (exit 0); --show-trainable has nothing to show (E_USAGE)', () => {
    const ok = cli('summary', 'fixtures/keras3/subclassed_encoder.keras');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Model: "tiny_encoder"');
    const json = JSON.parse(cli('summary', 'fixtures/keras3/subclassed_encoder.keras', '--format', 'json').stdout);
    expect(json.total_params).toBe(expected.total_params);
    const bad = cli('summary', 'fixtures/keras3/subclassed_encoder.keras', '--show-trainable');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/\[E_USAGE\]\n$/);
  });

  it('the audit says the model is read from storage and runs the value checks; no error, no warning', async () => {
    const a = await auditFile(fixture('subclassed_encoder.keras'), { values: true });
    expect(a.result.findings).toEqual([
      { code: 'subclassed-from-storage', className: 'TinyEncoder', registeredName: 'Demo>TinyEncoder', objects: 6, storedParams: expected.total_params },
    ]);
    expect(a.result.tensorStats?.length).toBe(expected.vars_groups.reduce((n, g) => n + g.shapes.length, 0));
    const alone = await auditFile(fixture('subclassed_encoder.json'));
    expect(alone.result.findings.map((f) => f.code)).toContain('config-unanalyzable');
  });
});

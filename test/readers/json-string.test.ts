// A config saved with `json.dump(model.to_json(), f)`: the file is a JSON string holding the
// config. Fixtures: scripts/fixtures/json_dumped_to_json.py (real Keras; expected.json is Keras'
// own parameter counts). One level is unwrapped, with a note; a string in a string is refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readModel, summarize } from '../../src/index.js';

const fx = (name: string) => join(__dirname, '../../fixtures/json-string', name);
const expected = JSON.parse(readFileSync(fx('expected.json'), 'utf8')) as { layers: Record<string, number>; total_params: number };
const CLI = join(__dirname, '../../dist/cli/main.js');

describe('json.dump(model.to_json(), f)', () => {
  test('reads as the plain to_json() config does, with Keras\' counts', async () => {
    const dumped = await readModel(fx('model-dumped.json'));
    expect(dumped.raw.meta.jsonEncodedTwice).toBe(true);
    const s = summarize(dumped);
    expect(s).toEqual(summarize(await readModel(fx('model.json'))));
    expect(Object.fromEntries(s.layers.map((l) => [l.name, l.params]))).toEqual(expected.layers);
    expect(s.total_params).toBe(expected.total_params);
  });

  test('paired with --weights, every stored tensor finds its layer', async () => {
    const m = await readModel(fx('model-dumped.json'), { weights: fx('model.weights.h5') });
    expect(m.weightMatch!.unfed).toEqual([]);
    const stored = [...m.weightMatch!.byLayer.values()].flat().reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    expect(stored).toBe(expected.total_params);
  });

  test('the CLI says it unwrapped the string', () => {
    const r = spawnSync(process.execPath, [CLI, 'summary', fx('model-dumped.json'), '--weights', fx('model.weights.h5')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('the file is a JSON string holding the model config (json.dump(model.to_json(), f))');
    expect(r.stdout).toContain(`Total params: ${expected.total_params} `);
  });

  test('a string inside a string is not unwrapped again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-json-string-'));
    const twice = join(dir, 'twice.json');
    writeFileSync(twice, JSON.stringify(readFileSync(fx('model-dumped.json'), 'utf8')));
    const r = spawnSync(process.execPath, [CLI, 'summary', twice], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('E_NOT_A_MODEL');
  });
});

// `kerascope summary --cost / --batch` end to end, and the JSON against its schema.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';

const root = join(__dirname, '../..');
const CLI = join(root, 'dist/cli/main.js');
const SEED = join(root, 'fixtures/cifar10_cnn.json');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('kerascope summary --cost', () => {
  test('without --cost the text is Keras\' own; with it, Keras\' columns are unchanged and the cost follows', () => {
    for (const style of ['2.2', '2.7', '2.13', '3']) {
      const golden = readFileSync(join(root, 'test/golden/cifar10_cnn', `${style}.txt`), 'utf8');
      expect(run(['summary', SEED, '--style', style]).stdout).toBe(golden);
      const r = run(['summary', SEED, '--style', style, '--cost']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/MACs/);
      expect(r.stdout).toMatch(/Total MACs: 20,741,120 \(per sample\)/);
      expect(r.stdout).toMatch(/Total FLOPs: 41,694,888 \(per sample\)/);
      expect(r.stdout).toMatch(/Weight memory: 4\.77 MB/);
      // each Keras row starts as Keras prints it (the cost cells come after)
      const kerasRow = golden.split('\n').find((l) => l.includes('conv2d_1 (Conv2D)'))!;
      const costRow = r.stdout.split('\n').find((l) => l.includes('conv2d_1 (Conv2D)'))!;
      const kept = style === '3' ? kerasRow.slice(0, -1) : kerasRow.trimEnd();
      expect(costRow.startsWith(kept), `${style}: ${costRow}`).toBe(true);
      expect(costRow).toMatch(/8,294,400/);
    }
  });

  test('--batch scales MACs and activation memory; JSON validates against the schema', () => {
    const r = run(['summary', SEED, '--format', 'json', '--batch', '4']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(join(root, 'schemas/summary.schema.json'), 'utf8'));
    const validate = new Ajv2020.default({ allErrors: true }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.cost).toEqual({ batch: 4, macs: 4 * 20_741_120, flops: 4 * 41_694_888, activation_bytes: 4 * 785_744, weight_bytes: 5_003_432 });
    expect(json.layers.find((l: { name: string }) => l.name === 'conv2d')).toMatchObject({ macs: 4 * 884_736, weight_bytes: 896 * 4 });
    // without --cost no cost key appears
    expect(JSON.parse(run(['summary', SEED, '--format', 'json']).stdout)).not.toHaveProperty('cost');
  });

  test('a stored model: weight bytes as stored; a bad --batch is a usage error', () => {
    const json = JSON.parse(run(['summary', join(root, 'fixtures/cifar10_cnn.h5'), '--format', 'json', '--cost']).stdout);
    expect(json.cost.weight_bytes).toBe(4 * 1_250_858);
    for (const bad of ['0', '-1', '1.5']) {
      const r = run(['summary', SEED, '--batch', bad]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--batch must be a positive integer \[E_USAGE\]/);
    }
  });
});

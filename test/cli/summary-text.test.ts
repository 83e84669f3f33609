// The summary command's text options end to end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const CLI = join(__dirname, '../../dist/cli/main.js');
const FIXTURE = join(__dirname, '../../fixtures/cifar10_cnn.json');
const GOLDEN = join(__dirname, '../golden');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('kerascope summary (text)', () => {
  test.each(['2.2', '2.7', '2.13', '3'])('--style %s prints the Keras golden', (style) => {
    const r = run(['summary', FIXTURE, '--style', style]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(GOLDEN, 'cifar10_cnn', `${style}.txt`), 'utf8'));
  });

  test('--line-length, --expand-nested and --show-trainable reach the renderer', () => {
    const model = join(GOLDEN, 'nested', 'model.json');
    expect(run(['summary', model, '--style', '3', '--line-length', '88']).stdout).toBe(readFileSync(join(GOLDEN, 'nested', '3-L88.txt'), 'utf8'));
    expect(run(['summary', model, '--style', '2.7', '--expand-nested']).stdout).toBe(readFileSync(join(GOLDEN, 'nested', '2.7-expand.txt'), 'utf8'));
    expect(run(['summary', model, '--style', '3', '--show-trainable']).stdout).toBe(readFileSync(join(GOLDEN, 'nested', '3-trainable.txt'), 'utf8'));
  });

  test('options Keras <= 2.6 did not have are refused with a usage error', () => {
    const r = run(['summary', join(GOLDEN, 'nested', 'model.json'), '--style', '2.2', '--expand-nested']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/expand_nested.*\[E_USAGE\]/);
  });

  test('a line length too small for the columns is a usage error, not a hang', () => {
    const multi = join(GOLDEN, 'multi_io', 'model.json');
    for (const style of ['3', '2.13']) {
      const r = run(['summary', multi, '--style', style, '--line-length', '20']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/too small.*\[E_USAGE\]/);
    }
  });

  test('an unknown layer gets ? in the table and a note on stderr naming it', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'kerascope-text-')), 'unknown.json');
    writeFileSync(p, JSON.stringify({
      class_name: 'Sequential',
      config: { name: 's', layers: [
        { class_name: 'Dense', config: { name: 'd1', units: 4, batch_input_shape: [null, 3] } },
        { class_name: 'MyCustomLayer', config: { name: 'custom' } },
      ] },
    }));
    const r = run(['summary', p, '--style', '2.2']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('custom (MyCustomLayer)       ?                         ?         ');
    expect(r.stderr).toMatch(/^kerascope: note: .*custom \(MyCustomLayer: unknown layer class/);
  });
});

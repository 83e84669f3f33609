// The summary command's text options end to end.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const CLI = join(__dirname, '../../dist/cli/main.js');
const FIXTURE = join(__dirname, '../../fixtures/cifar10_cnn.json');
const GOLDEN = join(__dirname, '../golden');

function run(args: string[]) {
  try {
    return { status: 0, stdout: execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
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
});

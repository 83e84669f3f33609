// Bad archives and graphs on the command line: one line naming the file and the problem, exit 2.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const CLI = join(__dirname, '../../dist/cli/main.js');
const fx = (...p: string[]) => join(__dirname, '../../fixtures', ...p);

function run(args: string[]) {
  try {
    return { status: 0, stdout: execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('summary of .keras archives', () => {
  test.each([
    ['traversal.keras', 'E_UNSAFE_ARCHIVE', 'path traversal'],
    ['bomb-ratio.keras', 'E_LIMIT', 'compression ratio'],
    ['bomb-declared-size.keras', 'E_LIMIT', 'config.json'],
    ['size-too-small.keras', 'E_UNSAFE_ARCHIVE', 'declared size'],
    ['bad-crc.keras', 'E_CORRUPT', 'CRC'],
    ['truncated.keras', 'E_CORRUPT', 'broken zip'],
    ['not-keras.zip', 'E_NOT_A_MODEL', 'config.json'],
  ])('%s: one line, %s, exit 2', (name, code, words) => {
    const path = fx('zip', name);
    const r = run(['summary', path]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).toContain(words);
    expect(lines[0]).toContain(`[${code}]`);
  });

  test('a real Keras 3 archive: its summary, Keras 3 layout by default', () => {
    const r = run(['summary', fx('keras3', 'sequential_renamed.keras')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Model: "seq_named"');
    expect(r.stdout).toMatch(/hidden \(Dense\)\s+│ \(None, 5\)\s+│\s+35 │/);
    expect(r.stdout).toContain('Total params: 53 (212.00 B)');
  });
});

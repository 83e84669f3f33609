// The built CLI (npm test builds first): exit codes and the worker-thread scan.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['dist/cli/main.js', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('kerascope audit exit status', () => {
  test.each([
    [['audit', 'fixtures/cifar10_cnn.json'], 0],
    [['audit', 'fixtures/audit/lambda_os_system.json'], 1],
    [['audit', 'fixtures/audit/lambda_os_system.json', '--fail-on', 'never'], 0],
    [['audit', 'fixtures/audit/lambda_benign.json'], 0],
    [['audit', 'fixtures/audit/lambda_benign.json', '--fail-on', 'warning'], 1],
    [['audit', 'fixtures/audit/no-such-file.h5'], 2],
    [['audit', 'fixtures/cifar10_cnn.json', '--fail-on', 'sometimes'], 2],
  ])('%j → %i', (args, code) => {
    const r = run(...args);
    expect(r.status, r.stderr).toBe(code);
  });

  test('unreadable input is one line on stderr with its code', () => {
    const r = run('audit', 'fixtures/audit/expected.json');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/\[E_NOT_A_MODEL\]$/m);
  });

  test('--help documents the exit status', () => {
    expect(run('audit', '--help').stdout).toMatch(/Exit status: 0 .*1 .*2 /s);
  });
});

describe('kerascope scan', () => {
  test('worker threads give the same report as one thread; jsonl is one object per file', () => {
    const threaded = run('scan', 'fixtures/audit', '--format', 'json', '--jobs', '3', '--fail-on', 'never');
    const single = run('scan', 'fixtures/audit', '--format', 'json', '--jobs', '1', '--fail-on', 'never');
    expect(threaded.status, threaded.stderr).toBe(0);
    expect(threaded.stdout).toBe(single.stdout);
    const files = JSON.parse(threaded.stdout).files as { file: string }[];
    const lines = run('scan', 'fixtures/audit', '--format', 'jsonl', '--jobs', '3').stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual(files.map((f) => f.file));
  });

  test('shards concatenate to the whole scan', () => {
    const all = run('scan', 'fixtures/audit', '--format', 'jsonl').stdout.trim().split('\n').map((l) => JSON.parse(l).file);
    const parts = ['1/3', '2/3', '3/3'].flatMap((s) => run('scan', 'fixtures/audit', '--format', 'jsonl', '--shard', s).stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).file));
    expect(parts.sort()).toEqual([...all].sort());
  });
});

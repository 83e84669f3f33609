// kerascope convert on the command line (runs the built dist/, which `npm test` builds first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveSinDense } from '../convert/helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'convert', ...args], { encoding: 'utf8', cwd: root });

describe('kerascope convert', () => {
  it('prints a Keras 2 config on stdout without -o', () => {
    const r = cli('fixtures/h5/k1_conv_th.h5', '--to', 'keras2-json');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.class_name).toBe('Sequential');
    expect(json.config.layers[0]).toMatchObject({ class_name: 'Conv2D', config: { filters: 3 } });
  });

  it('writes a tfjs folder, reports it on stderr, and refuses to overwrite without --force (exit 2, one line)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-cli-'));
    try {
      const out = join(dir, 'web');
      const r = cli('fixtures/h5/k1_rnn.h5', '--to', 'tfjs', '-o', out);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('note: layer "lstm_1": the 12 per-gate arrays (gates i, c, f, o) are concatenated');
      expect(r.stderr).toMatch(/wrote .*web \(4 layers, 290 params, 1 shard\(s\) \+ model\.json\)/);
      const again = cli('fixtures/h5/k1_rnn.h5', '--to', 'tfjs', '-o', out);
      expect(again.status).toBe(2);
      expect(again.stderr.trim().split('\n')).toHaveLength(1);
      expect(again.stderr).toMatch(/exists; pass --force to replace it \[E_OUTPUT_EXISTS\]/);
      expect(cli('fixtures/h5/k1_rnn.h5', '--to', 'tfjs', '-o', out, '--force').status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad usage and unconvertible input are one-line errors with exit status 2', () => {
    const q = cli('fixtures/cifar10_cnn.h5', '--to', 'keras', '--quantize', 'uint8');
    expect(q.status).toBe(2);
    expect(q.stderr).toContain('[E_USAGE]');
    const lambda = cli('fixtures/audit/lambda_os_system.json', '--to', 'keras3-json');
    expect(lambda.status).toBe(2);
    expect(lambda.stderr).toMatch(/^kerascope: .*Lambda.* \[E_UNSUPPORTED\]\n$/);
    const noWeights = cli('fixtures/cifar10_cnn.json', '--to', 'tfjs', '-o', join(tmpdir(), 'kerascope-never'));
    expect(noWeights.status).toBe(2);
    expect(noWeights.stderr).toContain('holds no weights');
  });

  // A full disk, simulated with a file size limit: writes past it fail with EFBIG (SIGXFSZ is ignored,
  // and an ignored signal stays ignored in the child), as they fail with ENOSPC on a full disk.
  // a weight of more than one HDF5 chunk is written to .keras by chunks (a Dense(1000) on 1100 features)
  const big = mkdtempSync(join(tmpdir(), 'kerascope-big-'));
  beforeAll(() => saveSinDense(big, 1100, 1000));
  afterAll(() => rmSync(big, { recursive: true, force: true }));
  it.each([
    ['tfjs', 'web', 64, 'fixtures/cifar10_cnn.h5'],
    ['keras', 'm.keras', 64, 'fixtures/cifar10_cnn.h5'],
    ['keras', 'm.keras', 1024, join(big, 'model.json')],
    ['keras2-json', 'm.json', 1, 'fixtures/cifar10_cnn.h5'],
  ])('--to %s on a full disk (%s, %i KiB): one coded line naming the output, exit 2, nothing left behind', (to, name, limitKiB, input) => {
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-full-'));
    try {
      const out = join(dir, name);
      const command = `ulimit -f ${limitKiB}; trap '' XFSZ; exec "$0" "$@"`;
      const r = spawnSync('sh', ['-c', command, process.execPath, join(root, 'dist/cli/main.js'), 'convert', input, '--to', to, '-o', out], { encoding: 'utf8', cwd: root });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^kerascope: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write the output.*File too large.*\\[E_IO\\]\n$`, 'i'));
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help shows the targets and examples', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const s of ['keras2-json', 'keras3-json', 'tfjs', '--quantize', '--force', 'Examples:']) expect(r.stdout).toContain(s);
  });
});

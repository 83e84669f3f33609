// The CLI on HDF5 inputs (runs the built dist/, which `npm test` builds first).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'summary', ...args], { encoding: 'utf8', cwd: root });

describe('kerascope summary on HDF5 files', () => {
  it('prints a full-model .h5 summary with the totals of its config', () => {
    const r = cli('fixtures/cifar10_cnn.h5');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Total params: 1,250,858');
  });

  it('pairs a config with --weights and lists a weights-only file alone', () => {
    const pair = cli('fixtures/h5/k3_functional.json', '--weights', 'fixtures/h5/k3_functional.weights.h5', '--format', 'json');
    expect(pair.status).toBe(0);
    expect(JSON.parse(pair.stdout)).toMatchObject({ total_params: 165, stored_params: 165, optimizer_params: 332 });
    const alone = cli('fixtures/h5/tfk_split_weights.h5');
    expect(alone.status).toBe(0);
    expect(alone.stdout).toContain('Stored params: 26');
  });

  it.each([
    ['fixtures/h5/broken_truncated.h5', 'E_TRUNCATED'],
    ['fixtures/h5/broken_empty.h5', 'E_EMPTY'],
    ['fixtures/h5/broken_lfs_pointer.h5', 'E_NOT_A_MODEL'],
    ['fixtures/h5/hdf5_not_keras.h5', 'E_NOT_A_MODEL'],
    ['fixtures/h5/cycle.h5', 'E_CORRUPT'],
  ])('%s: one line naming the file and %s, exit 2, no library noise', (file, code) => {
    for (const hdf5 of ['auto', 'h5wasm']) {
      const r = cli(file, '--hdf5', hdf5);
      expect(r.status).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^kerascope: ${file}: .*\\[(${code}|E_LIMIT)\\]$`));
      expect(r.stdout).toBe('');
    }
  });
});

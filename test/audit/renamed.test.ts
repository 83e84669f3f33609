// Files named for another container than their bytes (scripts/fixtures/renamed.mjs): Keras would
// pick the loader by the name, so the audit says so, at info; a file named for its content is quiet.
import { describe, expect, test } from 'vitest';
import { auditFile } from '../../src/index.js';

const at = (p: string) => new URL(`../../fixtures/${p}`, import.meta.url).pathname;

describe('extension-mismatch', () => {
  test.each([
    ['renamed/zip-archive-named.h5', { extension: '.h5', named: 'hdf5', container: 'zip' }],
    ['renamed/hdf5-model-named.keras', { extension: '.keras', named: 'zip', container: 'hdf5' }],
    ['renamed/hdf5-model-named.json', { extension: '.json', named: 'json', container: 'hdf5' }],
  ])('%s', async (file, want) => {
    const { result } = await auditFile(at(file));
    expect(result.findings.filter((f) => f.code === 'extension-mismatch')).toEqual([{ code: 'extension-mismatch', ...want }]);
  });

  test.each(['keras3/sequential_renamed.keras', 'h5/k1_dense.h5', 'audit/lambda_benign.json', 'h5/k3_functional.weights.h5'])('%s is named for its content', async (file) => {
    const { result } = await auditFile(at(file));
    expect(result.findings.map((f) => f.code)).not.toContain('extension-mismatch');
  });
});

// Files two readers can claim (scripts/fixtures/polyglots.py): Keras picks its loader by the file
// name, so the archive is read whenever the bytes are a Keras zip, and every other reading's config
// is audited too. The bypass this guards against: a .keras whose stored weights member starts at a
// superblock offset was taken for a bare weights file and its config never read.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { auditFile, openModelFile, type Finding } from '../../src/index.js';
import { worstSeverity } from '../../src/audit/policy.js';

const fx = (...p: string[]) => join(__dirname, '../../fixtures', ...p);
const codes = (fs: readonly Finding[]) => fs.map((f) => f.code).sort();
const find = <C extends Finding['code']>(fs: readonly Finding[], code: C) => fs.find((f): f is Extract<Finding, { code: C }> => f.code === code);

describe('a .keras archive whose weights member starts where h5py looks for a superblock', () => {
  test.each([512, 1024, 2048, 4096])('member at byte %i: read as the archive, its os.system config found', async (at) => {
    const file = fx('zip', `member-at-${at}-os-system.keras`);
    expect(readFileSync(file).subarray(at, at + 4).toString('latin1')).toBe('\x89HDF');
    const audited = await auditFile(file);
    expect(audited.format).toBe('keras-v3');
    expect(codes(audited.result.findings)).toEqual(['ambiguous-container', 'unsafe-module']);
    expect(find(audited.result.findings, 'ambiguous-container')).toMatchObject({ container: 'zip', other: 'hdf5', offset: at, otherFormat: 'keras-v3-weights-h5' });
    expect(find(audited.result.findings, 'unsafe-module')).toMatchObject({ module: 'os', name: 'system', layer: 'hidden', path: 'config.config.layers[1].config.activation' });
    expect(worstSeverity(audited.result)).toBe('error');
  });

  test('one byte further (no superblock offset): the same error, no second reading', async () => {
    const audited = await auditFile(fx('zip', 'member-at-2049-os-system.keras'));
    expect(codes(audited.result.findings)).toEqual(['unsafe-module']);
  });

  test('a benign archive laid out that way by chance stays at info, with its summary intact', async () => {
    const audited = await auditFile(fx('zip', 'member-at-2048-benign.keras'));
    expect(codes(audited.result.findings)).toEqual(['ambiguous-container']);
    expect(worstSeverity(audited.result)).toBe('info');
    expect(audited.summary?.total_params).toBe(53); // Dense 6→5 (35) + Dense 5→3 (18)
  });
});

describe('polyglots: both readings carry a config, both are audited', () => {
  test('a benign archive whose member is a full-model HDF5 with os.system: the HDF5 config is audited', async () => {
    const audited = await auditFile(fx('zip', 'polyglot-h5-config.keras'));
    expect(audited.format).toBe('keras-v3');
    expect(find(audited.result.findings, 'polyglot-container')).toMatchObject({ container: 'zip', other: 'hdf5', offset: 2048, otherFormat: 'keras-h5' });
    expect(find(audited.result.findings, 'unsafe-module')).toMatchObject({ module: 'os', path: 'hdf5@2048:config.config.layers[1].config.activation' });
  });

  test('an HDF5 model with a hostile archive appended: the archive (what Keras opens as .keras) is read', async () => {
    const raw = await openModelFile(fx('zip', 'h5-then-keras.h5'));
    await raw.weights?.close();
    expect(raw.format).toBe('keras-v3');
    expect(raw.otherReadings).toEqual([expect.objectContaining({ container: 'hdf5', offset: 0, format: 'keras-h5' })]);
    const audited = await auditFile(fx('zip', 'h5-then-keras.h5'));
    // named .h5 but read as the archive: the name would make Keras take the HDF5 reading
    expect(codes(audited.result.findings)).toEqual(['extension-mismatch', 'polyglot-container', 'unsafe-module']);
    expect(find(audited.result.findings, 'unsafe-module')?.path).toBe('config.config.layers[1].config.activation');
  });

  test('a tfjs model.json that is also a Keras to_json config: the Keras config is audited too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-claims-'));
    const tfjs = JSON.parse(readFileSync(fx('tfjs', 'tiny_cnn', 'model.json'), 'utf8'));
    const hostile = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 1, activation: { module: 'os', class_name: 'function', config: 'system' } } }] } };
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...tfjs, ...hostile }));
    for (const f of tfjs.weightsManifest.flatMap((g: { paths: string[] }) => g.paths)) copyFileSync(fx('tfjs', 'tiny_cnn', f), join(dir, f));
    const audited = await auditFile(join(dir, 'model.json'));
    expect(audited.format).toBe('tfjs-layers');
    expect(find(audited.result.findings, 'polyglot-container')).toMatchObject({ container: 'json', other: 'json', otherFormat: 'keras-json' });
    expect(find(audited.result.findings, 'unsafe-module')?.path).toBe('json@0:config.config.layers[0].config.activation');
  });
});

describe('no second reading where there is none', () => {
  test('an HDF5 model whose last bytes happen to hold a zip end-record signature is still the HDF5 model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-claims-'));
    const file = join(dir, 'model.h5');
    const tail = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, 1, 0, 2, 0, 9, 9, 0, 0, 255, 255, 255, 0x7f, 7, 7, 7, 7, 0, 0]);
    writeFileSync(file, Buffer.concat([readFileSync(fx('cifar10_cnn.h5')), tail]));
    const audited = await auditFile(file);
    expect(audited.format).toBe('keras-h5');
    expect(audited.result.findings).toEqual([]);
  });

  test('plain files of each kind have no other reading', async () => {
    for (const f of [fx('cifar10_cnn.h5'), fx('zip', 'stored.keras'), fx('tfjs', 'tiny_cnn', 'model.json'), fx('cifar10_cnn.json')]) {
      const raw = await openModelFile(f);
      await raw.weights?.close();
      expect(raw.otherReadings, f).toBeUndefined();
    }
  });
});

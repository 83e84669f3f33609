// .keras archives: real Keras 3 fixtures open and match what Keras said; hostile archives are
// refused with a coded one-line error, or reported when the caller asks (the audit).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openModelFile } from '../../src/readers/index.js';
import { bufferSource, fileSource } from '../../src/readers/source.js';
import { crc32, openZip, unsafeEntryName } from '../../src/readers/zip.js';
import { DEFAULT_LIMITS } from '../../src/readers/limits.js';
import { readModel, summarize } from '../../src/index.js';
import type { KerascopeError } from '../../src/errors.js';

const fx = (...p: string[]) => join(__dirname, '../../fixtures', ...p);
const expected = (name: string) => JSON.parse(readFileSync(fx('keras3', `${name}.expected.json`), 'utf8'));
const codeOf = async (p: Promise<unknown>) => p.then(() => 'no error', (e: KerascopeError) => e.code);

describe('zip primitives', () => {
  test('CRC-32 check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  test.each([
    ['config.json', null],
    ['assets/vocab/words.txt', null],
    ['../evil', 'path traversal'],
    ['assets/../../evil', 'path traversal'],
    ['assets\\..\\evil', 'path traversal'],
    ['/etc/passwd', 'absolute path'],
    ['\\\\server\\share', 'absolute path'],
    ['C:evil', 'drive-letter path'],
    ['a\0b', 'NUL in name'],
  ])('entry name %j', (name, verdict) => {
    expect(unsafeEntryName(name)).toBe(verdict);
  });
  test('an entry is capped by the caller limit while it inflates', async () => {
    const bytes = new Uint8Array(readFileSync(fx('zip', 'deflated.keras')));
    const zip = await openZip(bufferSource('x.keras', bytes), DEFAULT_LIMITS);
    const config = zip.find('config.json')!;
    expect(config.method).toBe(8);
    await expect(zip.read(config, 100)).rejects.toMatchObject({ code: 'E_LIMIT' });
    expect((await zip.read(config, 1 << 20)).length).toBe(config.size);
  });
});

describe('stored members are read in place', () => {
  test('a stored member of an archive on disk is a region of that file; a deflated one has none', async () => {
    const path = fx('zip', 'stored.keras');
    const source = await fileSource(path);
    try {
      const zip = await openZip(source, DEFAULT_LIMITS);
      const member = (await zip.rangeSource(zip.find('model.weights.h5')!))!;
      expect(member.region?.path).toBe(path);
      const file = readFileSync(path);
      const region = file.subarray(member.region!.offset, member.region!.offset + member.size);
      // the region is the member's bytes: an HDF5 file, signature first, the same bytes the source reads
      expect([...region.subarray(0, 8)]).toEqual([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(Buffer.from(await member.read(0, member.size)).equals(region)).toBe(true);
      const inMemory = await openZip(bufferSource('x.keras', new Uint8Array(file)), DEFAULT_LIMITS);
      expect((await inMemory.rangeSource(inMemory.find('model.weights.h5')!))!.region).toBeUndefined();
      const deflatedSource = await fileSource(fx('zip', 'deflated.keras'));
      const deflated = await openZip(deflatedSource, DEFAULT_LIMITS);
      expect(await deflated.rangeSource(deflated.find('config.json')!)).toBeNull();
      await deflatedSource.close();
    } finally {
      await source.close();
    }
  });
});

describe('.keras archives written by Keras 3', () => {
  test.each(['stored.keras', 'deflated.keras'])('%s opens', async (name) => {
    const raw = await openModelFile(fx('zip', name));
    expect(raw.format).toBe('keras-v3');
    expect(raw.kerasVersion).toMatch(/^3\./);
    expect((raw.config as { class_name: string }).class_name).toBe('Sequential');
    expect(raw.meta.weightsMember).toMatchObject({ name: 'model.weights.h5', stored: name === 'stored.keras' });
    expect(raw.meta.archiveProblems).toEqual([]);
  });

  test('Sequential with renamed layers: Keras\' own shapes and params', async () => {
    const e = expected('sequential_renamed');
    const s = summarize(await readModel(fx('keras3', 'sequential_renamed.keras')));
    expect(s.layers.map((l) => [l.name, l.class_name, l.output_shape, l.params])).toEqual(e.layers.map((l: Record<string, unknown>) => [l.name, l.class_name, l.output_shape, l.params]));
    expect([s.total_params, s.trainable_params, s.non_trainable_params]).toEqual([e.total_params, e.trainable_params, e.non_trainable_params]);
  });

  test('an output that is a nested Functional\'s output (output_layers node 1 = its first call)', async () => {
    const e = expected('functional_nested_output');
    const model = await readModel(fx('keras3', 'functional_nested_output.keras'));
    expect(model.graph.outputs).toEqual([{ layer: 'inner2', node: 0, tensor: 0 }]);
    const s = summarize(model);
    expect(s.layers.map((l) => [l.name, l.output_shape, l.params])).toEqual(e.layers.map((l: Record<string, unknown>) => [l.name, l.output_shape, l.params]));
    expect(s.total_params).toBe(e.total_params);
  });
});

describe('hostile archives', () => {
  test.each([
    ['traversal.keras', 'E_UNSAFE_ARCHIVE'],
    ['bomb-ratio.keras', 'E_LIMIT'],
    ['bomb-declared-size.keras', 'E_LIMIT'],
    ['size-too-small.keras', 'E_UNSAFE_ARCHIVE'],
    ['bad-crc.keras', 'E_CORRUPT'],
    ['truncated.keras', 'E_CORRUPT'],
    ['not-keras.zip', 'E_NOT_A_MODEL'],
  ])('%s is refused: %s', async (name, code) => {
    expect(await codeOf(openModelFile(fx('zip', name)))).toBe(code);
  });

  test.each([
    ['traversal.keras', ['unsafe-name', 'unsafe-name', 'unsafe-name']],
    ['bomb-ratio.keras', ['compression-ratio']],
    ['bomb-declared-size.keras', ['compression-ratio', 'size-mismatch']],
  ])('%s in report mode: the model opens and the problems are listed', async (name, codes) => {
    const raw = await openModelFile(fx('zip', name), { archiveProblems: 'report' });
    expect((raw.config as { class_name: string }).class_name).toBe('Sequential');
    expect((raw.meta.archiveProblems as { code: string }[]).map((p) => p.code)).toEqual(codes);
  });
});

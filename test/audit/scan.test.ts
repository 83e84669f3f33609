import { mkdtempSync, writeFileSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { sniffFile } from '../../src/scan/discover.js';
import { inShard, parseShard } from '../../src/scan/shard.js';
import { scanFolder } from '../../src/scan/index.js';

const enc = (s: string) => new TextEncoder().encode(s);
/** One scratch folder for the whole file, removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'kerascope-scan-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let made = 0;
const freshDir = () => {
  const dir = join(scratch, String(made++));
  mkdirSync(dir);
  return dir;
};

describe('discovery by content', () => {
  test.each([
    ['HDF5 at 0', Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0]), true],
    ['HDF5 after a 512-byte user block', Uint8Array.from([...new Array(512).fill(0), 0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), true],
    ['HDF5 after an 8192-byte user block (past the sniffed prefix)', Uint8Array.from([...new Array(8192).fill(0), 0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), true],
    ['zip', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0]), true],
    ['a zip after other bytes (its end record last, as zipfile finds it)', Uint8Array.from([...enc('#!/bin/sh\n'), ...new Array(20).fill(0), 0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]), true],
    ['Keras config JSON', enc('{"class_name": "Sequential", "config": {}}'), true],
    ['tfjs model.json', enc(' {"format": "layers-model", "modelTopology": {}}'), true],
    ['other JSON', enc('{"name": "package"}'), false],
    ['HTML', enc('<html>'), false],
    ['empty', new Uint8Array(0), false],
  ])('%s', async (_, head, want) => {
    const file = join(freshDir(), 'f');
    writeFileSync(file, head);
    expect(await sniffFile(file)).toBe(want);
  });
});

describe('--shard', () => {
  test('K/N is validated', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });

  test('shards partition the files: each file in exactly one shard, stable per path', () => {
    const files = Array.from({ length: 200 }, (_, i) => `models/m${i}/model.h5`);
    const n = 7;
    const counts = files.map((f) => Array.from({ length: n }, (_, k) => inShard(f, { index: k + 1, count: n })).filter(Boolean).length);
    expect(counts.every((c) => c === 1)).toBe(true);
    const sizes = Array.from({ length: n }, (_, k) => files.filter((f) => inShard(f, { index: k + 1, count: n })).length);
    expect(Math.min(...sizes)).toBeGreaterThan(10); // roughly even for 200 files
    expect(inShard('a\\b.h5', { index: 1, count: 3 })).toBe(inShard('a/b.h5', { index: 1, count: 3 }));
  });
});

describe('scanFolder (in-process)', () => {
  test('finds models by content, reports unreadable ones, keeps file order', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'sub'));
    copyFileSync(new URL('../../fixtures/audit/lambda_os_system.json', import.meta.url), join(dir, 'sub', 'evil.model'));
    copyFileSync(new URL('../../fixtures/cifar10_cnn.json', import.meta.url), join(dir, 'a.json'));
    writeFileSync(join(dir, 'readme.txt'), 'not a model');
    writeFileSync(join(dir, 'broken.json'), '{"class_name": "Sequential", "config": ');
    // names model keys but is no model (an oracle's expected.json): not audited, not "unreadable"
    writeFileSync(join(dir, 'expected.json'), '{"class_name": "Sequential", "total_params": 10, "layers": []}');
    const seen: string[] = [];
    const out = await scanFolder(dir, { values: false, jobs: 1, onResult: (o) => seen.push(o.file) });
    expect(out.map((o) => o.file)).toEqual(['a.json', 'broken.json', join('sub', 'evil.model')]);
    expect(seen).toEqual(out.map((o) => o.file));
    expect('error' in out[1] && out[1].error.code).toBe('E_BAD_JSON');
    expect('result' in out[2] && out[2].result.findings.map((f) => f.code)).toEqual(['lambda-code-dangerous']);
  });
});

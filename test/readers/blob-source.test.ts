// Blob sources (the web app's dropped files): models open from in-memory file objects, HDF5 paged
// through the synchronous reader as FileReaderSync pages it in a worker, siblings found by relative
// path, KerasHub preset folders among dropped files. Expectations come from Keras (the CIFAR-10
// example's 1,250,858 parameters, the preset's count_params()) and tfjs-layers
// (fixtures/tfjs/*/expected.json).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { blobContext, blobSource, openModelBlob, openPresetBlob, presetFolders, type BlobLike, type SyncBlobReader } from '../../src/readers/blob-source.js';
import { loadModel, withWeightsOf } from '../../src/graph/load.js';
import { summarize } from '../../src/index.js';
import { openModelFile } from '../../src/readers/index.js';
import { fileDigest } from '../../src/readers/digest.js';
import { blobDigest } from '../../src/readers/sha256.js';

const FIX = join(__dirname, '../../fixtures');

/** A Blob over bytes that counts what is read, and a FileReaderSync stand-in for it. */
class FakeBlob implements BlobLike {
  constructor(
    readonly bytes: Uint8Array,
    readonly log: { async: number; sync: number },
  ) {}
  get size() {
    return this.bytes.length;
  }
  slice(start = 0, end = this.bytes.length): FakeBlob {
    return new FakeBlob(this.bytes.subarray(start, end), this.log);
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    this.log.async += this.bytes.length;
    return this.bytes.slice().buffer;
  }
  /** The bytes in 1 MiB chunks, as a ReadableStream's reader gives them. */
  stream() {
    let at = 0;
    return {
      getReader: () => ({
        read: async () => {
          if (at >= this.bytes.length) return { done: true as const };
          const value = this.bytes.slice(at, (at += 1 << 20));
          this.log.async += value.length;
          return { done: false as const, value };
        },
      }),
    };
  }
}
const readSync: SyncBlobReader = (b) => {
  const blob = b as FakeBlob;
  blob.log.sync += blob.bytes.length;
  return blob.bytes.slice().buffer;
};

function files(dir: string, names: string[]) {
  const log = { async: 0, sync: 0 };
  return { log, map: new Map(names.map((n) => [n, new FakeBlob(new Uint8Array(readFileSync(join(dir, n))), log)] as const)) };
}

describe('blobSource', () => {
  test('reads clamped slices, asynchronously and (with a reader) synchronously', async () => {
    const log = { async: 0, sync: 0 };
    const blob = new FakeBlob(Uint8Array.from([1, 2, 3, 4, 5]), log);
    const src = blobSource('x', blob, readSync);
    expect([...(await src.read(3, 10))]).toEqual([4, 5]);
    const into = new Uint8Array(4);
    expect(src.readSync!(2, into)).toBe(3);
    expect([...into]).toEqual([3, 4, 5, 0]);
    expect(blobSource('x', blob, undefined).readSync).toBeUndefined();
  });

  test('blobDigest is the size and SHA-256 the CLI reports for the file on disk, streamed', async () => {
    const { map, log } = files(FIX, ['cifar10_cnn.h5']);
    const size = map.get('cifar10_cnn.h5')!.size;
    const seen: number[] = [];
    expect(await blobDigest(map.get('cifar10_cnn.h5')!, (done) => seen.push(done))).toEqual(await fileDigest(join(FIX, 'cifar10_cnn.h5')));
    expect(seen).toEqual([1, 2, 3, 4, 5].map((mib) => Math.min(size, mib << 20)));
    expect(log.async).toBe(size);
  });

  test('siblings resolve against the file\'s folder and never leave the set', async () => {
    const { map } = files(join(FIX, 'tfjs/tiny_cnn'), ['model.json', 'group1-shard1of3.bin']);
    const nested = new Map([...map].map(([k, v]) => [`tiny/${k}`, v]));
    const ctx = blobContext(nested, 'tiny/model.json', readSync);
    expect(ctx.siblingPath('./group1-shard1of3.bin')).toBe('tiny/group1-shard1of3.bin');
    expect((await ctx.readSibling('group1-shard1of3.bin'))?.length).toBe(map.get('group1-shard1of3.bin')!.size);
    expect(await ctx.readSibling('../../tiny/model.json')).toBeNull();
    expect(await ctx.readSibling('model.json')).toBeNull();
    expect(await ctx.readSibling('missing.bin')).toBeNull();
  });
});

describe('openModelBlob', () => {
  // A dedicated worker's FileReaderSync, which blob sources pick up by themselves.
  beforeAll(() => vi.stubGlobal('FileReaderSync', class { readAsArrayBuffer = readSync; }));
  afterAll(() => vi.unstubAllGlobals());

  test('a Keras 2 .h5 is paged through the synchronous reader, not read whole', async () => {
    const { map, log } = files(FIX, ['cifar10_cnn.h5']);
    const size = map.get('cifar10_cnn.h5')!.size;
    const raw = await openModelBlob(map, 'cifar10_cnn.h5');
    const json = summarize(loadModel(raw));
    await raw.weights?.close();
    expect(json.total_params).toBe(1250858);
    expect(log.sync).toBeGreaterThan(0);
    expect(log.sync + log.async).toBeLessThan(size / 2);
  });

  test('a tfjs model.json finds its shards among the other files', async () => {
    const dir = join(FIX, 'tfjs/tiny_cnn');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { total_params: number; layers: { name: string; params: number }[] };
    const { map } = files(dir, ['model.json', 'group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']);
    const json = summarize(loadModel(await openModelBlob(map, 'model.json')));
    expect(json.total_params).toBe(expected.total_params);
    expect(json.layers.map((l) => [l.name, l.params])).toEqual(expected.layers.map((l) => [l.name, l.params]));
  });

  test('a tfjs model.json without its shards is the CLI\'s missing-shard error once a tensor is read', async () => {
    const { map } = files(join(FIX, 'tfjs/tiny_cnn'), ['model.json']);
    const raw = await openModelBlob(map, 'model.json');
    await expect(raw.weights!.read(raw.weights!.layers[0].tensors[0].path)).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND', file: 'group1-shard1of3.bin' });
  });

  test('a Keras 3 sharded weights index opens its shards among the other files, as from disk', async () => {
    const dir = join(FIX, 'keras3-modern');
    const { map } = files(dir, ['sharded.weights.json', 'sharded_00000.weights.h5', 'sharded_00001.weights.h5']);
    const raw = await openModelBlob(map, 'sharded.weights.json');
    const disk = await openModelFile(join(dir, 'sharded.weights.json'));
    try {
      expect(raw.meta.shardProblems).toBeUndefined();
      expect(raw.weights!.layers.map((l) => [l.path, l.tensors.length])).toEqual(disk.weights!.layers.map((l) => [l.path, l.tensors.length]));
      const t = raw.weights!.layers[0].tensors[0];
      expect(Array.from((await raw.weights!.read(t.path)) as ArrayLike<number>)).toEqual(Array.from((await disk.weights!.read(t.path)) as ArrayLike<number>));
    } finally {
      await raw.weights?.close();
      await disk.weights?.close();
    }
  });

  test('a config with its weights file pairs as --weights does', async () => {
    const { map } = files(join(FIX, 'h5'), ['k3_functional.json', 'k3_functional.weights.h5']);
    const raw = await withWeightsOf(await openModelBlob(map, 'k3_functional.json'), await openModelBlob(map, 'k3_functional.weights.h5'));
    const model = loadModel(raw);
    expect(model.weightMatch).toBeDefined();
    expect(summarize(model).layers.filter((l) => l.params).every((l) => l.stored?.length)).toBe(true);
    await raw.weights?.close();
  });
});

describe('KerasHub presets among dropped files', () => {
  beforeAll(() => vi.stubGlobal('FileReaderSync', class { readAsArrayBuffer = readSync; }));
  afterAll(() => vi.unstubAllGlobals());
  const PRESETS = join(FIX, 'preset');
  /** Every file of the given folders of fixtures/preset, by paths relative to it (as a folder drop gives them). */
  const dropped = (...folders: string[]) => {
    const names = folders.flatMap((f) => readdirSync(join(PRESETS, f), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(PRESETS.length + 1)));
    return files(PRESETS, names).map;
  };

  test('presetFolders finds the folders holding config.json beside metadata.json or the weights, outermost only', () => {
    expect(presetFolders(['tiny/model.json', 'tiny/expected.json', 'a/config.json', 'b/config.json', 'b/metadata.json', 'c/config.json', 'c/model.weights.json', 'c/assets/x/config.json', 'c/assets/x/metadata.json', 'config.json', 'metadata.json'])).toEqual(['b', 'c']);
  });

  test.each(['bert-tiny', 'bert-tiny-sharded'])('%s opens as one model, as the folder does from disk', async (folder) => {
    const expected = JSON.parse(readFileSync(join(PRESETS, 'bert-tiny.expected.json'), 'utf8')) as { total_params: number };
    const map = dropped(folder, 'bert-tiny-os-system');
    expect(presetFolders(map.keys())).toEqual(['bert-tiny-os-system', folder].sort());
    const raw = await openPresetBlob(map, folder);
    const disk = await openModelFile(join(PRESETS, folder));
    try {
      expect(raw.format).toBe('keras-hub-preset');
      expect(raw.meta.files).toEqual(disk.meta.files);
      expect(raw.companions).toEqual(disk.companions);
      const json = summarize(loadModel(raw));
      expect(json.total_params).toBe(expected.total_params);
      expect(json.stored_params).toBe(expected.total_params);
    } finally {
      await raw.weights?.close();
      await disk.weights?.close();
    }
  });
});

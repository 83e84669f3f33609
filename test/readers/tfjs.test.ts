// TensorFlow.js weights: descriptors from the manifest alone, shards read only on demand and
// concatenated in order, values decoded exactly as tfjs-core's own decodeWeights does.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { openFromContext } from '../../src/readers/index.js';
import { bufferSource, fileContext, type SourceContext } from '../../src/readers/source.js';
import { DEFAULT_LIMITS } from '../../src/readers/limits.js';
import { MAX_MESSAGE_CHARS } from '../../src/errors.js';
import { halfToFloat } from '../../src/readers/tensor-data.js';
import { normalize, ownerOfWeightName } from '../../src/normalize/index.js';
import { readModel, summarize } from '../../src/index.js';

const dir = (name: string) => join(__dirname, '../../fixtures/tfjs', name);
const json = (name: string) => JSON.parse(readFileSync(join(dir(name), 'model.json'), 'utf8'));

/** The fixture's context, counting shard reads. */
function countingContext(name: string, manifest?: unknown) {
  const obj = json(name);
  if (manifest !== undefined) obj.weightsManifest = manifest;
  const path = join(dir(name), 'model.json');
  const real = fileContext(bufferSource(path, new TextEncoder().encode(JSON.stringify(obj))), path);
  const reads: string[] = [];
  const ctx: SourceContext = { ...real, readSibling: (p, max) => (reads.push(p), real.readSibling(p, max)) };
  return { ctx, reads, obj };
}

/** tfjs-core's decoding of the same manifest and concatenated shards: the oracle. */
async function oracle(name: string): Promise<Record<string, Float32Array | Int32Array>> {
  const obj = json(name);
  const group = obj.weightsManifest[0];
  const buffers = group.paths.map((p: string) => readFileSync(join(dir(name), p)));
  const all = Buffer.concat(buffers);
  const tensors = tf.io.decodeWeights(all.buffer.slice(all.byteOffset, all.byteOffset + all.length), group.weights);
  const out: Record<string, Float32Array | Int32Array> = {};
  for (const [k, t] of Object.entries(tensors)) out[k] = (await t.data()) as Float32Array;
  return out;
}

describe('TensorFlow.js weights', () => {
  test.each(['tiny_cnn', 'tiny_cnn_uint8', 'tiny_cnn_uint16', 'tiny_cnn_float16'])('%s: descriptors, lazy shards, values as tfjs decodes them', async (name) => {
    const { ctx, reads } = countingContext(name);
    const raw = await openFromContext(ctx, { limits: DEFAULT_LIMITS });
    const store = raw.weights!;
    expect(store.layers.map((l) => [l.name, l.tensors.map((t) => [t.name, t.shape])])).toEqual([
      ['conv', [['conv/kernel', [3, 3, 1, 4]], ['conv/bias', [4]]]],
      ['out', [['out/kernel', [36, 3]], ['out/bias', [3]]]],
    ]);
    expect(reads).toEqual([]); // nothing read before a value is asked for
    const want = await oracle(name);
    for (const t of store.layers.flatMap((l) => l.tensors)) {
      const got = await store.read(t.path);
      expect(Array.from(got as Float32Array)).toEqual(Array.from(want[t.name]));
    }
    // The group's shards were read once, in manifest order.
    expect(reads).toEqual(json(name).weightsManifest[0].paths);
  });

  test('quantized descriptors keep the stored dtype and size', async () => {
    const raw = await openFromContext(countingContext('tiny_cnn_uint8').ctx, { limits: DEFAULT_LIMITS });
    const kernel = raw.weights!.layers[0].tensors[0];
    expect(kernel).toMatchObject({ dtype: 'float32', byteLength: 36, quantization: { dtype: 'uint8' } });
  });

  test('half floats', () => {
    expect([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x0000].map(halfToFloat)).toEqual([1, -2, 65504, 2 ** -24, Infinity, 0]);
  });

  test('a missing shard fails the read with a coded error, not the open', async () => {
    const m = json('tiny_cnn').weightsManifest;
    m[0].paths = [...m[0].paths, 'group1-shard9of9.bin'];
    const raw = await openFromContext(countingContext('tiny_cnn', m).ctx, { limits: DEFAULT_LIMITS });
    await expect(raw.weights!.read('conv/kernel')).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND' });
  });

  test('shards shorter than the manifest says are reported as truncated', async () => {
    const m = json('tiny_cnn').weightsManifest;
    m[0].paths = m[0].paths.slice(0, 1);
    const raw = await openFromContext(countingContext('tiny_cnn', m).ctx, { limits: DEFAULT_LIMITS });
    await expect(raw.weights!.read('out/bias')).rejects.toMatchObject({ code: 'E_TRUNCATED' });
  });

  test.each([
    ['../outside.bin', 'E_UNSAFE_ARCHIVE'],
    ['/etc/passwd', 'E_UNSAFE_ARCHIVE'],
  ])('shard path %s is refused at open', async (p, code) => {
    const m = json('tiny_cnn').weightsManifest;
    m[0].paths = [p];
    await expect(openFromContext(countingContext('tiny_cnn', m).ctx, { limits: DEFAULT_LIMITS })).rejects.toMatchObject({ code });
  });

  test('a shard listed twice (in one group or across groups, spelled alike or not) is refused at open, before any read', async () => {
    for (const second of [['a.bin', 'a.bin'], ['a.bin', './a.bin']]) {
      const m = [{ paths: [second[0]], weights: [] }, { paths: [second[1]], weights: [] }];
      const { ctx, reads } = countingContext('tiny_cnn', m);
      await expect(openFromContext(ctx, { limits: DEFAULT_LIMITS })).rejects.toMatchObject({ code: 'E_BAD_CONFIG', message: expect.stringMatching(/more than once/) });
      expect(reads).toEqual([]);
    }
    const m = json('tiny_cnn').weightsManifest;
    m[0].paths = new Array(100_000).fill(m[0].paths[0]);
    await expect(openFromContext(countingContext('tiny_cnn', m).ctx, { limits: DEFAULT_LIMITS })).rejects.toMatchObject({ code: 'E_BAD_CONFIG' });
  });

  test('a megabyte dtype is quoted in a message of at most MAX_MESSAGE_CHARS, on one line', async () => {
    const m = [{ paths: [], weights: [{ name: 'w', shape: [1], dtype: 'A'.repeat(1 << 20) }] }];
    const e = await openFromContext(countingContext('tiny_cnn', m).ctx, { limits: DEFAULT_LIMITS }).catch((x) => x);
    expect(e).toMatchObject({ code: 'E_BAD_CONFIG', message: expect.stringMatching(/^weightsManifest group 0 weight 0 \("w"\) has unknown dtype "AAA.* characters cut\] … A+"$/) });
    expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(e.oneLine()).not.toContain('\n');
  });

  test.each([
    ['not a list', { paths: [] }],
    ['unknown dtype', [{ paths: [], weights: [{ name: 'w', shape: [1], dtype: 'float64' }] }]],
    ['bad shape', [{ paths: [], weights: [{ name: 'w', shape: [-1], dtype: 'float32' }] }]],
    ['quantized without scale', [{ paths: [], weights: [{ name: 'w', shape: [1], dtype: 'float32', quantization: { dtype: 'uint8' } }] }]],
  ])('a malformed manifest (%s) is a config error', async (_what, m) => {
    await expect(openFromContext(countingContext('tiny_cnn', m).ctx, { limits: DEFAULT_LIMITS })).rejects.toMatchObject({ code: 'E_BAD_CONFIG' });
  });
});

describe('TensorFlow.js models', () => {
  test('tiny_cnn: tfjs-layers\' own shapes and params', async () => {
    const e = JSON.parse(readFileSync(join(dir('tiny_cnn'), 'expected.json'), 'utf8'));
    const s = summarize(await readModel(join(dir('tiny_cnn'), 'model.json')));
    expect(s.layers.map((l) => [l.name, l.output_shape, l.params])).toEqual(e.layers.map((l: Record<string, unknown>) => [l.name, l.output_shape, l.params]));
    expect(s.total_params).toBe(e.total_params);
  });

  test('weight names map to layers, a nested model\'s through the model', async () => {
    const raw = await openFromContext(countingContext('functional_shared_nested').ctx, { limits: DEFAULT_LIMITS });
    const graph = normalize(raw).graph;
    const owners = raw.weights!.layers.flatMap((l) => l.tensors).map((t) => [t.name, ownerOfWeightName(graph, t.name)!.map((n) => n.name).join('/')]);
    expect(owners).toEqual([
      ['shared/kernel', 'shared'], ['shared/bias', 'shared'],
      ['inner_dense/kernel', 'inner/inner_dense'], ['inner_dense/bias', 'inner/inner_dense'],
      ['y/kernel', 'y'], ['y/bias', 'y'],
    ]);
  });
});

describe('fileContext siblings', () => {
  test.each(['model.json', './model.json', '../tiny_cnn/model.json'])('the file itself is no sibling, however its path is spelled (%s)', async (rel) => {
    // a path as a shell completes it (./ in front, a doubled slash): not normalized
    const path = `./${join('fixtures/tfjs', 'tiny_cnn').replace('/tfjs/', '/tfjs//')}/model.json`;
    const ctx = fileContext(bufferSource(path, new Uint8Array(1)), path);
    expect(await ctx.readSibling(rel)).toBeNull();
    expect((await ctx.readSibling('group1-shard1of3.bin'))?.length).toBe(readFileSync(join(dir('tiny_cnn'), 'group1-shard1of3.bin')).length);
  });
  test('a sibling over the byte budget is refused by its size, before it is read; a folder is no missing file', async () => {
    const path = join(dir('tiny_cnn'), 'model.json');
    const size = readFileSync(join(dir('tiny_cnn'), 'group1-shard1of3.bin')).length;
    const ctx = fileContext(bufferSource(path, new Uint8Array(1)), path);
    expect((await ctx.readSibling('group1-shard1of3.bin', size))?.length).toBe(size);
    await expect(ctx.readSibling('group1-shard1of3.bin', size - 1)).rejects.toMatchObject({ code: 'E_LIMIT' });
    await expect(ctx.readSibling('../tiny_cnn')).rejects.toMatchObject({ code: 'E_NOT_A_FILE' });
    expect(await ctx.readSibling('no-such.bin')).toBeNull();
  });

  test('a shard file far larger than its manifest declares: E_LIMIT naming the group (refused by its size: see the readSibling test)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kerascope-tfjs-'));
    for (const f of readdirSync(dir('tiny_cnn'))) copyFileSync(join(dir('tiny_cnn'), f), join(tmp, f));
    writeFileSync(join(tmp, 'group1-shard1of3.bin'), new Uint8Array(1 << 20)); // declared: 256 bytes of it
    const path = join(tmp, 'model.json');
    const raw = await openFromContext(fileContext(bufferSource(path, readFileSync(path)), path), { limits: { ...DEFAULT_LIMITS, maxWeightsBytes: 64 * 1024 } });
    const first = raw.weights!.layers[0].tensors[0];
    await expect(raw.weights!.read(first.path)).rejects.toMatchObject({ code: 'E_LIMIT', message: expect.stringContaining('group 0') });
  });
});

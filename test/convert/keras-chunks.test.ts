// A weight larger than one HDF5 chunk (H5_WRITE_CHUNK_ELEMENTS) is written to .keras by chunks,
// streamed from the store, never held whole: its values, worked out from the formula the source
// was made with (helpers.ts saveSinDense, by tfjs-layers), come back from the output exactly, the
// last chunk short of a whole one and the source's shards cut across chunks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { convertModel, readRaw } from '../../src/index.js';
import { H5_WRITE_CHUNK_ELEMENTS } from '../../src/convert/keras-archive.js';
import { saveSinDense } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kerascope-chunks-'));
const [inputs, units] = [1100, 1000];
beforeAll(() => saveSinDense(join(dir, 'src'), inputs, units));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('--to keras: a kernel of more than one chunk holds every value at its place', async () => {
  expect(inputs * units).toBeGreaterThan(H5_WRITE_CHUNK_ELEMENTS);
  // 1048 rows of 1000 values fit a chunk: two chunks of 550 rows
  expect(inputs * units % H5_WRITE_CHUNK_ELEMENTS).not.toBe(0);
  const out = join(dir, 'dense.keras');
  const r = await convertModel(join(dir, 'src/model.json'), { to: 'keras', out });
  expect(r.params).toBe(inputs * units + units);
  // HDF5 keeps an edge chunk whole: chunks cut to equal parts keep the file near its float32 data
  // (chunks of 1048 rows made it 8.4 MB, for 4.4 MB of values), zip and HDF5 headers aside
  expect(r.bytes).toBeLessThan(4 * (inputs * units + units) * 1.01 + 64 * 1024);
  const raw = await readRaw(out);
  try {
    const store = raw.weights!;
    const paths = store.layers.flatMap((l) => l.tensors.map((t) => [t.path, t.shape] as const));
    expect(paths.map(([p]) => p.replace(/^\//, '')).sort()).toEqual(['layers/dense/vars/0', 'layers/dense/vars/1']);
    const kernelPath = paths.find(([p]) => p.endsWith('vars/0'))!;
    expect(kernelPath[1]).toEqual([inputs, units]);
    const kernel = await store.read(kernelPath[0]);
    const wrong = Array.from({ length: inputs * units }, (_, i) => i).filter((i) => kernel[i] !== Math.fround(Math.sin(i)));
    expect(wrong.slice(0, 5)).toEqual([]);
    const bias = await store.read(paths.find(([p]) => p.endsWith('vars/1'))![0]);
    expect(Array.from(bias)).toEqual(Array.from({ length: units }, (_, i) => i));
  } finally {
    await raw.weights?.close();
  }
});

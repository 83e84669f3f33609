import { describe, expect, it } from 'vitest';
import { openModelFile } from '../../src/readers/index.js';
import { openHdf5Weights } from '../../src/readers/hdf5/index.js';
import { withHdf5 } from '../../src/readers/hdf5/open.js';
import { readKerasH5 } from '../../src/readers/hdf5/keras-layout.js';
import { findHdf5Signature } from '../../src/readers/hdf5/signature.js';
import { bufferSource } from '../../src/readers/source.js';
import { H5WASM_THRESHOLD_BYTES } from '../../src/readers/limits.js';
import type { Hdf5File } from '../../src/readers/hdf5/file.js';
import type { RawModel } from '../../src/readers/types.js';
import { countingSource, fixture } from './hdf5-helpers.js';

const BACKENDS = ['jsfive', 'h5wasm'] as const;
const open = (name: string, hdf5: 'auto' | 'jsfive' | 'h5wasm' = 'auto') => openModelFile(fixture(name), { hdf5 });

async function withModel<T>(name: string, hdf5: 'auto' | 'jsfive' | 'h5wasm', fn: (raw: RawModel) => Promise<T> | T): Promise<T> {
  const raw = await open(name, hdf5);
  try {
    return await fn(raw);
  } finally {
    await raw.weights?.close();
  }
}

/** Everything the store describes, as plain data, for comparing backends. */
function describeStore(raw: RawModel) {
  const w = raw.weights!;
  return { format: raw.format, version: raw.kerasVersion, backend: raw.backend, layers: w.layers, top: w.topLevel, unlisted: w.unlisted, optimizer: w.optimizer, notes: w.notes };
}

describe('HDF5 sniffing', () => {
  it('finds the signature at 0 and after a 512, 1024, … byte user block, and nothing in other files', async () => {
    const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
    const at = (n: number) => bufferSource('t', Uint8Array.from([...new Array(n).fill(0), ...sig, 0, 0]));
    for (const n of [0, 512, 1024, 8192]) expect(await findHdf5Signature(at(n))).toBe(n);
    expect(await findHdf5Signature(at(100))).toBe(-1);
    expect(await findHdf5Signature(bufferSource('t', new TextEncoder().encode('{"class_name": "Sequential"}')))).toBe(-1);
  });
});

describe.each(BACKENDS)('HDF5 reader on %s', (backend) => {
  it('reads h5py-2 fixed-length strings without their NUL padding', async () => {
    await withModel('k2_fixed_strings.h5', backend, (raw) => {
      expect(raw.format).toBe('keras-h5');
      expect(raw.kerasVersion).toBe('2.2.4');
      expect(raw.backend).toBe('tensorflow');
      expect((raw.config as { class_name: string }).class_name).toBe('Sequential');
      expect(raw.weights!.layers.map((l) => l.name)).toEqual(['dense_1', 'dropout_1', 'dense_2']);
      expect(raw.weights!.layers[0].tensors.map((t) => [t.name, t.shape, t.dtype, t.byteLength])).toEqual([
        ['dense_1/kernel:0', [8, 4], 'float32', 128],
        ['dense_1/bias:0', [4], 'float32', 16],
      ]);
      expect(raw.weights!.layers[1].tensors).toEqual([]);
    });
  });

  it('reads h5py-3 variable-length strings, model order from layer_names, top_level_model_weights', async () => {
    await withModel('tfk_vlen_strings.h5', backend, (raw) => {
      expect(raw.kerasVersion).toBe('2.9.0');
      expect(raw.weights!.layers.map((l) => l.name)).toEqual(['input_1', 'conv2d', 'flatten', 'dense']);
      expect(raw.weights!.topLevel).toMatchObject({ name: 'top_level_model_weights', tensors: [] });
      expect(raw.weights!.unlisted).toEqual([]);
    });
  });

  it('joins split attributes layer_names0/1 and weight_names0/1 in order', async () => {
    await withModel('tfk_split_weights.h5', backend, (raw) => {
      expect(raw.format).toBe('keras-weights-h5');
      expect(raw.config).toBeNull();
      expect(raw.weights!.layers.map((l) => l.name)).toEqual(['dense_0', 'dense_1', 'dense_2', 'dense_3', 'dense_4', 'many']);
      expect(raw.weights!.layers[5].tensors.map((t) => t.name)).toEqual(['w00', 'w01', 'w02', 'w03', 'w04', 'w05'].map((n) => `many/${n}:0`));
    });
  });

  it('keeps optimizer state apart from the model weights', async () => {
    await withModel('k2_fixed_strings.h5', backend, (raw) => {
      const opt = raw.weights!.optimizer;
      expect(opt.map((t) => t.name)).toEqual(['Adam/iterations:0', ...[0, 1, 2, 3].map((i) => `training/Adam/Variable_${i}:0`)]);
      expect(opt[0]).toMatchObject({ shape: [], dtype: 'int64' });
      expect(raw.weights!.layers.flatMap((l) => l.tensors).some((t) => t.path.startsWith('optimizer'))).toBe(false);
    });
  });

  it('reads Keras 1 flat weight names and a missing backend attribute', async () => {
    await withModel('k1_dense.h5', backend, (raw) => {
      expect(raw.kerasVersion).toBe('1.2.2');
      expect(raw.backend).toBeUndefined();
      expect(raw.weights!.layers[0].tensors.map((t) => t.name)).toEqual(['dense_1_W', 'dense_1_b']);
    });
  });

  it('reads a nested model group by resolving weight names as relative paths', async () => {
    await withModel('k2_nested_weights.h5', backend, (raw) => {
      const nested = raw.weights!.layers.find((l) => l.name === 'sequential_1')!;
      expect(nested.tensors.map((t) => [t.path, t.shape])).toEqual([
        ['sequential_1/dense_2/kernel:0', [4, 3]],
        ['sequential_1/dense_2/bias:0', [3]],
        ['sequential_1/dense_3/kernel:0', [3, 2]],
      ]);
    });
  });

  it('reads Keras 3 legacy h5 full variable paths', async () => {
    await withModel('k3_legacy.h5', backend, (raw) => {
      expect(raw.kerasVersion).toBe('3.15.1');
      const inner = raw.weights!.layers.find((l) => l.name === 'inner_seq')!;
      expect(inner.tensors.map((t) => t.name)).toEqual(['inner_seq/inner_dense/kernel', 'inner_seq/inner_dense/bias', 'inner_seq/inner_out/kernel']);
      expect(raw.weights!.optimizer.length).toBeGreaterThan(0);
    });
  });

  it('reads the Keras 3 layers/<path>/vars/<i> layout with the vars name attribute', async () => {
    await withModel('k3_functional.weights.h5', backend, (raw) => {
      expect(raw.format).toBe('keras-v3-weights-h5');
      const byName = new Map(raw.weights!.layers.map((l) => [l.name, l]));
      expect(byName.get('layers/dense')).toMatchObject({ objectName: 'classifier' });
      expect(byName.get('layers/dense')!.tensors.map((t) => [t.name, t.shape])).toEqual([['dense/vars/0', [8, 8]], ['dense/vars/1', [8]]]);
      expect(byName.get('layers/sequential/layers/dense_1')!.tensors.map((t) => t.shape)).toEqual([[6, 4]]);
      // Adam after one step: iteration, learning rate, then two slots per variable
      expect(raw.weights!.optimizer.length).toBe(2 + 2 * 7);
    });
  });

  it('streams values into typed arrays: float16 decoded, gzip+shuffle chunks with overhanging edges', async () => {
    await withModel('tfk_vlen_strings.h5', backend, async (raw) => {
      const w = raw.weights!;
      expect(Array.from(await w.read('model_weights/conv2d/conv2d/bias:0'))).toEqual([0.5, -2, 65504]);
      const bias = await w.read('model_weights/dense/dense/bias:0');
      expect(bias).toBeInstanceOf(Float32Array);
      expect(Array.from(bias)).toEqual([0, 1, 2, 3, 4]);
      const kernel = await w.read('model_weights/dense/dense/kernel:0');
      expect(kernel.length).toBe(48 * 5);
      const slabs: number[] = [];
      for await (const s of w.stream('model_weights/dense/dense/kernel:0')) slabs.push(...Array.from(s as Float32Array));
      expect(slabs).toEqual(Array.from(kernel));
    });
  });
});

describe('HDF5 backends agree', () => {
  it.each(['k2_fixed_strings.h5', 'tfk_vlen_strings.h5', 'tfk_split_weights.h5', 'k1_dense.h5', 'k2_nested_weights.h5', 'k3_legacy.h5', 'k3_functional.weights.h5', 'shape_bomb.h5'])(
    '%s: identical descriptors and values',
    async (name) => {
      const [a, b] = await Promise.all(BACKENDS.map((be) => open(name, be)));
      try {
        expect(describeStore(a)).toEqual(describeStore(b));
        for (const t of a.weights!.layers.flatMap((l) => l.tensors)) {
          if (t.byteLength > 1e6) continue;
          expect(Array.from(await a.weights!.read(t.path))).toEqual(Array.from(await b.weights!.read(t.path)));
        }
      } finally {
        await a.weights!.close();
        await b.weights!.close();
      }
    },
  );
});

describe('auto backend choice', () => {
  it('switches to h5wasm for dense attribute storage, a user block and bfloat16 (opaque) data', async () => {
    for (const name of ['dense_attrs.h5', 'userblock.h5', 'k3_bfloat16.weights.h5']) {
      await withModel(name, 'auto', (raw) => {
        expect(raw.meta.hdf5Backend).toBe('h5wasm');
        expect(String(raw.meta.hdf5Switched)).toMatch(/dense storage|user block|Opaque/);
      });
    }
  });

  it('refuses, with a coded error, when jsfive is forced on a file it would misread', async () => {
    await expect(open('dense_attrs.h5', 'jsfive')).rejects.toMatchObject({ code: 'E_UNSUPPORTED', message: expect.stringContaining('dense storage') });
  });

  it('dense attributes read through h5wasm give the model config jsfive would have lost', async () => {
    await withModel('dense_attrs.h5', 'auto', (raw) => {
      expect(raw.format).toBe('keras-h5');
      expect((raw.config as { config: { name: string } }).config.name).toBe('seq');
    });
  });

  it('decodes bfloat16 as numpy does', async () => {
    const { readFileSync } = await import('node:fs');
    const expected = JSON.parse(readFileSync(fixture('k3_bfloat16.expected.json'), 'utf8')).kernel as number[];
    await withModel('k3_bfloat16.weights.h5', 'auto', async (raw) => {
      const t = raw.weights!.layers.find((l) => l.tensors.length)!.tensors[0];
      expect(t.dtype).toBe('bfloat16');
      expect(Array.from(await raw.weights!.read(t.path))).toEqual(expected);
    });
  });
});

describe('descriptors without reading data', () => {
  it('builds every descriptor without a single tensor read', async () => {
    const source = await countingSource(fixture('tfk_vlen_strings.h5'));
    let rawReads = 0;
    const counting = (h5: Hdf5File): Hdf5File => ({ ...h5, kind: h5.kind, readRaw: (p, n) => (rawReads++, h5.readRaw(p, n)) });
    const opened = await withHdf5(source, 'jsfive', (h5) => readKerasH5(counting(h5), source.name));
    expect(opened.result.layers.flatMap((l) => l.tensors)).toHaveLength(4);
    expect(rawReads).toBe(0);
    await opened.close();
    await source.close();
  });

  it('above the size threshold, reads only the superblock through the source (h5wasm reads lazily itself)', async () => {
    const source = await countingSource(fixture('k2_fixed_strings.h5'), H5WASM_THRESHOLD_BYTES + 1);
    const { store, backend } = await openHdf5Weights(source);
    expect(backend.name).toBe('h5wasm');
    expect(store.layers).toHaveLength(3);
    expect(source.bytesRead()).toBeLessThan(200);
    await store.close();
    await source.close();
  });

  it('opens HDF5 held only in memory (a .keras member) through either backend', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(fixture('k3_bfloat16.weights.h5')));
    const { store, backend } = await openHdf5Weights({ name: 'model.weights.h5', bytes });
    expect(backend.name).toBe('h5wasm');
    expect(store.layers.flatMap((l) => l.tensors).map((t) => t.dtype)).toEqual(['bfloat16', 'bfloat16']);
    await store.close();
  });
});

describe('bad input gives one coded error', () => {
  it.each([
    ['broken_empty.h5', 'E_EMPTY', /empty/],
    ['broken_truncated.h5', 'E_TRUNCATED', /end-of-file address is 17240 but the file has 8620 bytes/],
    ['broken_html.h5', 'E_NOT_A_MODEL', /HTML/],
    ['broken_lfs_pointer.h5', 'E_NOT_A_MODEL', /Git LFS pointer.*12345678/],
    ['broken_pickle.h5', 'E_NOT_A_MODEL', /pickle/],
    ['hdf5_not_keras.h5', 'E_NOT_A_MODEL', /not a Keras one/],
  ])('%s → %s', async (name, code, message) => {
    for (const hdf5 of ['jsfive', 'h5wasm'] as const) {
      await expect(open(name, hdf5)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    }
  });

  it('a cyclic hard link stops the walk with a coded error on both backends', async () => {
    await expect(open('cycle.h5', 'jsfive')).rejects.toMatchObject({ code: 'E_CORRUPT', message: expect.stringMatching(/cyclic/) });
    await expect(open('cycle.h5', 'h5wasm')).rejects.toMatchObject({ code: 'E_LIMIT', message: expect.stringMatching(/deeper than 32/) });
  });

  it('a link named "" back to its own group (path never grows) stops both layout walks with E_LIMIT', () => {
    // What jsfive returns for a mutated Keras 3 weights file: the root lists itself under "".
    const groups: Record<string, string[]> = { '/': ['', 'layers', 'optimizer'], '/layers': ['dense'], '/layers/dense': [''], '/optimizer': ['', 'vars'] };
    const canon = (p: string) => (p.replace(/\/+$/, '') || '/').replace(/\/\/+/g, '/');
    const fake: Hdf5File = {
      backend: 'jsfive',
      kind: (p) => (groups[canon(p)] ? 'group' : 'missing'),
      children: (p) => [...(groups[canon(p)] ?? [])],
      attrNames: () => [],
      attr: () => undefined,
      dataset: () => ({ shape: [], dtype: 'float32', itemSize: 4, byteLength: 4 }),
      readRaw: () => [],
      close: () => {},
    };
    expect(() => readKerasH5(fake, 'loop.weights.h5')).toThrow(expect.objectContaining({ code: 'E_LIMIT', message: expect.stringMatching(/deeper than 32 levels.*cyclic/) }));
    groups['/'] = ['layers', 'optimizer'];
    expect(() => readKerasH5(fake, 'loop.weights.h5')).toThrow(expect.objectContaining({ code: 'E_LIMIT' }));
    groups['/layers/dense'] = [];
    expect(() => readKerasH5(fake, 'loop.weights.h5')).toThrow(expect.objectContaining({ code: 'E_LIMIT' })); // optimizer/"" → allDatasets
    groups['/optimizer'] = ['vars'];
    expect(readKerasH5(fake, 'loop.weights.h5').layers).toEqual([]);
  });

  it('never follows soft or external links: they are reported missing with a note', async () => {
    await withModel('links.h5', 'auto', (raw) => {
      expect(raw.weights!.layers[0].missing).toEqual(['dense/bias:0', 'dense/ext:0']);
      expect(raw.weights!.notes.join('\n')).toMatch(/soft link[\s\S]*external link/);
      expect(raw.weights!.unlisted.map((l) => [l.name, l.tensors.length])).toEqual([['stray', 1]]);
    });
  });

  it('describes a shape bomb without allocating it and refuses to read it', async () => {
    for (const hdf5 of BACKENDS) {
      await withModel('shape_bomb.h5', hdf5, async (raw) => {
        const t = raw.weights!.layers[0].tensors[0];
        expect(t.shape).toEqual([1e12, 1e12]);
        await expect(raw.weights!.read(t.path)).rejects.toMatchObject({ code: 'E_LIMIT' });
        await expect(raw.weights!.stream(t.path).next()).rejects.toMatchObject({ code: 'E_LIMIT' });
      });
    }
  });
});

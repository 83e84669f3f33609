// Synthetic audit inputs: an in-memory WeightStore and a pairing built by hand.
import type { RawModel, StoredTensor, WeightStore } from '../../src/readers/types.js';
import type { AuditModel } from '../../src/audit/types.js';
import type { LayerPair, WeightPairing } from '../../src/audit/weights/pairing.js';

export function memoryStore(layers: Record<string, { name: string; shape: number[]; dtype?: StoredTensor['dtype']; values?: number[] }[]>, optimizer: StoredTensor[] = []): WeightStore {
  const data = new Map<string, number[]>();
  const read = async (path: string) => {
    const v = data.get(path);
    if (!v) throw new Error(`no data for ${path}`);
    return Float32Array.from(v);
  };
  const store: WeightStore = {
    layout: 'keras-legacy',
    unlisted: [],
    notes: [],
    layers: Object.entries(layers).map(([layer, ts]) => ({
      name: layer,
      path: `model_weights/${layer}`,
      missing: [],
      tensors: ts.map((t) => {
        const path = `model_weights/${layer}/${t.name}`;
        if (t.values) data.set(path, t.values);
        return { path, name: t.name, shape: t.shape, dtype: t.dtype ?? 'float32', byteLength: 4 * t.shape.reduce((a, b) => a * b, 1) };
      }),
    })),
    optimizer,
    read,
    // two slabs per tensor, so statistics must combine slabs
    stream: async function* (path) {
      const all = await read(path);
      const half = Math.ceil(all.length / 2);
      yield all.subarray(0, half);
      yield all.subarray(half);
    },
    close: async () => {},
  };
  return store;
}

export function rawModel(weights?: WeightStore, config: unknown = { class_name: 'Sequential', config: { layers: [] } }): RawModel {
  return { format: 'keras-h5', file: 'model.h5', config, weights, meta: {} };
}

export function pair(layer: string, expected: [string, number[]][] | null, stored: [string, number[], string?][] | null, dtype = 'float32'): LayerPair {
  return {
    layer,
    className: 'Dense',
    dtype,
    expected: expected && expected.map(([name, shape]) => ({ name, shape, trainable: true })),
    ...(expected === null ? { problem: 'unknown layer class "X"' } : {}),
    stored: stored && stored.map(([name, shape, dt]) => ({ name, shape, dtype: (dt ?? 'float32') as StoredTensor['dtype'], path: `model_weights/${layer}/${name}` })),
    loadsBy: 'position',
  };
}

export function auditModelOf(pairing: WeightPairing, raw: RawModel = rawModel(memoryStore({}))): AuditModel {
  return { file: raw.file, raw, model: null, pairing };
}

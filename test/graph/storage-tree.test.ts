// The stored-object tree of a Keras 3 weights file, from hand-made group lists: parents from the
// saving walk's paths, counts summed per sub-tree, siblings in the walk's order.
import { describe, expect, it } from 'vitest';
import { storageTree } from '../../src/graph/storage-tree.js';
import type { StoredLayer, WeightStore } from '../../src/readers/types.js';

const group = (name: string, ...shapes: number[][]): StoredLayer => ({
  name,
  path: `${name}/vars`,
  tensors: shapes.map((shape, i) => ({ path: `${name}/vars/${i}`, name: `${name}/vars/${i}`, shape, dtype: 'float32' as const, byteLength: 4 * shape.reduce((a, b) => a * b, 1) })),
  missing: [],
});
const store = (layers: StoredLayer[], unlisted: StoredLayer[] = []): WeightStore =>
  ({ layout: 'keras3', layers, unlisted, optimizer: [], notes: [] }) as unknown as WeightStore;

describe('storageTree', () => {
  it('nests list items and attributes under their owner and sums each sub-tree', () => {
    const t = storageTree(store([
      group('layers/encoder'),
      group('layers/encoder/_attention/query_dense', [4, 2, 2], [2, 2]),
      group('layers/encoder/_attention'),
      group('layers/encoder/ffn', [4, 8], [8]),
      group('layers/dense', [4, 3], [3]),
    ]));
    expect(t.roots.map((r) => r.key)).toEqual(['dense', 'encoder']);
    const enc = t.roots[1];
    // public attributes before private ones, as saving_lib's _name_key sorts them
    expect(enc.children.map((c) => c.key)).toEqual(['ffn', '_attention']);
    expect(enc.children[1].children[0].params).toBe(16 + 4);
    expect(enc.params).toBe(20 + 32 + 8);
    expect(t.params).toBe(60 + 15);
    expect(t.bytes).toBe(75 * 4);
  });

  it('orders a list by class, then by counter as a number (dense_2 before dense_10)', () => {
    const t = storageTree(store([group('layers/dense_10', [1]), group('layers/dense_2', [1]), group('layers/dense', [1]), group('layers/add')]));
    expect(t.roots.map((r) => r.key)).toEqual(['add', 'dense', 'dense_2', 'dense_10']);
  });

  it('takes groups outside `layers` as the model attributes they are; a path without a group is a list', () => {
    const t = storageTree(store([group('layers/norm', [4], [4])], [group('head', [4, 2], [2]), group('blocks/dense_1', [2]), group('blocks/dense', [3])]));
    expect(t.roots.map((r) => r.key)).toEqual(['norm', 'blocks', 'head']);
    expect(t.roots[1].children.map((c) => c.key)).toEqual(['dense', 'dense_1']);
    expect(t.roots[1].params).toBe(5);
  });
});

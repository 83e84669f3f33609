import { describe, expect, test } from 'vitest';
import { actualOf, expectedOf, keras3Cases, runLayer } from './harness.js';
import { tfjsLayer } from './tfjs-oracle.js';

describe('normalization vs real Keras 3 (fixtures/keras3_layers.json)', () => {
  test.each(keras3Cases('normalization').map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(actualOf(c)).toEqual(expectedOf(c));
  });
});

describe('normalization vs tfjs-layers (Keras 2)', () => {
  test.each([
    ['BatchNormalization', {}, [null, 5]],
    ['BatchNormalization', { axis: 1, center: false }, [null, 3, 4, 4]],
    ['BatchNormalization', { scale: false }, [null, 2, 6]],
    ['LayerNormalization', {}, [null, 3, 4]],
    ['LayerNormalization', { axis: [1, 2] }, [null, 3, 4]],
    ['LayerNormalization', { center: false }, [null, 7]],
  ] as const)('%s %j on %j', async (cls, cfg, input) => {
    const shapes = [[...input]];
    expect(runLayer(cls, structuredClone(cfg) as Record<string, unknown>, shapes, 2)).toEqual(
      await tfjsLayer(cls, structuredClone(cfg) as Record<string, unknown>, shapes),
    );
  });
});

// docs/layer-math.md §5 and the tf-keras / Keras 1 build() rules, by hand.
describe('normalization weights by version', () => {
  const w = (name: string, shape: number[], trainable = true) => ({ name, shape, trainable });

  test('Keras 1 BatchNormalization keeps running_mean / running_std', () => {
    expect(runLayer('BatchNormalization', { axis: -1, mode: 0 }, [[null, 4]], 1).weights).toEqual([
      w('gamma', [4]), w('beta', [4]), w('running_mean', [4], false), w('running_std', [4], false),
    ]);
  });

  test('tf-keras BatchNormalization over several axes keeps full rank with 1s', () => {
    expect(runLayer('BatchNormalization', { axis: [1, 3] }, [[null, 2, 5, 3]], 2).weights.map((x) => x.shape)).toEqual([
      [1, 2, 1, 3], [1, 2, 1, 3], [1, 2, 1, 3], [1, 2, 1, 3],
    ]);
  });

  test('tf-keras virtual batches add a unit axis after the batch axis', () => {
    expect(runLayer('BatchNormalization', { axis: -1, virtual_batch_size: 4 }, [[null, 6]], 2).weights[0].shape).toEqual([1, 1, 6]);
  });

  test('LayerNormalization axis order: Keras 3 sorts the axes as written, tf-keras keeps them', () => {
    expect(runLayer('LayerNormalization', { axis: [1, -1] }, [[null, 3, 4, 6]], 3).weights[0].shape).toEqual([6, 3]);
    expect(runLayer('LayerNormalization', { axis: [2, 1] }, [[null, 3, 4, 6]], 2).weights[0].shape).toEqual([4, 3]);
  });

  test('SpectralNormalization: tf-keras lists trainable weights before vector_u', () => {
    const layer = { class_name: 'Dense', config: { name: 'd', units: 3, use_bias: true } };
    expect(runLayer('SpectralNormalization', { layer }, [[null, 5]], 2).weights).toEqual([
      w('d/kernel', [5, 3]), w('d/bias', [3]), w('vector_u', [1, 3], false),
    ]);
    expect(runLayer('SpectralNormalization', { layer }, [[null, 5]], 3).weights.map((x) => x.name)).toEqual(['d/kernel', 'vector_u', 'd/bias']);
  });

  test('BatchNormalization renorm adds three non-trainable statistics (4C + 3C)', () => {
    expect(runLayer('BatchNormalization', { renorm: true }, [[null, 3]], 2).params).toBe(7 * 3);
  });

  test('GroupNormalization rejects groups that do not divide the channels, naming the layer', () => {
    expect(() => runLayer('GroupNormalization', { groups: 4, name: 'gn' }, [[null, 6]])).toThrow(/layer "gn" \(GroupNormalization\)/);
  });
});

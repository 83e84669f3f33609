import { describe, expect, test } from 'vitest';
import { actualOf, expectedOf, keras3Cases, runLayer } from './harness.js';
import { tfjsLayer } from './tfjs-oracle.js';

describe('preprocessing vs real Keras 3 (fixtures/keras3_layers.json)', () => {
  test.each(keras3Cases('preprocessing').map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(actualOf(c)).toEqual(expectedOf(c));
  });
});

describe('preprocessing vs tfjs-layers (Keras 2)', () => {
  test.each([
    ['Rescaling', { scale: 0.5, offset: 0 }, [null, 4, 4, 3]],
    ['CategoryEncoding', { num_tokens: 7, output_mode: 'multi_hot' }, [null, 3]],
    ['CategoryEncoding', { num_tokens: 7, output_mode: 'count' }, [null, 3]],
  ] as const)('%s %j on %j', async (cls, cfg, input) => {
    const shapes = [[...input]];
    expect(runLayer(cls, { ...cfg }, shapes, 2)).toEqual(await tfjsLayer(cls, { ...cfg }, shapes));
  });
});

// docs/layer-math.md §11 and the tf-keras compute_output_shape rules, by hand.
describe('preprocessing by hand', () => {
  test('Normalization: 2·prod(kept dims) + 1 non-trainable values, none when mean/variance are given', () => {
    const r = runLayer('Normalization', { axis: [-1] }, [[null, 5, 3]]);
    expect(r.params).toBe(2 * 3 + 1);
    expect(r.weights.every((x) => !x.trainable)).toBe(true);
    expect(runLayer('Normalization', { axis: -1, mean: [0, 0, 0], variance: [1, 1, 1] }, [[null, 5, 3]]).params).toBe(0);
    expect(runLayer('Normalization', { axis: null }, [[null, 5, 3]]).params).toBe(3);
  });

  test('tf-keras lookups return (batch, depth) in every non-int mode', () => {
    const cfg = { vocabulary: ['x', 'y', 'z'], output_mode: 'one_hot', num_oov_indices: 1, mask_token: null };
    expect(runLayer('StringLookup', cfg, [[null, 1]], 2).output_shape).toEqual([null, 4]);
    expect(runLayer('StringLookup', cfg, [[null, 1]], 3).output_shape).toEqual([null, 4]);
    expect(runLayer('StringLookup', { ...cfg, output_mode: 'int' }, [[null, 3]], 2).output_shape).toEqual([null, 3]);
  });

  test('a recorded vocabulary_size wins; a vocabulary in an asset file leaves the depth unknown', () => {
    expect(runLayer('IntegerLookup', { output_mode: 'multi_hot', vocabulary_size: 12 }, [[null, 3]]).output_shape).toEqual([null, 12]);
    expect(runLayer('IntegerLookup', { output_mode: 'multi_hot', vocabulary: null }, [[null, 3]]).output_shape).toEqual([null, null]);
  });

  test('a vocabulary that already lists the OOV token is not counted twice', () => {
    expect(runLayer('StringLookup', { output_mode: 'count', vocabulary: ['[UNK]', 'a', 'b'] }, [[null, 2]]).output_shape).toEqual([null, 3]);
  });

  test('tf-keras RandomHeight / RandomWidth make the resized axis unknown', () => {
    expect(runLayer('RandomHeight', { factor: 0.2 }, [[null, 8, 8, 3]], 2).output_shape).toEqual([null, null, 8, 3]);
    expect(runLayer('RandomWidth', { factor: 0.2 }, [[null, 8, 8, 3]], 2).output_shape).toEqual([null, 8, null, 3]);
  });

  test('Resizing / CenterCrop on a single image (rank 3)', () => {
    expect(runLayer('Resizing', { height: 2, width: 3 }, [[10, 10, 4]]).output_shape).toEqual([2, 3, 4]);
    expect(runLayer('CenterCrop', { height: 2, width: 3, data_format: 'channels_first' }, [[4, 10, 10]]).output_shape).toEqual([4, 2, 3]);
  });

  test('STFTSpectrogram kernels: (frame_length, 1, fft//2 + 1) each; 2·frame·(fft//2+1) params', () => {
    const r = runLayer('STFTSpectrogram', { frame_length: 20, fft_length: 64 }, [[null, 100, 1]]);
    expect(r.params).toBe(2 * 20 * 33);
    expect(r.output_shape).toEqual([null, Math.floor((100 - 20) / 10) + 1, 33]);
  });

  test('Pipeline chains its layers', () => {
    const layers = [
      { class_name: 'Resizing', config: { name: 'r', height: 6, width: 6 } },
      { class_name: 'CenterCrop', config: { name: 'c', height: 4, width: 5 } },
      { class_name: 'RandomFlip', config: { name: 'f' } },
    ];
    expect(runLayer('Pipeline', { layers }, [[null, 32, 32, 3]]).output_shape).toEqual([null, 4, 5, 3]);
  });
});

import { describe, expect, test } from 'vitest';
import { analyzeModel } from '../../src/graph/analyze.js';
import { normalize } from '../../src/normalize/index.js';
import { runLayer } from './harness.js';
import { tfjsLayer } from './tfjs-oracle.js';

// tfjs-layers' computeOutputShape differs from Keras for these layers; a tfjs file was built with
// tfjs' shapes, so the tfjs dialect must reproduce them (and no other dialect may).
describe('tfjs dialect reproduces tfjs-layers shapes', () => {
  test.each([
    ['DepthwiseConv2D', { kernel_size: [3, 3], dilation_rate: [2, 2], depth_multiplier: 2 }, [null, 14, 4, 19]],
    ['Resizing', { height: 16, width: 8 }, [null, 23, 15, 23]],
  ] as const)('%s %j on %j', async (cls, cfg, input) => {
    const shapes = [[...input]];
    const oracle = await tfjsLayer(cls, structuredClone(cfg) as Record<string, unknown>, shapes);
    expect(runLayer(cls, structuredClone(cfg) as Record<string, unknown>, [[...input]], 2, 'tfjs')).toEqual(oracle);
    // Keras itself: the dilated kernel does not fit (an error), and Resizing keeps batch and channels
    const keras = () => runLayer(cls, structuredClone(cfg) as Record<string, unknown>, [[...input]], 2, 'keras2').output_shape;
    if (cls === 'DepthwiseConv2D') expect(keras).toThrow(/too small/);
    else expect(keras()).toEqual([null, 16, 8, 23]);
  });

  test('CenterCrop in a tfjs file also rewrites the shape its producer reports', () => {
    const layer = (class_name: string, name: string, config: object, from: string | null) => ({
      class_name, name, config: { name, ...config }, inbound_nodes: from ? [[[from, 0, 0, {}]]] : [],
    });
    const config = {
      class_name: 'Model',
      config: {
        name: 'm',
        layers: [
          layer('InputLayer', 'in', { batch_input_shape: [null, 18, 24, 4] }, null),
          layer('AveragePooling2D', 'pool', { pool_size: [2, 2], strides: [1, 1], padding: 'same' }, 'in'),
          layer('CenterCrop', 'crop', { height: 17, width: 15 }, 'pool'),
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['crop', 0, 0]],
      },
    };
    const shapes = (kerasVersion: string) => {
      const m = analyzeModel(normalize({ format: 'keras-json', file: 'x', config: structuredClone(config), kerasVersion, meta: {} }));
      return m.analysis.layers.map((l) => l.callOutputs[0]);
    };
    expect(shapes('tfjs-layers 4.22.0')).toEqual([[null, 18, 24, 4], [null, 17, 15, 4], [null, 17, 15, 4]]);
    expect(shapes('2.15.0')).toEqual([[null, 18, 24, 4], [null, 18, 24, 4], [null, 17, 15, 4]]);
  });
});

test('tfjs counts causal padding as valid (Keras: as same)', async () => {
  const cfg = { filters: 3, kernel_size: [4], strides: [2], padding: 'causal' };
  const oracle = await tfjsLayer('Conv1D', { ...cfg }, [[null, 8, 7]]);
  expect(runLayer('Conv1D', { ...cfg }, [[null, 8, 7]], 2, 'tfjs')).toEqual(oracle);
  expect(runLayer('Conv1D', { ...cfg }, [[null, 8, 7]], 2, 'keras2').output_shape).toEqual([null, 4, 3]);
});

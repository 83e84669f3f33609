// Pooling family: windowed pooling shares the conv length rule; global pooling drops spatial axes.
import { joinSpatial, padding, poolOutputLength, positive, splitSpatial } from './shape-math.js';
import { defineLayer, type LayerCost, type LayerSpec } from './types.js';
import { OPS_PER_ELEMENT, mainOutput, perSample } from './cost-math.js';
import type { LayerConfig } from './config.js';
import type { OutputShape } from '../types/shape.js';

const isAverage = (c: LayerConfig) => c.className.includes('Average') || c.className.includes('Avg');

/** `reads` compares (max) or adds (average) in all, plus a divide per output when averaging. */
function poolCost(c: LayerConfig, reads: number, out: OutputShape): LayerCost {
  return { macs: 0, ops: reads * OPS_PER_ELEMENT.pool + (isAverage(c) ? perSample(c, mainOutput(out)) * OPS_PER_ELEMENT.pool : 0) };
}

function pool(rank: 1 | 2 | 3, names: string[]): LayerSpec {
  return defineLayer({
    names,
    category: 'pooling',
    versions: '1, 2, 3',
    defaults: { pool_size: 2, strides: null, padding: 'valid', data_format: 'channels_last' },
    outputShape: (c, [x]) => {
      const { batch, spatial, channels } = splitSpatial(c, x, rank);
      const size = c.ints('pool_size', rank);
      // Keras: strides=None means strides=pool_size.
      const strides = c.has('strides') ? c.ints('strides', rank) : size;
      const p = padding(c);
      const out = spatial.map((len, i) => positive(c, poolOutputLength(len, size[i], p, strides[i]), `output dimension ${i + 1}`));
      return joinSpatial(c, batch, out, channels);
    },
    // every output reads its window
    cost: (c, _x, out) => poolCost(c, perSample(c, mainOutput(out)) * c.ints('pool_size', rank).reduce((a, b) => a * b, 1), out),
  });
}

export const maxPooling1d = pool(1, ['MaxPooling1D', 'MaxPool1D']);
export const maxPooling2d = pool(2, ['MaxPooling2D', 'MaxPool2D']);
export const maxPooling3d = pool(3, ['MaxPooling3D', 'MaxPool3D']);
export const averagePooling1d = pool(1, ['AveragePooling1D', 'AvgPool1D']);
export const averagePooling2d = pool(2, ['AveragePooling2D', 'AvgPool2D']);
export const averagePooling3d = pool(3, ['AveragePooling3D', 'AvgPool3D']);


/** Global pooling reduces every spatial axis; `keepdims` (tf.keras 2.6+) keeps them as 1. */
function globalPool(rank: 1 | 2 | 3, names: string[]): LayerSpec {
  return defineLayer({
    names,
    category: 'pooling',
    versions: '1, 2, 3',
    defaults: { data_format: 'channels_last', keepdims: false },
    outputShape: (c, [x]) => {
      const { batch, channels } = splitSpatial(c, x, rank);
      if (!c.bool('keepdims')) return [batch, channels];
      return joinSpatial(c, batch, Array<number>(rank).fill(1), channels);
    },
    cost: (c, [x], out) => poolCost(c, perSample(c, x), out),
  });
}

/** Adaptive pooling (Keras 3.12+): spatial axes become `output_size` whatever the input. */
function adaptivePool(rank: 1 | 2 | 3, names: string[]): LayerSpec {
  return defineLayer({
    names,
    category: 'pooling',
    versions: '3',
    defaults: { data_format: 'channels_last' },
    outputShape: (c, [x]) => {
      const { batch, channels } = splitSpatial(c, x, rank);
      return joinSpatial(c, batch, c.ints('output_size', rank), channels);
    },
    // the adaptive windows tile the input: every input value is read about once
    cost: (c, [x], out) => poolCost(c, perSample(c, x), out),
  });
}

export const globalMaxPooling1d = globalPool(1, ['GlobalMaxPooling1D', 'GlobalMaxPool1D']);
export const globalMaxPooling2d = globalPool(2, ['GlobalMaxPooling2D', 'GlobalMaxPool2D']);
export const globalMaxPooling3d = globalPool(3, ['GlobalMaxPooling3D', 'GlobalMaxPool3D']);
export const globalAveragePooling1d = globalPool(1, ['GlobalAveragePooling1D', 'GlobalAvgPool1D']);
export const globalAveragePooling2d = globalPool(2, ['GlobalAveragePooling2D', 'GlobalAvgPool2D']);
export const globalAveragePooling3d = globalPool(3, ['GlobalAveragePooling3D', 'GlobalAvgPool3D']);
export const adaptiveMaxPooling1d = adaptivePool(1, ['AdaptiveMaxPooling1D']);
export const adaptiveMaxPooling2d = adaptivePool(2, ['AdaptiveMaxPooling2D']);
export const adaptiveMaxPooling3d = adaptivePool(3, ['AdaptiveMaxPooling3D']);
export const adaptiveAveragePooling1d = adaptivePool(1, ['AdaptiveAveragePooling1D']);
export const adaptiveAveragePooling2d = adaptivePool(2, ['AdaptiveAveragePooling2D']);
export const adaptiveAveragePooling3d = adaptivePool(3, ['AdaptiveAveragePooling3D']);

export const poolingLayers = [
  maxPooling1d, maxPooling2d, maxPooling3d, averagePooling1d, averagePooling2d, averagePooling3d,
  globalMaxPooling1d, globalMaxPooling2d, globalMaxPooling3d,
  globalAveragePooling1d, globalAveragePooling2d, globalAveragePooling3d,
  adaptiveMaxPooling1d, adaptiveMaxPooling2d, adaptiveMaxPooling3d,
  adaptiveAveragePooling1d, adaptiveAveragePooling2d, adaptiveAveragePooling3d,
];

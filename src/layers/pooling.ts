// Pooling family: windowed pooling shares the conv length rule; global pooling drops spatial axes.
import { joinSpatial, padding, poolOutputLength, positive, splitSpatial } from './shape-math.js';
import { defineLayer, type LayerSpec } from './types.js';

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
  });
}

export const maxPooling1d = pool(1, ['MaxPooling1D', 'MaxPool1D']);
export const maxPooling2d = pool(2, ['MaxPooling2D', 'MaxPool2D']);
export const maxPooling3d = pool(3, ['MaxPooling3D', 'MaxPool3D']);
export const averagePooling1d = pool(1, ['AveragePooling1D', 'AvgPool1D']);
export const averagePooling2d = pool(2, ['AveragePooling2D', 'AvgPool2D']);
export const averagePooling3d = pool(3, ['AveragePooling3D', 'AvgPool3D']);

export const poolingLayers = [maxPooling1d, maxPooling2d, maxPooling3d, averagePooling1d, averagePooling2d, averagePooling3d];

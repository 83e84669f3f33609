// Reshaping family: Flatten, Reshape, Permute, RepeatVector and the per-axis Cropping / ZeroPadding /
// UpSampling layers (Keras keras/src/layers/reshaping/).
import { shapeError, type LayerConfig } from './config.js';
import { joinSpatial, product, requireRank, splitSpatial } from './shape-math.js';
import { defineLayer, type LayerSpec } from './types.js';
import type { Dim, Shape } from '../types/shape.js';

export const flatten = defineLayer({
  names: ['Flatten'],
  category: 'reshaping',
  versions: '1, 2, 3',
  defaults: { data_format: 'channels_last' },
  // channels_first input is transposed to channels_last before flattening: same length either way
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    return [x[0], product(x.slice(1))];
  },
});

export const reshape = defineLayer({
  names: ['Reshape'],
  category: 'reshaping',
  versions: '1, 2, 3',
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    const target = c.get('target_shape');
    if (!Array.isArray(target) || !target.every((d) => d === null || Number.isInteger(d))) c.fail('target_shape', 'a list of integers');
    const dims = target as (number | null)[];
    const unknownAt = dims.findIndex((d) => d === -1 || d === null);
    if (unknownAt < 0) return [x[0], ...dims];
    // One -1 is inferred from the input size, as Keras does.
    const total = product(x.slice(1));
    const rest = product(dims.filter((_, i) => i !== unknownAt));
    const inferred = total === null || rest === null || rest === 0 ? null : total / rest;
    if (inferred !== null && !Number.isInteger(inferred)) throw shapeError(c, `cannot reshape ${total} values into ${JSON.stringify(dims)}`);
    return [x[0], ...dims.map((d, i) => (i === unknownAt ? inferred : d))];
  },
});


export const permute = defineLayer({
  names: ['Permute'],
  category: 'reshaping',
  versions: '1, 2, 3',
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    const dims = c.get('dims');
    if (!Array.isArray(dims) || !dims.every((d) => Number.isInteger(d) && d >= 1 && d < x.length)) {
      return c.fail('dims', `a list of axes between 1 and ${x.length - 1}`);
    }
    return [x[0], ...(dims as number[]).map((d) => x[d])];
  },
});

export const repeatVector = defineLayer({
  names: ['RepeatVector'],
  category: 'reshaping',
  versions: '1, 2, 3',
  outputShape: (c, [x]) => {
    requireRank(c, x, 2);
    return [x[0], c.int('n'), x[1]];
  },
});

/**
 * Per-spatial-axis (before, after) pairs as Keras' cropping/padding arguments accept them: an int
 * (same everywhere), one int per axis (symmetric), or one pair per axis. 1D layers take an int or a pair.
 */
export function axisPairs(c: LayerConfig, key: string, rank: number): [number, number][] {
  const v = c.get(key);
  const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  const pair = (x: unknown): [number, number] | null =>
    isInt(x) ? [x, x] : Array.isArray(x) && x.length === 2 && isInt(x[0]) && isInt(x[1]) ? [x[0], x[1]] : null;
  if (isInt(v)) return Array.from({ length: rank }, () => [v, v]);
  if (rank === 1) {
    const p = pair(v) ?? (Array.isArray(v) && v.length === 1 ? pair(v[0]) : null);
    if (p) return [p];
  } else if (Array.isArray(v) && v.length === rank) {
    const pairs = v.map(pair);
    if (pairs.every((p) => p !== null)) return pairs as [number, number][];
  }
  return c.fail(key, rank === 1 ? 'an integer or a pair of integers' : `an integer or ${rank} integers or ${rank} pairs of integers`);
}

function addOrNull(d: Dim, delta: number): Dim {
  return d === null ? null : d + delta;
}

function cropping(rank: 1 | 2 | 3, names: string[]): LayerSpec {
  return defineLayer({
    names,
    category: 'reshaping',
    versions: '1, 2, 3',
    defaults: { cropping: rank === 2 ? 0 : 1, data_format: 'channels_last' },
    outputShape: (c, [x]) => {
      const crop = axisPairs(c, 'cropping', rank);
      // Cropping1D has no data_format: it always crops axis 1 of (batch, steps, features).
      const { batch, spatial, channels } = rank === 1 ? split1d(c, x) : splitSpatial(c, x, rank);
      const out = spatial.map((len, i) => {
        const [a, b] = crop[i];
        if (len !== null && a + b >= len) throw shapeError(c, `cropping ${a}+${b} leaves nothing of a dimension of ${len}`);
        return addOrNull(len, -a - b);
      });
      return rank === 1 ? [batch, out[0], channels] : joinSpatial(c, batch, out, channels);
    },
  });
}

function zeroPadding(rank: 1 | 2 | 3, names: string[]): LayerSpec {
  return defineLayer({
    names,
    category: 'reshaping',
    versions: '1, 2, 3',
    defaults: { padding: 1, data_format: 'channels_last' },
    outputShape: (c, [x]) => {
      const pad = axisPairs(c, 'padding', rank);
      // Unlike Cropping1D/UpSampling1D, Keras 3's ZeroPadding1D honours data_format.
      const { batch, spatial, channels } = splitSpatial(c, x, rank);
      const out = spatial.map((len, i) => addOrNull(len, pad[i][0] + pad[i][1]));
      return joinSpatial(c, batch, out, channels);
    },
  });
}

function upSampling(rank: 1 | 2 | 3, names: string[]): LayerSpec {
  return defineLayer({
    names,
    category: 'reshaping',
    versions: '1, 2, 3',
    defaults: { size: 2, data_format: 'channels_last' },
    outputShape: (c, [x]) => {
      const size = c.ints('size', rank);
      const { batch, spatial, channels } = rank === 1 ? split1d(c, x) : splitSpatial(c, x, rank);
      const out = spatial.map((len, i) => (len === null ? null : len * size[i]));
      return rank === 1 ? [batch, out[0], channels] : joinSpatial(c, batch, out, channels);
    },
  });
}

function split1d(c: LayerConfig, x: Shape | undefined): { batch: Dim; spatial: Dim[]; channels: Dim } {
  requireRank(c, x, 3);
  return { batch: x[0], spatial: [x[1]], channels: x[2] };
}

export const cropping1d = cropping(1, ['Cropping1D']);
export const cropping2d = cropping(2, ['Cropping2D']);
export const cropping3d = cropping(3, ['Cropping3D']);
export const zeroPadding1d = zeroPadding(1, ['ZeroPadding1D']);
export const zeroPadding2d = zeroPadding(2, ['ZeroPadding2D']);
export const zeroPadding3d = zeroPadding(3, ['ZeroPadding3D']);
export const upSampling1d = upSampling(1, ['UpSampling1D']);
export const upSampling2d = upSampling(2, ['UpSampling2D']);
export const upSampling3d = upSampling(3, ['UpSampling3D']);

export const reshapingLayers = [
  flatten, reshape, permute, repeatVector,
  cropping1d, cropping2d, cropping3d, zeroPadding1d, zeroPadding2d, zeroPadding3d, upSampling1d, upSampling2d, upSampling3d,
];

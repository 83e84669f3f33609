// The one table of legacy weight layouts Keras' legacy .h5 loader converts (normalize/keras1-weights.ts),
// row by row. Stored shapes are worked by hand from keras-formats.md §2.6 (preprocess_weights_for_loading):
// each row's stored arrays, converted by the row's recipes (transpose, concatenate on the last axis, drop
// unit axes), must give the shapes the layer builds, and the conversion must say what Keras does.
import { describe, expect, test } from 'vitest';
import { convertedLegacyLayout, type LegacyWeightLayout } from '../../src/normalize/keras1-weights.js';

type Row = [string, { className: string; config: Record<string, unknown> }, 1 | 2 | 3, number[][], number[][], string];

const gates = (n: number, w: number[], u: number[], b: number[]) => Array.from({ length: n }, () => [w, u, b]).flat();
const conv2dTh = { className: 'Conv2D', config: { data_format: 'channels_first' } };
const lstm = { className: 'LSTM', config: {} };

const ROWS: Row[] = [
  // Keras 1 files
  ['Conv1D 1.2: (length, 1, input_dim, filters) loses axis 1', { className: 'Conv1D', config: {} }, 1, [[3, 4, 6], [6]], [[3, 1, 4, 6], [6]], 'loses axis 1'],
  ['Conv1D 1.1: (filters, input_dim, length, 1)', { className: 'Conv1D', config: {} }, 1, [[3, 4, 6], [6]], [[6, 4, 3, 1], [6]], 'transposed (2, 3, 1, 0)'],
  ['Conv2D th: (filters, in, rows, cols)', conv2dTh, 1, [[3, 5, 2, 8], [8]], [[8, 2, 3, 5], [8]], 'transposed (2, 3, 1, 0)'],
  ['Conv2DTranspose tf: in and filters swapped', { className: 'Conv2DTranspose', config: {} }, 1, [[3, 5, 8, 2], [8]], [[3, 5, 2, 8], [8]], 'transposed (0, 1, 3, 2)'],
  ['Conv2DTranspose th', { className: 'Conv2DTranspose', config: { data_format: 'channels_first' } }, 1, [[3, 5, 8, 2], [8]], [[8, 2, 3, 5], [8]], 'transposed (2, 3, 0, 1)'],
  ['Conv3D th: (filters, in, d, r, c)', { className: 'Conv3D', config: { data_format: 'channels_first' } }, 1, [[2, 3, 4, 5, 7], [7]], [[7, 5, 2, 3, 4], [7]], 'transposed (2, 3, 4, 1, 0)'],
  ['LSTM: 12 per-gate arrays, gates i, c, f, o', lstm, 1, [[3, 16], [4, 16], [16]], gates(4, [3, 4], [4, 4], [4]), 'gate order i, f, c, o'],
  ['GRU: 9 per-gate arrays', { className: 'GRU', config: {} }, 1, [[3, 12], [4, 12], [12]], gates(3, [3, 4], [4, 4], [4]), '9 per-gate arrays'],
  ['ConvLSTM2D th: 12 per-gate arrays, each kernel Theano-ordered', { className: 'ConvLSTM2D', config: { data_format: 'channels_first' } }, 1,
    [[3, 3, 1, 8], [3, 3, 2, 8], [8]], gates(4, [2, 1, 3, 3], [2, 2, 3, 3], [2]), 'transposing each kernel (2, 3, 1, 0)'],
  ['BatchNormalization: running_std loads as moving_variance', { className: 'BatchNormalization', config: {} }, 1, [[4], [4], [4], [4]], [[4], [4], [4], [4]], 'running_std'],
  ['Bidirectional(LSTM): each half in the inner layer\'s layout', { className: 'Bidirectional', config: { layer: { class_name: 'LSTM', config: { name: 'l' } } } }, 1,
    [[3, 16], [4, 16], [16], [3, 16], [4, 16], [16]], [...gates(4, [3, 4], [4, 4], [4]), ...gates(4, [3, 4], [4, 4], [4])], 'each direction: the 12 per-gate arrays'],
  ['TimeDistributed(Conv2D th): the inner layer\'s layout', { className: 'TimeDistributed', config: { layer: { class_name: 'Conv2D', config: { name: 'c', data_format: 'channels_first' } } } }, 1,
    [[3, 5, 2, 8], [8]], [[8, 2, 3, 5], [8]], 'transposed (2, 3, 1, 0)'],
  // Keras 2 files: the loader's own rule
  ['Keras 2 Conv2D kernel whose shape differs: transposed (3, 2, 0, 1)', { className: 'Conv2D', config: {} }, 2, [[3, 5, 2, 8], [8]], [[2, 8, 5, 3], [8]], 'Theano-layout kernel transposed (3, 2, 0, 1)'],
  ['Keras 2 TimeDistributed(Conv2D) with such a kernel', { className: 'TimeDistributed', config: { layer: { class_name: 'Conv2D', config: { name: 'c' } } } }, 2,
    [[3, 5, 2, 8], [8]], [[2, 8, 5, 3], [8]], 'Theano-layout kernel'],
];

/** The shape a recipe makes from the stored shapes: each input transposed, concatenated on the last axis. */
function made(layout: LegacyWeightLayout, stored: number[][], i: number): number[] {
  const r = layout.recipes[i];
  const parts = r.inputs.map((k) => (r.perm && stored[k].length === r.perm.length ? r.perm.map((p) => stored[k][p]) : stored[k]));
  const last = parts.reduce((n, s) => n + s[s.length - 1], 0);
  return [...parts[0].slice(0, -1), last];
}

const squeezed = (s: number[]) => s.filter((d) => d !== 1);

describe('legacy weight layouts: one table, each row', () => {
  test.each(ROWS)('%s', (_, layer, kerasMajor, expected, stored, conversion) => {
    const layout = convertedLegacyLayout({ name: 'x', ...layer }, expected, stored, kerasMajor);
    expect(layout).not.toBeNull();
    expect(layout!.conversion).toContain(conversion);
    expect(layout!.stored.map((w) => w.shape)).toEqual(stored);
    expect(layout!.recipes).toHaveLength(expected.length);
    expected.forEach((shape, i) => expect(squeezed(made(layout!, stored, i)), `weight ${i}`).toEqual(squeezed(shape)));
  });

  test('rules belong to the loader of their Keras version', () => {
    // Keras 1 layouts are converted only for Keras 1 files; a Keras 3 file is never converted
    expect(convertedLegacyLayout({ name: 'x', ...lstm }, [[3, 16], [4, 16], [16]], gates(4, [3, 4], [4, 4], [4]), 2)).toBeNull();
    expect(convertedLegacyLayout({ name: 'x', className: 'Conv2D', config: {} }, [[3, 5, 2, 8], [8]], [[2, 8, 5, 3], [8]], 3)).toBeNull();
    // stored as the layer builds them: nothing to convert
    expect(convertedLegacyLayout({ name: 'x', className: 'Conv2D', config: {} }, [[3, 5, 2, 8], [8]], [[3, 5, 2, 8], [8]], 2)).toBeNull();
    // a kernel in no layout
    expect(convertedLegacyLayout({ name: 'x', className: 'Conv2D', config: {} }, [[3, 5, 2, 8], [8]], [[8, 2, 3, 5], [8]], 2)).toBeNull();
  });
});

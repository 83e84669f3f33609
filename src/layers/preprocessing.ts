// Preprocessing layers (Keras keras/src/layers/preprocessing/, tf-keras layers/preprocessing/).
// Most own no weights; Normalization keeps its adapted statistics and STFTSpectrogram its DFT
// kernels. Encoding layers change the last axis to a vocabulary / bin count.
import { OPS_PER_ELEMENT, perSample, plus } from './cost-math.js';
import { shapeError, type LayerConfig } from './config.js';
import { convOutputLength, known, padding, product, requireRank } from './shape-math.js';
import { axisIndex } from './normalization.js';
import { defineLayer, w, type LayerContext, type LayerSpec } from './types.js';
import { isTfjs, tfjsCenterCrop, tfjsResizing } from './tfjs-quirks.js';
import type { Dim, Shape } from '../types/shape.js';

const hasInput = (c: LayerConfig, x: Shape | undefined): Shape => {
  if (!x) throw shapeError(c, 'has no input');
  return x;
};

const shapePreserving = (names: string[], versions: string): LayerSpec =>
  defineLayer({ names, category: 'preprocessing', versions, outputShape: (c, [x]) => hasInput(c, x) });

/** Keras 3 random image layers and other per-pixel maps: same shape out. */
export const imageAugmentation = shapePreserving(
  [
    'RandomFlip', 'RandomRotation', 'RandomTranslation', 'RandomZoom', 'RandomContrast', 'RandomBrightness',
    'RandomColorDegeneration', 'RandomColorJitter', 'RandomElasticTransform', 'RandomErasing', 'RandomGaussianBlur',
    'RandomGrayscale', 'RandomHue', 'RandomInvert', 'RandomPerspective', 'RandomPosterization', 'RandomSaturation',
    'RandomSharpness', 'RandomShear', 'AugMix', 'AutoContrast', 'CutMix', 'MixUp', 'RandAugment', 'Equalization',
    'Solarization', 'ContrastLimitedAdaptiveHistogramEqualization', 'MaxNumBoundingBoxes',
  ],
  '2, 3',
);
export const rescaling = shapePreserving(['Rescaling'], '2, 3');

/** Sets the height and width axes of an image batch (rank 4) or a single image (rank 3). */
function resized(c: LayerConfig, x: Shape | undefined, height: Dim, width: Dim): Shape {
  const s = hasInput(c, x).slice();
  if (s.length !== 3 && s.length !== 4) throw shapeError(c, `expected an image input of rank 3 or 4, got rank ${s.length}`);
  const h = c.get('data_format') === 'channels_first' ? s.length - 2 : s.length - 3;
  s[h] = height;
  s[h + 1] = width;
  return s;
}

const toSize = (names: string[], versions: string, tfjsRule?: (x: Shape, h: number, w: number) => Shape): LayerSpec =>
  defineLayer({
    names,
    category: 'preprocessing',
    versions,
    defaults: { data_format: 'channels_last' },
    outputShape: (c, [x], ctx) =>
      tfjsRule && isTfjs(ctx) ? tfjsRule(hasInput(c, x), c.int('height'), c.int('width')) : resized(c, x, c.int('height'), c.int('width')),
  });

export const resizing = toSize(['Resizing'], '2, 3', tfjsResizing);
export const centerCrop = toSize(['CenterCrop'], '2, 3', tfjsCenterCrop);
export const randomCrop = toSize(['RandomCrop'], '2, 3');

/** tf-keras RandomHeight / RandomWidth: the resized axis becomes unknown. */
export const randomHeight = defineLayer({
  names: ['RandomHeight'],
  category: 'preprocessing',
  versions: '2',
  outputShape: (c, [x]) => {
    const s = hasInput(c, x).slice();
    s[s.length - 3] = null;
    return s;
  },
});
export const randomWidth = defineLayer({
  names: ['RandomWidth'],
  category: 'preprocessing',
  versions: '2',
  outputShape: (c, [x]) => {
    const s = hasInput(c, x).slice();
    s[s.length - 2] = null;
    return s;
  },
});

/** Normalization keeps `axis` dims; mean/variance/count exist only when not given in the config. */
export const normalization = defineLayer({
  names: ['Normalization'],
  category: 'preprocessing',
  versions: '2, 3',
  outputShape: (c, [x]) => hasInput(c, x),
  weights: (c, [x]) => {
    const s = hasInput(c, x);
    if (c.has('mean') && c.has('variance')) return [];
    // axis=None (saved as null or []) keeps no axis: one scalar mean and variance
    const raw = c.raw('axis') === undefined ? -1 : c.raw('axis');
    const axes = raw === null ? [] : Number.isInteger(raw) ? [raw as number] : raw;
    if (!Array.isArray(axes) || !axes.every((a) => Number.isInteger(a))) return c.fail('axis', 'an integer, a list of integers or null');
    const keep = [...new Set(axes.map((a) => axisIndex(c, s, a as number)))].sort((a, b) => a - b);
    const shape = keep.map((d) => known(c, s[d], `input axis ${d}`));
    return [w('mean', shape, false), w('variance', shape, false), w('count', [], false)];
  },
  // subtract the mean, multiply by the reciprocal of the deviation
  cost: (c, [x]) => ({ macs: 0, ops: perSample(c, x) * (OPS_PER_ELEMENT.affine + OPS_PER_ELEMENT.normalize) }),
});

type Flavor = 'keras3' | 'keras2';
const flavor = (ctx: LayerContext): Flavor => (ctx.kerasMajor === 3 ? 'keras3' : 'keras2');

/**
 * Output of the categorical encoders (Hashing, Discretization, CategoryEncoding, lookups) for a
 * non-`int` mode with `depth` classes. `one_hot` replaces a trailing axis of 1, else appends;
 * `multi_hot`/`count`/`tf_idf` replace the last axis.
 */
function encodedShape(mode: string, x: Shape, depth: Dim): Shape {
  if (x.length === 0) return [depth];
  if (mode === 'one_hot') return x.length > 1 && x[x.length - 1] === 1 ? [...x.slice(0, -1), depth] : [...x, depth];
  return [...x.slice(0, -1), depth];
}

export const categoryEncoding = defineLayer({
  names: ['CategoryEncoding'],
  category: 'preprocessing',
  versions: '2, 3',
  defaults: { output_mode: 'multi_hot' },
  outputShape: (c, [x]) => encodedShape(c.str('output_mode'), hasInput(c, x), c.int('num_tokens')),
});

export const hashing = defineLayer({
  names: ['Hashing'],
  category: 'preprocessing',
  versions: '2, 3',
  defaults: { output_mode: 'int' },
  outputShape: (c, [x], ctx) => {
    const s = hasInput(c, x);
    const mode = c.str('output_mode');
    if (mode === 'int') return s;
    // Keras 3 always replaces the last axis; tf-keras appends for one_hot on a non-1 last axis.
    return flavor(ctx) === 'keras3' ? [...s.slice(0, -1), c.int('num_bins')] : encodedShape(mode, s, c.int('num_bins'));
  },
});

export const hashedCrossing = defineLayer({
  names: ['HashedCrossing'],
  category: 'preprocessing',
  versions: '2.11+, 3',
  defaults: { output_mode: 'int' },
  outputShape: (c, inputs) => {
    if (inputs.length !== 2) throw shapeError(c, `needs exactly 2 inputs, got ${inputs.length}`);
    const s = inputs[0];
    const mode = c.str('output_mode');
    if (mode === 'int') return s;
    if (mode === 'one_hot' && s[s.length - 1] !== 1) return [...s, c.int('num_bins')];
    return [...s.slice(0, -1), c.int('num_bins')];
  },
});

export const discretization = defineLayer({
  names: ['Discretization'],
  category: 'preprocessing',
  versions: '2, 3',
  defaults: { output_mode: 'int' },
  outputShape: (c, [x], ctx) => {
    const s = hasInput(c, x);
    const mode = c.str('output_mode');
    if (mode === 'int') return s;
    const bounds = c.get('bin_boundaries');
    const depth = Array.isArray(bounds) ? bounds.length + 1 : c.int('num_bins');
    if (flavor(ctx) === 'keras2' || mode === 'one_hot') return encodedShape(mode, s, depth);
    // Keras 3 multi_hot/count drop axis 1 rather than the last one.
    return s.length >= 2 ? [s[0], ...s.slice(2), depth] : [depth];
  },
});

/**
 * Vocabulary size of a lookup layer: the recorded `vocabulary_size`, else mask + OOV slots plus
 * an inline vocabulary; unknown when the vocabulary lives in an asset file.
 */
function lookupDepth(c: LayerConfig, defaultMask: unknown): Dim {
  if (c.bool('pad_to_max_tokens') && c.has('max_tokens')) return c.int('max_tokens');
  if (c.has('vocabulary_size')) return c.int('vocabulary_size');
  const vocab = c.get('vocabulary');
  if (!Array.isArray(vocab)) return null;
  const mask = c.raw('mask_token') === undefined ? defaultMask : c.raw('mask_token');
  const maskSlots = mask !== null && mask !== undefined && c.str('output_mode') === 'int' ? 1 : 0;
  const oov = c.int('num_oov_indices');
  const oovToken = c.get('oov_token');
  // A vocabulary may already start with the mask and OOV tokens.
  const specials = [...Array<unknown>(maskSlots).fill(mask), ...Array<unknown>(oov).fill(oovToken)];
  const withSpecials = specials.length > 0 && specials.every((t, i) => vocab[i] === t);
  return maskSlots + oov + (withSpecials ? vocab.length - specials.length : vocab.length);
}

function lookupShape(c: LayerConfig, x: Shape, ctx: LayerContext, defaultMask: unknown): Shape {
  const mode = c.str('output_mode');
  if (mode === 'int') return x;
  const depth = lookupDepth(c, defaultMask);
  // tf-keras lookups return (batch, depth) in every non-int mode.
  if (flavor(ctx) === 'keras2') return [x[0], depth];
  return encodedShape(mode, x, depth);
}

const lookup = (name: string, defaultMask: unknown, oovToken: unknown): LayerSpec =>
  defineLayer({
    names: [name],
    category: 'preprocessing',
    versions: '2, 3',
    defaults: { output_mode: 'int', num_oov_indices: 1, oov_token: oovToken, pad_to_max_tokens: false },
    outputShape: (c, [x], ctx) => lookupShape(c, hasInput(c, x), ctx, defaultMask),
  });

export const stringLookup = lookup('StringLookup', null, '[UNK]');
export const integerLookup = lookup('IntegerLookup', null, -1);

export const textVectorization = defineLayer({
  names: ['TextVectorization'],
  category: 'preprocessing',
  versions: '2, 3',
  defaults: { output_mode: 'int', output_sequence_length: null, pad_to_max_tokens: false, num_oov_indices: 1, oov_token: '[UNK]' },
  outputShape: (c, [x], ctx) => {
    const s = hasInput(c, x);
    if (c.str('output_mode') === 'int') return [s[0], c.optInt('output_sequence_length')];
    // Splitting adds a token axis; without it a rank-1 batch gets a unit axis.
    // (an explicit null `split` differs from the absent key, whose default is whitespace)
    const tokens: Shape = c.raw('split') === null ? (s.length <= 1 ? [...s, 1] : s) : [...s, null];
    return lookupShape(c, tokens, ctx, '');
  },
});

/** MelSpectrogram: audio (batch, samples) → (batch, mel bins, frames); frames = (n + stride + 1) // stride. */
export const melSpectrogram = defineLayer({
  names: ['MelSpectrogram'],
  category: 'preprocessing',
  versions: '3',
  defaults: { sequence_stride: 512, num_mel_bins: 128 },
  outputShape: (c, [x]) => {
    const s = hasInput(c, x);
    const stride = c.int('sequence_stride');
    const n = s.length === 1 ? s[0] : s[1];
    const frames = n === null ? null : Math.floor((n + stride + 1) / stride);
    return s.length === 1 ? [c.int('num_mel_bins'), frames] : [s[0], c.int('num_mel_bins'), frames];
  },
});

/** STFTSpectrogram: a strided 1-D convolution with DFT kernels over (batch, time, channels). */
function stftGeometry(c: LayerConfig, x: Shape | undefined) {
  requireRank(c, x, 3);
  const frameLength = c.int('frame_length');
  const step = c.optInt('frame_step') ?? Math.floor(frameLength / 2);
  const fft = c.optInt('fft_length') ?? 2 ** Math.ceil(Math.log2(frameLength));
  const first = c.get('data_format') === 'channels_first';
  const [time, channels] = first ? [x[2], x[1]] : [x[1], x[2]];
  return { frameLength, step, fft, first, time, channels };
}

export const stftSpectrogram = defineLayer({
  names: ['STFTSpectrogram'],
  category: 'preprocessing',
  versions: '3',
  defaults: { mode: 'log', frame_length: 256, padding: 'valid', expand_dims: false, data_format: 'channels_last' },
  outputShape: (c, [x]) => {
    const { frameLength, step, fft, first, time, channels } = stftGeometry(c, x);
    const freq = (Math.floor(fft / 2) + 1) * (c.str('mode') === 'stft' ? 2 : 1);
    const frames = convOutputLength(time, frameLength, padding(c), step);
    if (c.bool('expand_dims')) return first ? [x![0], channels, frames, freq] : [x![0], frames, freq, channels];
    const merged = product([freq, channels]);
    return first ? [x![0], merged, frames] : [x![0], frames, merged];
  },
  weights: (c, [x]) => {
    const { frameLength, fft } = stftGeometry(c, x);
    const shape = [frameLength, 1, Math.floor(fft / 2) + 1];
    const mode = c.str('mode');
    return [...(mode !== 'imag' ? [w('real_kernel', shape)] : []), ...(mode !== 'real' ? [w('imag_kernel', shape)] : [])];
  },
  // every frame of every channel is multiplied by each DFT kernel (the magnitude and log are not counted)
  cost: (c, [x]) => {
    const { frameLength, step, fft, time, channels } = stftGeometry(c, x);
    const frames = perSample(c, [null, convOutputLength(time, frameLength, padding(c), step), channels]);
    const kernels = c.str('mode') === 'real' || c.str('mode') === 'imag' ? 1 : 2;
    return { macs: frames * frameLength * (Math.floor(fft / 2) + 1) * kernels, ops: 0 };
  },
});

/** Keras 3 Pipeline: its layers applied in order (preprocessing layers, so no weights of its own). */
export const pipeline = defineLayer({
  names: ['Pipeline'],
  category: 'preprocessing',
  versions: '3',
  outputShape: (c, inputs, ctx) => {
    const layers = c.get('layers');
    if (!Array.isArray(layers)) return c.fail('layers', 'a list of layers');
    let shapes = inputs;
    for (const l of layers) {
      const out = ctx.resolveInner(l).outputShape(shapes);
      shapes = Array.isArray(out[0]) ? (out as Shape[]) : [out as Shape];
    }
    return shapes.length === 1 ? shapes[0] : shapes;
  },
  weights: (c, inputs, ctx) => {
    const layers = c.get('layers');
    if (!Array.isArray(layers)) return c.fail('layers', 'a list of layers');
    const out = [];
    let shapes = inputs;
    for (const l of layers) {
      const inner = ctx.resolveInner(l);
      out.push(...inner.weights(shapes).map((x) => ({ ...x, name: `${inner.name}/${x.name}` })));
      const o = inner.outputShape(shapes);
      shapes = Array.isArray(o[0]) ? (o as Shape[]) : [o as Shape];
    }
    return out;
  },
  cost: (c, inputs, _out, ctx) => {
    const layers = c.get('layers');
    if (!Array.isArray(layers)) return c.fail('layers', 'a list of layers');
    const costs = [];
    let shapes = inputs;
    for (const l of layers) {
      const inner = ctx.resolveInner(l);
      costs.push(inner.cost(shapes));
      const o = inner.outputShape(shapes);
      shapes = Array.isArray(o[0]) ? (o as Shape[]) : [o as Shape];
    }
    return plus(...costs);
  },
});

export const preprocessingLayers: LayerSpec[] = [
  imageAugmentation, rescaling, resizing, centerCrop, randomCrop, randomHeight, randomWidth, normalization,
  categoryEncoding, hashing, hashedCrossing, discretization, stringLookup, integerLookup, textVectorization,
  melSpectrogram, stftSpectrogram, pipeline,
];

// Convolution family: one rank-generic factory, thin rank-fixed entries (Keras base_conv.py).
import { shapeError } from './config.js';
import { convOutputLength, deconvOutputLength, joinSpatial, known, padding, positive, product, splitSpatial } from './shape-math.js';
import { defineLayer, w, type LayerContext, type LayerSpec } from './types.js';
import { tfjsConvPadding, tfjsDepthwiseDilation } from './tfjs-quirks.js';
import type { LayerConfig } from './config.js';
import type { Shape } from '../types/shape.js';
import { linearCost, mainOutput, perSample } from './cost-math.js';

const CONV_DEFAULTS = { strides: 1, padding: 'valid', dilation_rate: 1, groups: 1, use_bias: true, data_format: 'channels_last' };

function convSpatial(c: LayerConfig, x: Shape, rank: number, ctx: LayerContext, dilationOf = (d: number[]) => d) {
  const { batch, spatial, channels } = splitSpatial(c, x, rank);
  const k = c.ints('kernel_size', rank);
  const s = c.ints('strides', rank);
  const d = dilationOf(c.ints('dilation_rate', rank));
  const p = tfjsConvPadding(ctx, padding(c));
  const out = spatial.map((len, i) => positive(c, convOutputLength(len, k[i], p, s[i], d[i]), `output dimension ${i + 1}`));
  return { batch, out, channels, k };
}

function conv(rank: 1 | 2 | 3, names: string[]): LayerSpec {
  return defineLayer({
    names,
    category: 'convolution',
    versions: '1, 2, 3',
    defaults: CONV_DEFAULTS,
    outputShape: (c, [x], ctx) => {
      const { batch, out } = convSpatial(c, x, rank, ctx);
      return joinSpatial(c, batch, out, c.int('filters'));
    },
    weights: (c, [x], ctx) => {
      const { channels, k } = convSpatial(c, x, rank, ctx);
      const filters = c.int('filters');
      const groups = c.int('groups');
      const cin = known(c, channels, 'the input channel count');
      if (cin % groups !== 0) throw shapeError(c, `input channels ${cin} are not divisible by groups=${groups}`);
      return [w('kernel', [...k, cin / groups, filters]), ...(c.bool('use_bias') ? [w('bias', [filters])] : [])];
    },
    // each output value sums its window over the input channels of its group
    cost: (c, [x], out, ctx) => {
      const { channels, k } = convSpatial(c, x, rank, ctx);
      const cin = known(c, channels, 'the input channel count');
      const n = perSample(c, mainOutput(out));
      return linearCost(c, n * product(k)! * (cin / c.int('groups')), n);
    },
  });
}

function convTranspose(rank: 1 | 2 | 3, names: string[]): LayerSpec {
  const spatial = (c: LayerConfig, x: Shape) => {
    const { batch, spatial: sp, channels } = splitSpatial(c, x, rank);
    const k = c.ints('kernel_size', rank);
    const s = c.ints('strides', rank);
    const d = c.ints('dilation_rate', rank);
    const op = c.has('output_padding') ? c.ints('output_padding', rank) : null;
    const p = padding(c);
    const out = sp.map((len, i) => deconvOutputLength(len, k[i], p, s[i], op ? op[i] : null, d[i]));
    return { batch, out, channels, k };
  };
  return defineLayer({
    names,
    category: 'convolution',
    versions: rank === 2 ? '1, 2, 3' : '2, 3',
    defaults: { ...CONV_DEFAULTS, output_padding: null },
    outputShape: (c, [x]) => {
      const { batch, out } = spatial(c, x);
      return joinSpatial(c, batch, out, c.int('filters'));
    },
    weights: (c, [x]) => {
      const { channels, k } = spatial(c, x);
      const filters = c.int('filters');
      const cin = known(c, channels, 'the input channel count');
      return [w('kernel', [...k, filters, cin]), ...(c.bool('use_bias') ? [w('bias', [filters])] : [])];
    },
    // each input value is scattered through the kernel into every filter
    cost: (c, [x], out) => {
      const { channels, k } = spatial(c, x);
      const cin = known(c, channels, 'the input channel count');
      const positions = perSample(c, x) / cin;
      return linearCost(c, positions * cin * product(k)! * c.int('filters'), perSample(c, mainOutput(out)));
    },
  });
}

export const conv1d = conv(1, ['Conv1D', 'Convolution1D', 'AtrousConvolution1D']);
export const conv2d = conv(2, ['Conv2D', 'Convolution2D', 'AtrousConvolution2D']);
export const conv3d = conv(3, ['Conv3D', 'Convolution3D']);
export const conv1dTranspose = convTranspose(1, ['Conv1DTranspose', 'Convolution1DTranspose']);
export const conv2dTranspose = convTranspose(2, ['Conv2DTranspose', 'Convolution2DTranspose', 'Deconvolution2D']);
export const conv3dTranspose = convTranspose(3, ['Conv3DTranspose', 'Convolution3DTranspose', 'Deconvolution3D']);


/** Depthwise and separable convolutions take `valid`/`same`; tf-keras also let SeparableConv1D be `causal`. */
function checkPadding(c: LayerConfig, allowCausal: boolean): void {
  const p = padding(c);
  if (p !== 'valid' && p !== 'same' && !(p === 'causal' && allowCausal)) c.fail('padding', allowCausal ? '"valid", "same" or "causal"' : '"valid" or "same"');
}

/** Depthwise: one spatial filter stack per input channel, `depth_multiplier` outputs each. */
function depthwiseConv(rank: 1 | 2, names: string[]): LayerSpec {
  return defineLayer({
    names,
    category: 'convolution',
    versions: rank === 2 ? '2, 3' : '2.8+, 3',
    defaults: { ...CONV_DEFAULTS, depth_multiplier: 1 },
    outputShape: (c, [x], ctx) => {
      checkPadding(c, false);
      const { batch, out, channels } = convSpatial(c, x, rank, ctx, (d) => tfjsDepthwiseDilation(ctx, d));
      return joinSpatial(c, batch, out, channels === null ? null : channels * c.int('depth_multiplier'));
    },
    weights: (c, [x], ctx) => {
      const { channels, k } = convSpatial(c, x, rank, ctx, (d) => tfjsDepthwiseDilation(ctx, d));
      const dm = c.int('depth_multiplier');
      const cin = known(c, channels, 'the input channel count');
      // Keras 2 named the kernel `depthwise_kernel`; Keras 3 renamed it `kernel`.
      const kernel = ctx.kerasMajor === 3 ? 'kernel' : 'depthwise_kernel';
      return [w(kernel, [...k, cin, dm]), ...(c.bool('use_bias') ? [w('bias', [cin * dm])] : [])];
    },
    // each output value sums one input channel's window
    cost: (c, [x], out, ctx) => {
      const { k } = convSpatial(c, x, rank, ctx, (d) => tfjsDepthwiseDilation(ctx, d));
      const n = perSample(c, mainOutput(out));
      return linearCost(c, n * product(k)!, n);
    },
  });
}

/** Separable: a depthwise step then a 1×…×1 pointwise convolution to `filters`. */
function separableConv(rank: 1 | 2, names: string[]): LayerSpec {
  return defineLayer({
    names,
    category: 'convolution',
    versions: rank === 2 ? '1, 2, 3' : '2, 3',
    defaults: { ...CONV_DEFAULTS, depth_multiplier: 1 },
    outputShape: (c, [x], ctx) => {
      checkPadding(c, rank === 1 && ctx.kerasMajor !== 3);
      const { batch, out } = convSpatial(c, x, rank, ctx);
      return joinSpatial(c, batch, out, c.int('filters'));
    },
    weights: (c, [x], ctx) => {
      const { channels, k } = convSpatial(c, x, rank, ctx);
      const dm = c.int('depth_multiplier');
      const filters = c.int('filters');
      const cin = known(c, channels, 'the input channel count');
      return [
        w('depthwise_kernel', [...k, cin, dm]),
        w('pointwise_kernel', [...Array<number>(rank).fill(1), cin * dm, filters]),
        ...(c.bool('use_bias') ? [w('bias', [filters])] : []),
      ];
    },
    // the depthwise step at every output position, then the pointwise product to `filters`
    cost: (c, [x], out, ctx) => {
      const { channels, k } = convSpatial(c, x, rank, ctx);
      const mid = known(c, channels, 'the input channel count') * c.int('depth_multiplier');
      const n = perSample(c, mainOutput(out));
      const positions = n / c.int('filters');
      return linearCost(c, positions * mid * product(k)! + positions * mid * c.int('filters'), n);
    },
  });
}

export const depthwiseConv1d = depthwiseConv(1, ['DepthwiseConv1D']);
export const depthwiseConv2d = depthwiseConv(2, ['DepthwiseConv2D']);
export const separableConv1d = separableConv(1, ['SeparableConv1D', 'SeparableConvolution1D']);
export const separableConv2d = separableConv(2, ['SeparableConv2D', 'SeparableConvolution2D']);

export const convLayers = [
  conv1d, conv2d, conv3d, conv1dTranspose, conv2dTranspose, conv3dTranspose,
  depthwiseConv1d, depthwiseConv2d, separableConv1d, separableConv2d,
];

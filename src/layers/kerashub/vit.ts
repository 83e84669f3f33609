// KerasHub's ViT layers (keras-hub src/models/vit/vit_layers.py). ViTPatchingAndEmbedding: a class
// token (its own variable), a Conv2D `patch_embedding` of kernel = stride = patch size, an Embedding
// of one vector per position. ViTEncoder: `num_layers` ViTEncoderBlocks (LayerNorm, MultiHeadAttention
// with key_dim = hidden // heads, LayerNorm, a two-Dense MLP), kept in the list attribute
// `encoder_layers`, then a final LayerNorm `ln`. The Embedding, attention projections and MLP Dense
// follow the owner's dtype policy, quantized included (a DTypePolicyMap by sub-layer path:
// `vit_encoder/transformer_block_1/mha/query`, `vit_patching_and_embedding/position_embedding`).
import { shapeError, type LayerConfig } from '../config.js';
import { defineLayer, w, type LayerContext } from '../types.js';
import { ownedBy, type Shape, type WeightSpec } from '../../types/shape.js';
import type { LayerCost } from '../types.js';
import { OPS_PER_ELEMENT as OPS, perSample, plus, times } from '../cost-math.js';
import { headCount, headWidth } from './heads.js';
import { layerNormCost, transformerBlockCost } from './block-cost.js';
import { mhaWeights } from '../attention.js';
import { denseLayout, embeddingLayout, sublayerTableWeights } from '../quantized.js';
import { sameShape } from '../shape-math.js';
import { listItemNamer } from '../../normalize/weight-owners.js';
import { MAX_REBUILT_BLOCKS } from '../../readers/limits.js';

function positions(c: LayerConfig): number {
  const [h, w0] = c.ints('image_size', 2);
  const [ph, pw] = c.ints('patch_size', 2);
  if (ph < 1 || pw < 1) c.fail('patch_size', 'a positive patch size');
  const patches = Math.floor(h / ph) * Math.floor(w0 / pw);
  return patches + (c.bool('use_class_token') ? 1 : 0);
}

/** The patch Conv2D (kernel = stride = patch, with its bias) and the position vectors added. */
function patchingCost(c: LayerConfig, x: Shape): LayerCost {
  const d = c.int('hidden_dim');
  const [ph, pw] = c.ints('patch_size', 2);
  const patches = positions(c) - (c.bool('use_class_token') ? 1 : 0);
  const channels = x[c.get('data_format') === 'channels_first' ? 1 : x.length - 1] ?? c.int('num_channels');
  return { macs: patches * ph * pw * channels * d, ops: patches * d * (c.bool('use_patch_bias') ? OPS.bias : 0) + positions(c) * d * OPS.merge };
}

export const vitPatchingAndEmbedding = defineLayer({
  names: ['ViTPatchingAndEmbedding'],
  category: 'embedding',
  versions: '3',
  defaults: { num_channels: 3, use_class_token: true, use_patch_bias: true },
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    return [x[0], positions(c), c.int('hidden_dim')];
  },
  cost: (c, [x]) => patchingCost(c, x),
  weights: (c, [x], ctx) => {
    const d = c.int('hidden_dim');
    const [ph, pw] = c.ints('patch_size', 2);
    const channelsFirst = c.get('data_format') === 'channels_first';
    const channels = x?.[channelsFirst ? 1 : x.length - 1] ?? c.int('num_channels');
    if (channels === null) throw shapeError(c, 'needs a known number of channels');
    return [
      ...(c.bool('use_class_token') ? [w('class_token', [1, 1, d])] : []),
      ...ownedBy('patch_embedding', [w('kernel', [ph, pw, channels, d]), ...(c.bool('use_patch_bias') ? [w('bias', [d])] : [])], 'patch_embedding'),
      ...ownedBy('position_embedding', sublayerTableWeights(c, 'position_embedding', 'Embedding', embeddingLayout(positions(c), d), ctx), 'position_embedding'),
    ];
  },
});

const norm = (scope: string, object: string, d: number) => ownedBy(object, [w('gamma', [d]), w('beta', [d])], scope);

/** One ViTEncoderBlock as its owner sees it: names scoped by the block's name, kept at `object`. */
function encoderBlock(c: LayerConfig, name: string, object: string, d: number, ctx: LayerContext): WeightSpec[] {
  const heads = headCount(c, 'num_heads');
  const k = headWidth(c, d, 'num_heads');
  const mhaBias = c.bool('use_mha_bias');
  const mlpBias = c.bool('use_mlp_bias');
  const dense = (layer: string, i: number, o: number) => ownedBy(layer, sublayerTableWeights(c, `${name}/mlp/${layer}`, 'Dense', denseLayout(i, o, mlpBias), ctx), layer);
  return ownedBy(object, [
    ...norm('ln_1', 'layer_norm_1', d),
    ...ownedBy('mha', mhaWeights({
      dq: d, dk: d, dv: d, heads, keyDim: k, valueDim: k, out: [d], bias: mhaBias,
      table: { rank: 3, build: (projection, t) => sublayerTableWeights(c, `${name}/mha/${projection}`, 'EinsumDense', t, ctx) },
    }), 'mha'),
    ...norm('ln_2', 'layer_norm_2', d),
    ...ownedBy('mlp', [...dense('dense_1', d, c.int('mlp_dim')), ...dense('dense_2', c.int('mlp_dim'), d)], 'mlp'),
  ], name);
}

export const vitEncoder = defineLayer({
  names: ['ViTEncoder'],
  category: 'attention',
  versions: '3',
  defaults: { use_mha_bias: true, use_mlp_bias: true },
  outputShape: sameShape,
  // each block (ViT's MLP is the feedforward, GELU), then the final LayerNorm
  cost: (c, [x]) => {
    const d = c.int('hidden_dim');
    const heads = headCount(c, 'num_heads');
    const block = transformerBlockCost(c, x, { d, heads, k: headWidth(c, d, 'num_heads'), i: c.int('mlp_dim'), activation: 'gelu' });
    return plus(times(c.int('num_layers'), block), layerNormCost(perSample(c, x)));
  },
  // every block is built for (None, None, hidden_dim), whatever the input
  weights: (c, _x, ctx) => {
    const d = c.int('hidden_dim');
    const blocks: WeightSpec[] = [];
    // the list attribute `encoder_layers` names its items by class: vi_t_encoder_block, _1, …
    const item = listItemNamer();
    const n = c.int('num_layers');
    if (n > MAX_REBUILT_BLOCKS) throw shapeError(c, `num_layers ${n} is over the ${MAX_REBUILT_BLOCKS} blocks this reader builds`);
    for (let i = 0; i < n; i++) blocks.push(...encoderBlock(c, `transformer_block_${i + 1}`, `encoder_layers/${item('ViTEncoderBlock')}`, d, ctx));
    return [...blocks, ...norm('ln', 'layer_norm', d)];
  },
});

export const vitLayers = [vitPatchingAndEmbedding, vitEncoder];

// KerasHub's TransformerEncoder and TransformerDecoder (keras-hub src/layers/modeling/): a
// MultiHeadAttention with key_dim = hidden // num_heads, LayerNormalizations and a two-Dense
// feedforward, built in build() in the order below (layer.weights order). Each sub-layer is a
// private attribute (`_self_attention_layer`, `_feedforward_output_dense`, …): that is where Keras 3
// files keep its variables (WeightSpec.objects). The Dense and EinsumDense sub-layers follow the
// block's dtype policy, quantized ones included (a DTypePolicyMap by `<block>/<sub-layer>` path).
// The output has the input's shape; the masks passed as keywords add nothing.
import { shapeError, type LayerConfig } from '../config.js';
import { defineLayer, w, type LayerContext, type LayerCost } from '../types.js';
import { headWidth, hiddenSize } from './heads.js';
import { transformerBlockCost } from './block-cost.js';
import { mhaWeights } from '../attention.js';
import { denseLayout, sublayerTableWeights } from '../quantized.js';
import { ownedBy, type Shape, type WeightSpec } from '../../types/shape.js';

/**
 * The block's sub-layers, their variables under the block's dtype policy (a DTypePolicyMap keyed
 * `<block>/<sub-layer name>`, `<block>/self_attention/query`: quantized.ts `sublayerTableWeights`).
 */
function subLayers(c: LayerConfig, ctx: LayerContext) {
  return {
    /** a MultiHeadAttention (biases on) over sequences of d features, kept as `object`, named `name` */
    attention: (name: string, object: string, d: number, heads: number, keyDim: number): WeightSpec[] =>
      ownedBy(object, mhaWeights({
        dq: d, dk: d, dv: d, heads, keyDim, valueDim: keyDim, out: [d], bias: true,
        table: { rank: 3, build: (projection, t) => sublayerTableWeights(c, `${name}/${projection}`, 'EinsumDense', t, ctx) },
      }), name),
    /** a Dense with bias, kept as the private attribute `_<name>` */
    dense: (name: string, i: number, o: number): WeightSpec[] => ownedBy(`_${name}`, sublayerTableWeights(c, name, 'Dense', denseLayout(i, o, true), ctx), name),
  };
}

const norm = (name: string, d: number) => ownedBy(`_${name}`, [w('gamma', [d]), w('beta', [d])], name);

const keyDim = (c: LayerConfig, d: number) => headWidth(c, d, 'num_heads');

/** The sequence the layer transforms: its first positional input. */
function sequence(c: LayerConfig, inputs: Shape[], ctx: LayerContext): Shape {
  const i = ctx.call ? ctx.call.inputKeywords.findIndex((k) => k === null) : 0;
  const x = inputs[Math.max(0, i)];
  if (!x) throw shapeError(c, 'has no input sequence');
  return x;
}

/** Both blocks cost the same: one self-attention, two norms, one feedforward (no cross-attention). */
function blockCost(c: LayerConfig, inputs: Shape[], ctx: LayerContext): LayerCost {
  const x = sequence(c, inputs, ctx);
  const d = hiddenSize(c, x);
  if (ctx.call?.inputKeywords.includes('encoder_sequence')) throw shapeError(c, 'cost unknown: cross-attention is not costed');
  return transformerBlockCost(c, x, { d, heads: c.int('num_heads'), k: keyDim(c, d), i: c.int('intermediate_dim'), activation: c.get('activation') ?? 'relu' });
}

interface BlockDims {
  d: number;
  i: number;
  heads: number;
  k: number;
  /** the call passed an encoder_sequence (a decoder then builds cross-attention) */
  cross: boolean;
}

/** A block layer: the input's shape out, the one block cost, weights in its build() order. */
function block(name: string, build: (s: BlockDims, sub: ReturnType<typeof subLayers>) => WeightSpec[]) {
  return defineLayer({
    names: [name],
    category: 'attention',
    versions: '3',
    outputShape: (c, inputs, ctx) => sequence(c, inputs, ctx),
    cost: (c, inputs, _out, ctx) => blockCost(c, inputs, ctx),
    weights: (c, inputs, ctx) => {
      const d = hiddenSize(c, sequence(c, inputs, ctx));
      const cross = ctx.call?.inputKeywords.includes('encoder_sequence') ?? false;
      return build({ d, i: c.int('intermediate_dim'), heads: c.int('num_heads'), k: keyDim(c, d), cross }, subLayers(c, ctx));
    },
  });
}

export const transformerEncoder = block('TransformerEncoder', ({ d, i, heads, k }, { attention, dense }) => [
  ...attention('self_attention_layer', '_self_attention_layer', d, heads, k),
  ...norm('self_attention_layer_norm', d),
  ...norm('feedforward_layer_norm', d),
  ...dense('feedforward_intermediate_dense', d, i),
  ...dense('feedforward_output_dense', i, d),
]);

// cross-attention is built only when the call passes an encoder_sequence
export const transformerDecoder = block('TransformerDecoder', ({ d, i, heads, k, cross }, { attention, dense }) => [
  ...attention('self_attention', '_self_attention_layer', d, heads, k),
  ...norm('self_attention_layer_norm', d),
  ...(cross ? [...attention('cross_attention', '_cross_attention_layer', d, heads, k), ...norm('cross_attention_layer_norm', d)] : []),
  ...dense('feedforward_intermediate_dense', d, i),
  ...dense('feedforward_output_dense', i, d),
  ...norm('feedforward_layer_norm', d),
]);

export const kerasHubTransformerLayers = [transformerEncoder, transformerDecoder];

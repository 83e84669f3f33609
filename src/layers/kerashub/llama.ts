// KerasHub's Llama layers (keras-hub src/models/llama/): LlamaLayerNorm is an RMS norm with one
// `scale` vector; LlamaTransformerDecoder is a pre-norm block of grouped-query attention (head_dim
// = hidden // num_query_heads, projections without biases, rotary positions without weights) and a
// SwiGLU feedforward (intermediate and gate Dense, then the output Dense), no biases. Each
// sub-layer is a private attribute, where Keras 3 files keep its variables.
import { shapeError, type LayerConfig } from '../config.js';
import { defineLayer, w } from '../types.js';
import { ownedBy, type Shape } from '../../types/shape.js';
import { perSample } from '../cost-math.js';
import { known } from '../shape-math.js';
import { rmsNormCost, transformerBlockCost } from './block-cost.js';

function hidden(c: LayerConfig, x: Shape | undefined): number {
  return known(c, x?.[x.length - 1], 'the hidden size (last input dimension)');
}

export const llamaLayerNorm = defineLayer({
  names: ['LlamaLayerNorm'],
  category: 'normalization',
  versions: '3',
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input');
    return x;
  },
  weights: (c, [x]) => [w('scale', [hidden(c, x)])],
  cost: (c, [x]) => rmsNormCost(perSample(c, x)),
});

function sizes(c: LayerConfig, x: Shape | undefined) {
  const d = hidden(c, x);
  const q = c.int('num_query_heads');
  const kv = c.int('num_key_value_heads');
  const k = Math.floor(d / q);
  if (k === 0) throw shapeError(c, `hidden size ${d} is smaller than num_query_heads ${q}`);
  return { d, q, kv, k, i: c.int('intermediate_dim') };
}

export const llamaTransformerDecoder = defineLayer({
  names: ['LlamaTransformerDecoder'],
  category: 'attention',
  versions: '3',
  outputShape: (c, [x]) => {
    if (!x) throw shapeError(c, 'has no input sequence');
    return x;
  },
  weights: (c, [x]) => {
    const { d, q, kv, k, i } = sizes(c, x);
    const kernel = (scope: string, object: string, shape: number[]) => ownedBy(object, [w('kernel', shape)], scope);
    return [
      ...ownedBy('_self_attention_layer', [
        ...kernel('query', '_query_dense', [d, q, k]),
        ...kernel('key', '_key_dense', [d, kv, k]),
        ...kernel('value', '_value_dense', [d, kv, k]),
        ...kernel('attention_output', '_output_dense', [q, k, d]),
      ], 'self_attention'),
      ...ownedBy('_self_attention_layernorm', [w('scale', [d])], 'self_attention_layernorm'),
      ...kernel('feedforward_intermediate_dense', '_feedforward_intermediate_dense', [d, i]),
      ...kernel('feedforward_gate_dense', '_feedforward_gate_dense', [d, i]),
      ...kernel('feedforward_output_dense', '_feedforward_output_dense', [i, d]),
      ...ownedBy('_feedforward_layernorm', [w('scale', [d])], 'feedforward_layernorm'),
    ];
  },
  cost: (c, [x]) => {
    const { d, q, kv, k, i } = sizes(c, x);
    return transformerBlockCost(c, x, { d, heads: q, kvHeads: kv, k, i, activation: 'silu', noBias: true, gated: true, rms: true });
  },
});

export const llamaLayers = [llamaLayerNorm, llamaTransformerDecoder];

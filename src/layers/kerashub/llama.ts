// KerasHub's Llama layers (keras-hub src/models/llama/), which Mistral's and Qwen's repeat under
// their own names: LlamaLayerNorm is an RMS norm with one `scale` vector; LlamaTransformerDecoder is
// a pre-norm block of grouped-query attention (head_dim = hidden // num_query_heads, projections
// without biases, rotary positions without weights) and a SwiGLU feedforward (intermediate and gate
// Dense, then the output Dense), no biases. Each sub-layer is a private attribute, where Keras 3
// files keep its variables.
import type { LayerConfig } from '../config.js';
import { defineLayer, w } from '../types.js';
import { ownedBy, type Shape } from '../../types/shape.js';
import { OPS_PER_ELEMENT as OPS, perSample, plus } from '../cost-math.js';
import { sameShape } from '../shape-math.js';
import { headCount, headWidth, hiddenSize } from './heads.js';
import { rmsNormCost, transformerBlockCost } from './block-cost.js';
import { denseLayout, einsumLayout, einsumSpecs, sublayerTableWeights, type TableLayout } from '../quantized.js';

/** An RMS norm layer of KerasHub (Llama's, Mistral's, Qwen's): one `scale` vector over the last axis. */
export function rmsNormLayer(name: string) {
  return defineLayer({
    names: [name],
    category: 'normalization',
    versions: '3',
    outputShape: sameShape,
    weights: (c, [x]) => [w('scale', [hiddenSize(c, x)])],
    cost: (c, [x]) => rmsNormCost(perSample(c, x)),
  });
}

/** head_dim: the config's (Mistral's `head_dim`, when set) or hidden // num_query_heads. */
function sizes(c: LayerConfig, x: Shape | undefined) {
  const d = hiddenSize(c, x);
  const q = headCount(c, 'num_query_heads');
  return { d, q, kv: headCount(c, 'num_key_value_heads'), k: headWidth(c, d, 'num_query_heads', 'head_dim'), i: c.int('intermediate_dim') };
}

/**
 * A Llama-style decoder block named `name`; `qkvBias`: the query, key and value projections have
 * biases per head (Qwen's `bias_axes` "uh" / "vh"), the output projection none.
 */
export function groupedQueryDecoder(name: string, { qkvBias = false } = {}) {
  return defineLayer({
    names: [name],
    category: 'attention',
    versions: '3',
    outputShape: sameShape,
    // each projection and Dense is quantizable: under `model.quantize()` it builds its own int8 variables
    weights: (c, [x], ctx) => {
      const { d, q, kv, k, i } = sizes(c, x);
      const sub = (scope: string, object: string, path: string, className: string, layout: TableLayout) =>
        ownedBy(object, sublayerTableWeights(c, path, className, layout, ctx), scope);
      const einsum = (scope: string, object: string, kernel: number[], bias: number[] | null, equation: string) =>
        sub(scope, object, `self_attention/${scope}`, 'EinsumDense', einsumLayout(kernel, bias, einsumSpecs(equation)));
      const dense = (scope: string, din: number, units: number) => sub(scope, `_${scope}`, scope, 'Dense', denseLayout(din, units, false));
      return [
        ...ownedBy('_self_attention_layer', [
          ...einsum('query', '_query_dense', [d, q, k], qkvBias ? [q, k] : null, 'bqm,muh->bquh'),
          ...einsum('key', '_key_dense', [d, kv, k], qkvBias ? [kv, k] : null, 'bkm,mvh->bkvh'),
          ...einsum('value', '_value_dense', [d, kv, k], qkvBias ? [kv, k] : null, 'bkm,mvh->bkvh'),
          ...einsum('attention_output', '_output_dense', [q, k, d], null, 'bquh,uhm->bqm'),
        ], 'self_attention'),
        ...ownedBy('_self_attention_layernorm', [w('scale', [d])], 'self_attention_layernorm'),
        ...dense('feedforward_intermediate_dense', d, i),
        ...dense('feedforward_gate_dense', d, i),
        ...dense('feedforward_output_dense', i, d),
        ...ownedBy('_feedforward_layernorm', [w('scale', [d])], 'feedforward_layernorm'),
      ];
    },
    cost: (c, [x]) => {
      const { d, q, kv, k, i } = sizes(c, x);
      const block = transformerBlockCost(c, x, { d, heads: q, kvHeads: kv, k, i, activation: 'silu', noBias: true, gated: true, rms: true });
      // Qwen's q/k/v biases: one add per projected value
      return qkvBias ? plus(block, { macs: 0, ops: perSample(c, x.slice(0, -1)) * (q + 2 * kv) * k * OPS.bias }) : block;
    },
  });
}

export const llamaLayerNorm = rmsNormLayer('LlamaLayerNorm');
export const llamaTransformerDecoder = groupedQueryDecoder('LlamaTransformerDecoder');

export const llamaLayers = [llamaLayerNorm, llamaTransformerDecoder];

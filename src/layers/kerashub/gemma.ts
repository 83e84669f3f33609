// KerasHub's GemmaDecoderBlock (keras-hub src/models/gemma/gemma_decoder_block.py, gemma_attention.py):
// a pre-norm block of RMS norms (one `scale` vector each), grouped-query attention whose four
// EinsumDense projections have no biases (query `btd,ndh->btnh` of kernel (heads, hidden, head_dim),
// key and value `bsd,kdh->bskh` of (kv_heads, hidden, head_dim), output `btnh,nhd->btd`; rotary
// positions without weights) and a gated feedforward of two `btd,df->btf` EinsumDense of width
// intermediate_dim // 2 and one `btf,fd->btd` back to hidden_dim. Optional post-attention and
// post-feedforward norms. Sub-layers are public attributes, saved under their attribute names
// (`gating_ffw`), named by their layer names (`ffw_gating`); their variables follow the block's
// dtype policy, a DTypePolicyMap keyed by `<block>/<layer name>` included.
import { shapeError, type LayerConfig } from '../config.js';
import { defineLayer, w, type LayerContext } from '../types.js';
import { perSample, plus } from '../cost-math.js';
import { sameShape } from '../shape-math.js';
import { einsumLayout, einsumSpecs, sublayerTableWeights } from '../quantized.js';
import { ownedBy, type Shape, type WeightSpec } from '../../types/shape.js';
import { headCount, headWidth, hiddenSize } from './heads.js';
import { rmsNormCost, transformerBlockCost } from './block-cost.js';

function sizes(c: LayerConfig, x: Shape | undefined) {
  const d = hiddenSize(c, x);
  const i = Math.floor(c.int('intermediate_dim') / 2);
  if (i === 0) throw shapeError(c, `intermediate_dim ${c.int('intermediate_dim')} leaves no feedforward width (intermediate_dim // 2)`);
  const q = headCount(c, 'num_query_heads');
  return { d, q, kv: headCount(c, 'num_key_value_heads'), h: headWidth(c, d, 'num_query_heads', 'head_dim'), i, out: c.int('hidden_dim') };
}

/** An EinsumDense without bias that the block keeps as `object`, named `name` (its path below the block). */
function einsum(c: LayerConfig, ctx: LayerContext, name: string, object: string, equation: string, kernel: number[]): WeightSpec[] {
  return ownedBy(object, sublayerTableWeights(c, name, 'EinsumDense', einsumLayout(kernel, null, einsumSpecs(equation)), ctx), name);
}

const rmsNorm = (name: string, d: number) => ownedBy(name, [w('scale', [d])], name);

export const gemmaDecoderBlock = defineLayer({
  names: ['GemmaDecoderBlock'],
  category: 'attention',
  versions: '3',
  defaults: { use_post_attention_norm: false, use_post_ffw_norm: false },
  outputShape: sameShape,
  // build() order: the sub-layers in the order __init__ assigns them (layer.weights)
  weights: (c, [x], ctx) => {
    const { d, q, kv, h, i, out } = sizes(c, x);
    const attention = (name: string, object: string, equation: string, kernel: number[]) => einsum(c, ctx, `attention/${name}`, `attention/${object}`, equation, kernel);
    return [
      ...rmsNorm('pre_attention_norm', d),
      ...(c.bool('use_post_attention_norm') ? rmsNorm('post_attention_norm', d) : []),
      ...attention('query', 'query_dense', 'btd,ndh->btnh', [q, d, h]),
      ...attention('key', 'key_dense', 'bsd,kdh->bskh', [kv, d, h]),
      ...attention('value', 'value_dense', 'bsd,kdh->bskh', [kv, d, h]),
      ...attention('attention_output', 'output_dense', 'btnh,nhd->btd', [q, h, d]),
      ...rmsNorm('pre_ffw_norm', d),
      ...(c.bool('use_post_ffw_norm') ? rmsNorm('post_ffw_norm', out) : []),
      ...einsum(c, ctx, 'ffw_gating', 'gating_ffw', 'btd,df->btf', [d, i]),
      ...einsum(c, ctx, 'ffw_gating_2', 'gating_ffw_2', 'btd,df->btf', [d, i]),
      ...einsum(c, ctx, 'ffw_linear', 'ffw_linear', 'btf,fd->btd', [i, out]),
    ];
  },
  cost: (c, [x]) => {
    const { d, q, kv, h, i } = sizes(c, x);
    const block = transformerBlockCost(c, x, { d, heads: q, kvHeads: kv, k: h, i, activation: 'gelu', noBias: true, gated: true, rms: true });
    const postNorms = (c.bool('use_post_attention_norm') ? 1 : 0) + (c.bool('use_post_ffw_norm') ? 1 : 0);
    return plus(block, ...Array.from({ length: postNorms }, () => rmsNormCost(perSample(c, x))));
  },
});

export const gemmaLayers = [gemmaDecoderBlock];

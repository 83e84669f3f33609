// Embedding family: Embedding (Keras 1/2/3) and Keras 3's ReversibleEmbedding.
import { shapeError, type LayerConfig } from './config.js';
import { defineLayer, w, type LayerContext } from './types.js';
import { EMBEDDING_QUANTIZATION, embeddingLayout, quantizationOf, tableWeights } from './quantized.js';
import { FREE, perSample } from './cost-math.js';
import type { Shape, WeightSpec } from '../types/shape.js';

/**
 * Keras 2's `input_length` (an int or one entry per non-batch axis) pins unknown input dims and
 * must agree with known ones; Keras 3 dropped the argument.
 */
function embeddedShape(c: LayerConfig, x: Shape | undefined): Shape {
  if (!x) throw shapeError(c, 'has no input');
  const outputDim = c.int('output_dim');
  const raw = c.get('input_length');
  if (raw === null || raw === undefined) return [...x, outputDim];
  const lengths = Array.isArray(raw) ? raw : [raw];
  if (!lengths.every((d) => d === null || Number.isInteger(d))) return c.fail('input_length', 'an integer or a list of integers');
  if (lengths.length !== x.length - 1) {
    throw shapeError(c, `input_length ${JSON.stringify(raw)} does not match an input of rank ${x.length}`);
  }
  const pinned = (lengths as (number | null)[]).map((d, i) => {
    const s = x[i + 1];
    if (d !== null && s !== null && d !== s) throw shapeError(c, `input_length ${d} differs from input dimension ${s}`);
    return d ?? s;
  });
  return [x[0], ...pinned, outputDim];
}

export const embedding = defineLayer({
  names: ['Embedding'],
  category: 'embedding',
  versions: '1, 2, 3',
  quantization: EMBEDDING_QUANTIZATION,
  outputShape: (c, [x]) => embeddedShape(c, x),
  // Keras 1 called the table `W`.
  weights: (c, _x, ctx) => (ctx.kerasMajor === 1 ? [w('W', [c.int('input_dim'), c.int('output_dim')])] : tableWeights(c, embeddingLayout(c.int('input_dim'), c.int('output_dim')), ctx)),
  // a table lookup: no arithmetic
  cost: () => FREE,
});

/**
 * Keras 3 ReversibleEmbedding: an Embedding whose `reverse=True` call (a keyword the call records, as a
 * KerasHub CausalLM's head) projects vectors back to the vocabulary: the last axis becomes input_dim.
 * Quantized as Embedding; untied, its (output_dim, input_dim) reverse table is quantized too, after
 * the forward one (reversible_embedding.py `_int8_build`, `_int4_build`: packed along output_dim, a
 * scale per vocabulary entry, or per group of `block_size` with a float zero point). LoRA factors
 * belong to the forward table (Embedding.enable_lora).
 */
export const reversibleEmbedding = defineLayer({
  names: ['ReversibleEmbedding'],
  category: 'embedding',
  versions: '3',
  quantization: EMBEDDING_QUANTIZATION,
  defaults: { tie_weights: true },
  outputShape: (c, [x], ctx) => {
    if (!reversed(ctx)) return embeddedShape(c, x);
    if (!x) throw shapeError(c, 'has no input');
    return [...x.slice(0, -1), c.int('input_dim')];
  },
  weights: (c, _x, ctx) => {
    const [v, d] = [c.int('input_dim'), c.int('output_dim')];
    const table = tableWeights(c, embeddingLayout(v, d), ctx);
    if (c.bool('tie_weights')) return table;
    const q = quantizationOf(c);
    const lora = c.optInt('lora_rank');
    if (!q && lora) {
      // built before enable_lora adds the factors (the frozen table keeps its place first); saved second, after the table
      const [embeddings, ...factors] = table;
      return [embeddings, { ...w('reverse_embeddings', [d, v]), saved: 1 }, ...factors];
    }
    if (!q) return [...table, w('reverse_embeddings', [d, v])];
    if (lora) throw shapeError(c, 'LoRA on a quantized untied ReversibleEmbedding is not covered by kerascope');
    const frozen = (name: string, shape: number[], dtype?: string): WeightSpec => ({ ...w(name, shape, false), ...(dtype ? { dtype } : {}) });
    if (q.mode === 'int8') return [...table, frozen('reverse_embeddings', [d, v], 'int8'), frozen('reverse_embeddings_scale', [v])];
    const scale = q.blockSize ? [Math.ceil(d / q.blockSize), v] : [v];
    return [
      ...table,
      frozen('reverse_embeddings', [Math.ceil(d / 2), v], 'int8'),
      frozen('reverse_embeddings_scale', scale),
      ...(q.blockSize ? [frozen('reverse_embeddings_zero', scale)] : []),
    ];
  },
  // the forward call a lookup; the reverse one a product with the table, output_dim per logit
  cost: (c, _x, out, ctx) => (reversed(ctx) ? { macs: perSample(c, out as Shape) * c.int('output_dim'), ops: 0 } : FREE),
});

const reversed = (ctx: LayerContext) => ctx.call?.kwargs.reverse === true;

export const embeddingLayers = [embedding, reversibleEmbedding];

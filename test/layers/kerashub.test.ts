// KerasHub layers and the GetItem op layer, from the layer math (keras-hub src/layers/modeling/,
// keras.src.ops.numpy GetItem): weights, params and output shapes worked out by hand. The whole
// backbones are checked against real Keras by the `kerashub` conformance suite.
import { describe, expect, test } from 'vitest';
import { builtWeights, runLayer } from './harness.js';
import { layerSpec } from '../../src/layers/index.js';
import { LayerConfig } from '../../src/layers/config.js';
import type { Shape } from '../../src/types/shape.js';

/** MultiHeadAttention of hidden size d, h heads of d//h: 3 (d·h·k + h·k) + (h·k·d + d) */
const mha = (d: number, h: number) => {
  const k = Math.floor(d / h);
  return 3 * (d * h * k + h * k) + h * k * d + d;
};

describe('TransformerEncoder / TransformerDecoder', () => {
  test.each([
    // d, heads, intermediate: attention + 2 LayerNorms (2d each) + Dense d→i (d·i + i) + Dense i→d (i·d + d)
    [16, 2, 32],
    [12, 4, 48],
    [10, 3, 7], // key_dim 3: 9 of 10 features per head product
  ])('hidden %i, %i heads, intermediate %i', (d, h, i) => {
    const expected = mha(d, h) + 2 * 2 * d + d * i + i + i * d + d;
    for (const cls of ['TransformerEncoder', 'TransformerDecoder']) {
      const r = runLayer(cls, { num_heads: h, intermediate_dim: i }, [[null, null, d]]);
      expect(r.output_shape).toEqual([null, null, d]);
      expect(r.params).toBe(expected);
    }
  });

  test('Keras builds the encoder attention first, both norms, then the feedforward; the decoder norms after each part', () => {
    const names = (cls: string) => runLayer(cls, { num_heads: 2, intermediate_dim: 8 }, [[null, 5, 4]]).weights.map((w) => w.name);
    expect(names('TransformerEncoder').filter((n) => !n.startsWith('self_attention_layer/'))).toEqual([
      'self_attention_layer_norm/gamma', 'self_attention_layer_norm/beta', 'feedforward_layer_norm/gamma', 'feedforward_layer_norm/beta',
      'feedforward_intermediate_dense/kernel', 'feedforward_intermediate_dense/bias', 'feedforward_output_dense/kernel', 'feedforward_output_dense/bias',
    ]);
    expect(names('TransformerDecoder').slice(8)).toEqual([
      'self_attention_layer_norm/gamma', 'self_attention_layer_norm/beta', 'feedforward_intermediate_dense/kernel', 'feedforward_intermediate_dense/bias',
      'feedforward_output_dense/kernel', 'feedforward_output_dense/bias', 'feedforward_layer_norm/gamma', 'feedforward_layer_norm/beta',
    ]);
    // where a .keras file keeps them: the private attributes, the projections under MHA's properties
    const enc = builtWeights('TransformerEncoder', { num_heads: 2, intermediate_dim: 8 }, [[null, 5, 4]]);
    expect(enc[0].objects).toEqual(['_self_attention_layer/query_dense']);
    expect(enc[6].objects).toEqual(['_self_attention_layer/output_dense']);
    expect(enc[14].objects).toEqual(['_feedforward_output_dense']);
  });

  test('more heads than features: key_dim 0 is refused as Keras refuses it', () => {
    expect(() => runLayer('TransformerEncoder', { num_heads: 8, intermediate_dim: 8 }, [[null, 5, 4]])).toThrow(/hidden size 4 is smaller than num_heads 8/);
  });

  // Python divides by the head count (ZeroDivisionError) or builds empty kernels: a coded error
  // here, where zero heads once made Infinity-wide kernels and a NaN parameter count
  test.each([
    ['TransformerEncoder', { num_heads: 0, intermediate_dim: 8 }, /"num_heads"/],
    ['ViTEncoder', { num_layers: 1, num_heads: 0, hidden_dim: 16, mlp_dim: 8 }, /"num_heads"/],
    ['LlamaTransformerDecoder', { num_query_heads: 0, num_key_value_heads: 1, intermediate_dim: 8 }, /"num_query_heads"/],
    ['LlamaTransformerDecoder', { num_query_heads: 2, num_key_value_heads: 0, intermediate_dim: 8 }, /"num_key_value_heads"/],
    ['MistralTransformerDecoder', { num_query_heads: 2, num_key_value_heads: 1, intermediate_dim: 8, head_dim: -2 }, /"head_dim"/],
    ['GemmaDecoderBlock', { hidden_dim: 16, intermediate_dim: 32, head_dim: 8, num_query_heads: -1, num_key_value_heads: 1 }, /"num_query_heads"/],
  ])('%s %j: a coded error naming the head argument, no NaN', (cls, config, message) => {
    expect(() => runLayer(cls, config, [[null, 4, 16]])).toThrow(message);
  });
});

/** A DTypePolicyMap as `model.quantize("int8")` saves it: an int8 QuantizedDTypePolicy per quantized layer path. */
function int8Map(paths: string[]) {
  const int8 = { module: 'keras.dtype_policies', class_name: 'QuantizedDTypePolicy', config: { mode: 'int8', source_name: null }, registered_name: null };
  return { module: 'keras.dtype_policies', class_name: 'DTypePolicyMap', config: { default_policy: null, policy_map: Object.fromEntries(paths.map((p) => [p, int8])) } };
}

const described = (ws: { name: string; shape: number[]; trainable: boolean; dtype?: string }[]) => ws.map((w) => `${w.name} ${JSON.stringify(w.shape)}${w.dtype ? ` ${w.dtype}` : ''}${w.trainable ? '' : ' frozen'}`);

describe('KerasHub blocks under a per-layer DTypePolicyMap (GPT2Backbone.quantize("int8") in Keras 3.15.1 + keras_hub 0.32)', () => {
  test('TransformerDecoder: each sub-layer by its path, biases trainable before the int8 kernel and its scale', () => {
    const paths = ['self_attention/query', 'self_attention/key', 'self_attention/value', 'self_attention/attention_output', 'feedforward_intermediate_dense', 'feedforward_output_dense'];
    const dtype = int8Map(paths.map((p) => `transformer_layer_0/${p}`));
    const config = { name: 'transformer_layer_0', num_heads: 2, intermediate_dim: 32, dtype };
    const r = runLayer('TransformerDecoder', config, [[null, null, 16]]);
    // Keras' layer.weights of that block
    expect(described(r.weights)).toEqual([
      ...['query', 'key', 'value'].flatMap((p) => [`self_attention/${p}/bias [2,8]`, `self_attention/${p}/kernel [16,2,8] int8 frozen`, `self_attention/${p}/kernel_scale [1,1,2,8] frozen`]),
      'self_attention/attention_output/bias [16]', 'self_attention/attention_output/kernel [2,8,16] int8 frozen', 'self_attention/attention_output/kernel_scale [1,1,16] frozen',
      'self_attention_layer_norm/gamma [16]', 'self_attention_layer_norm/beta [16]',
      'feedforward_intermediate_dense/bias [32]', 'feedforward_intermediate_dense/kernel [16,32] int8 frozen', 'feedforward_intermediate_dense/kernel_scale [32] frozen',
      'feedforward_output_dense/bias [16]', 'feedforward_output_dense/kernel [32,16] int8 frozen', 'feedforward_output_dense/kernel_scale [16] frozen',
      'feedforward_layer_norm/gamma [16]', 'feedforward_layer_norm/beta [16]',
    ]);
    expect(r.params).toBe(2336);
    // saved as save_own_variables writes them: kernel, bias, kernel_scale
    const query = builtWeights('TransformerDecoder', config, [[null, null, 16]]).slice(0, 3);
    expect(query.map((w) => [w.name, w.objects, w.saved])).toEqual([
      ['self_attention/query/bias', ['_self_attention_layer/query_dense'], 1],
      ['self_attention/query/kernel', ['_self_attention_layer/query_dense'], 0],
      ['self_attention/query/kernel_scale', ['_self_attention_layer/query_dense'], 2],
    ]);
  });

  test('a map without the block\'s paths leaves it float; another block\'s entries do not apply', () => {
    const r = runLayer('TransformerEncoder', { name: 'transformer_layer_1', num_heads: 2, intermediate_dim: 8, dtype: int8Map(['transformer_layer_0/feedforward_output_dense']) }, [[null, 5, 4]]);
    expect(r.weights.every((w) => w.trainable && !w.dtype)).toBe(true);
    expect(r.params).toBe(mha(4, 2) + 2 * 2 * 4 + 4 * 8 + 8 + 8 * 4 + 4);
  });
});

describe('GemmaDecoderBlock', () => {
  const block = (extra: Record<string, unknown> = {}) => ({ name: 'decoder_block_0', hidden_dim: 16, intermediate_dim: 32, head_dim: 8, num_query_heads: 2, num_key_value_heads: 1, ...extra });

  test('RMS norms, four bias-free attention projections (2 query heads, 1 key/value head of 8), a gated feedforward of 32 // 2', () => {
    const r = runLayer('GemmaDecoderBlock', block(), [[null, null, 16]]);
    expect(r.output_shape).toEqual([null, null, 16]);
    // gemma_attention.py build(): query ndh, key/value kdh, output nhd; gemma_decoder_block.py: df, df, fd with f = 16
    expect(described(r.weights)).toEqual([
      'pre_attention_norm/scale [16]',
      'attention/query/kernel [2,16,8]', 'attention/key/kernel [1,16,8]', 'attention/value/kernel [1,16,8]', 'attention/attention_output/kernel [2,8,16]',
      'pre_ffw_norm/scale [16]',
      'ffw_gating/kernel [16,16]', 'ffw_gating_2/kernel [16,16]', 'ffw_linear/kernel [16,16]',
    ]);
    // 16 + 2·16·8 + 16·8 + 16·8 + 2·8·16 + 16 + 3·16·16
    expect(r.params).toBe(16 + 256 + 128 + 128 + 256 + 16 + 768);
  });

  test('where a .keras file keeps them: attribute names (gating_ffw), not layer names (ffw_gating); the projections under attention', () => {
    const objects = builtWeights('GemmaDecoderBlock', block(), [[null, null, 16]]).map((w) => w.objects?.[0]);
    expect(objects).toEqual(['pre_attention_norm', 'attention/query_dense', 'attention/key_dense', 'attention/value_dense', 'attention/output_dense', 'pre_ffw_norm', 'gating_ffw', 'gating_ffw_2', 'ffw_linear']);
  });

  test('post-attention and post-feedforward norms come right after their pre-norms (the order __init__ assigns them)', () => {
    const names = runLayer('GemmaDecoderBlock', block({ use_post_attention_norm: true, use_post_ffw_norm: true }), [[null, null, 16]]).weights.map((w) => w.name);
    expect(names.slice(0, 3)).toEqual(['pre_attention_norm/scale', 'post_attention_norm/scale', 'attention/query/kernel']);
    expect(names.slice(6, 9)).toEqual(['pre_ffw_norm/scale', 'post_ffw_norm/scale', 'ffw_gating/kernel']);
  });

  test('quantized to int8 by a DTypePolicyMap: what GemmaBackbone.quantize("int8") built in Keras 3.15.1 (1,696 params)', () => {
    const paths = ['attention/query', 'attention/key', 'attention/value', 'attention/attention_output', 'ffw_gating', 'ffw_gating_2', 'ffw_linear'];
    const r = runLayer('GemmaDecoderBlock', block({ use_post_attention_norm: true, use_post_ffw_norm: true, dtype: int8Map(paths.map((p) => `decoder_block_0/${p}`)) }), [[null, null, 16]]);
    expect(described(r.weights)).toEqual([
      'pre_attention_norm/scale [16]', 'post_attention_norm/scale [16]',
      'attention/query/kernel [2,16,8] int8 frozen', 'attention/query/kernel_scale [1,1,2,8] frozen',
      'attention/key/kernel [1,16,8] int8 frozen', 'attention/key/kernel_scale [1,1,1,8] frozen',
      'attention/value/kernel [1,16,8] int8 frozen', 'attention/value/kernel_scale [1,1,1,8] frozen',
      'attention/attention_output/kernel [2,8,16] int8 frozen', 'attention/attention_output/kernel_scale [1,1,16] frozen',
      'pre_ffw_norm/scale [16]', 'post_ffw_norm/scale [16]',
      'ffw_gating/kernel [16,16] int8 frozen', 'ffw_gating/kernel_scale [1,1,16] frozen',
      'ffw_gating_2/kernel [16,16] int8 frozen', 'ffw_gating_2/kernel_scale [1,1,16] frozen',
      'ffw_linear/kernel [16,16] int8 frozen', 'ffw_linear/kernel_scale [1,1,16] frozen',
    ]);
    expect(r.params).toBe(1696);
  });

  test('an intermediate_dim under 2 leaves no feedforward: refused, naming the layer', () => {
    expect(() => runLayer('GemmaDecoderBlock', block({ intermediate_dim: 1 }), [[null, null, 16]])).toThrow(/decoder_block_0.*intermediate_dim/);
  });
});

describe('PositionEmbedding and TokenAndPositionEmbedding', () => {
  test('a (sequence_length, features) table; the output is the input', () => {
    const r = runLayer('PositionEmbedding', { sequence_length: 16 }, [[null, null, 8]]);
    expect(r).toEqual({ output_shape: [null, null, 8], weights: [{ name: 'embeddings', shape: [16, 8], trainable: true }], params: 128 });
  });
  test.each([
    [true, 100 * 16 + 16 * 16],
    [false, 100 * 16 + 16 * 100 + 16 * 16], // untied: a (dim, vocab) reverse projection too
  ])('token and position tables, tie_weights %s: %i params', (tie, params) => {
    const r = runLayer('TokenAndPositionEmbedding', { vocabulary_size: 100, sequence_length: 16, embedding_dim: 16, tie_weights: tie }, [[null, null]]);
    expect(r.output_shape).toEqual([null, null, 16]);
    expect(r.params).toBe(params);
  });
});

describe('GetItem (x[key] in a Functional model)', () => {
  const slice = (start: number | null = null, stop: number | null = null, step: number | null = null) => ({ class_name: '__slice__', config: { start, stop, step } });
  const getItem = (x: Shape, key: unknown) => {
    const spec = layerSpec('GetItem')!;
    const ctx = { kerasMajor: 3 as const, resolveInner: () => { throw new Error('none'); }, call: { kwargs: {}, inputKeywords: [null], args: [null, key] } };
    return spec.outputShape(new LayerConfig('get_item', 'GetItem', {}), [x], ctx);
  };
  test.each([
    ['x[:, 0, :]', [null, null, 16], [slice(), 0, slice()], [null, 16]],
    ['x[0]', [null, 4], 0, [4]],
    ['x[..., 1:3]', [null, 5, 8], [{ class_name: '__ellipsis__', config: {} }, slice(1, 3)], [null, 5, 2]],
    ['x[:, ::2]', [null, 7], [slice(), slice(null, null, 2)], [null, 4]],
    ['x[:, -3:]', [null, 10], [slice(), slice(-3)], [null, 3]],
    ['x[:, ::-1]', [null, 6], [slice(), slice(null, null, -1)], [null, 6]],
    ['x[:, 5:2]', [null, 6], [slice(), slice(5, 2)], [null, 0]],
    ['x[:, 1:] on an unknown length', [null, null], [slice(), slice(1)], [null, null]],
    ['x[:, None]', [null, 3], [slice(), null], [null, 1, 3]],
  ] as const)('%s on %j → %j', (_what, x, key, out) => {
    expect(getItem([...x], key)).toEqual(out);
  });
});

describe('ViTPatchingAndEmbedding and ViTEncoder', () => {
  test.each([
    // image, patch, class token: positions = (h//p)·(w//p) (+1); params = class token d + conv p·p·c·d + d + positions·d
    [[16, 16], 4, true, 17, 16 + 4 * 4 * 3 * 16 + 16 + 17 * 16],
    [[16, 12], [4, 3], false, 16, 4 * 3 * 3 * 16 + 16 + 16 * 16],
    [[15, 15], 4, true, 10, 16 + 4 * 4 * 3 * 16 + 16 + 10 * 16], // 3·3 whole patches: the rest is cut off
  ])('image %j, patch %j, class token %s: %i positions, %i params', (image, patch, cls, positions, params) => {
    const r = runLayer('ViTPatchingAndEmbedding', { image_size: image, patch_size: patch, hidden_dim: 16, use_class_token: cls }, [[null, ...image, 3]]);
    expect(r.output_shape).toEqual([null, positions, 16]);
    expect(r.params).toBe(params);
  });

  test('a size past 2^53 is refused naming the key (its products reached Infinity)', () => {
    expect(() => runLayer('ViTPatchingAndEmbedding', { image_size: [16, 16], patch_size: 4, hidden_dim: 1e300 }, [[null, 16, 16, 3]])).toThrow(/"hidden_dim", got 1e\+300/);
  });

  test('a patch size under 1 is refused naming the key (Python divides by it)', () => {
    expect(() => runLayer('ViTPatchingAndEmbedding', { image_size: [16, 16], patch_size: 0, hidden_dim: 16 }, [[null, 16, 16, 3]])).toThrow(/"patch_size"/);
  });

  test('the encoder: per block 2 LayerNorms, attention and a two-Dense MLP, then one LayerNorm', () => {
    const [d, h, m, n] = [16, 2, 32, 3];
    const block = 2 * 2 * d + mha(d, h) + d * m + m + m * d + d;
    const r = runLayer('ViTEncoder', { num_layers: n, num_heads: h, hidden_dim: d, mlp_dim: m }, [[null, 17, d]]);
    expect(r.output_shape).toEqual([null, 17, d]);
    expect(r.params).toBe(n * block + 2 * d);
    // blocks are items of the list attribute encoder_layers, named by class in Keras 3 files
    const built = builtWeights('ViTEncoder', { num_layers: n, num_heads: h, hidden_dim: d, mlp_dim: m }, [[null, 17, d]]);
    expect(built[0]).toMatchObject({ name: 'transformer_block_1/ln_1/gamma', objects: ['encoder_layers/vi_t_encoder_block/layer_norm_1'] });
    expect(built.find((w) => w.name === 'transformer_block_3/mlp/dense_2/bias')?.objects).toEqual(['encoder_layers/vi_t_encoder_block_2/mlp/dense_2']);
  });
});

describe('cost of a transformer block (docs/cost.md counting)', () => {
  test('T=5, d=4, 2 heads of 2, feedforward 8, relu: worked by hand', () => {
    const spec = layerSpec('TransformerEncoder')!;
    const c = new LayerConfig('t', 'TransformerEncoder', { num_heads: 2, intermediate_dim: 8, activation: 'relu' });
    const ctx = { kerasMajor: 3 as const, resolveInner: () => { throw new Error('none'); } };
    // attention: q,k,v 3·5·4·4 = 240, scores and weighted values 2·5·5·(2+2) = 200, output 5·4·4 = 80;
    // feedforward 2·5·4·8 = 320
    // ops: biases 3·20 + 20, scaled query 20, softmax 3·50; two LayerNorms 2·20·6; feedforward biases 40 + 20,
    // relu 40; two residual adds 40
    expect(spec.cost!(c, [[null, 5, 4]], [null, 5, 4], ctx)).toEqual({ macs: 240 + 200 + 80 + 320, ops: 80 + 20 + 150 + 240 + 60 + 40 + 40 });
  });
});

describe('LlamaTransformerDecoder and LlamaLayerNorm', () => {
  test.each([
    // d, query heads, kv heads, intermediate: q d·q·k, k and v d·kv·k, output q·k·d, no biases; 2 RMS scales; 3 kernels of d·i
    [16, 4, 2, 32],
    [24, 6, 6, 40],
    [12, 4, 1, 8],
  ])('hidden %i, %i query heads, %i key/value heads, intermediate %i', (d, q, kv, i) => {
    const k = Math.floor(d / q);
    const r = runLayer('LlamaTransformerDecoder', { num_query_heads: q, num_key_value_heads: kv, intermediate_dim: i }, [[null, null, d]]);
    expect(r.output_shape).toEqual([null, null, d]);
    expect(r.params).toBe(d * q * k + 2 * d * kv * k + q * k * d + 2 * d + 3 * d * i);
    expect(r.weights.map((w) => w.name).slice(4)).toEqual([
      'self_attention_layernorm/scale', 'feedforward_intermediate_dense/kernel', 'feedforward_gate_dense/kernel', 'feedforward_output_dense/kernel', 'feedforward_layernorm/scale',
    ]);
  });
  test('LlamaLayerNorm: one scale per feature', () => {
    expect(runLayer('LlamaLayerNorm', { epsilon: 1e-6 }, [[null, null, 16]])).toEqual({ output_shape: [null, null, 16], weights: [{ name: 'scale', shape: [16], trainable: true }], params: 16 });
  });
});

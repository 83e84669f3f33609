// The decoder-only LM backbones of KerasHub: a ReversibleEmbedding of the tokens, `num_layers`
// pre-norm grouped-query decoder blocks called with the padding mask, a final RMS norm. The
// Llama-style ones (llama_backbone.py, mistral_backbone.py, qwen_backbone.py) differ in class
// names, in whether the output projection shares the token table, and in Mistral's `head_dim`;
// Gemma (gemma_backbone.py) scales the embedding and has its own block arguments.
import type { JsonObject } from '../config-access.js';
import { functionalBuilder } from './functional.js';
import { blocksArg, intArg, numArg, str } from './arguments.js';
import { HUB, TOKENS } from './text-backbones.js';

interface DecoderFamily {
  /** the model's default name */
  name: string;
  decoder: string;
  norm: string;
  /** ReversibleEmbedding `tie_weights` from the config (its `tie_word_embeddings`, or this default) */
  tie: (config: JsonObject) => boolean;
  /** block arguments beyond Llama's */
  extra?: (config: JsonObject, file: string) => JsonObject;
}

/** What every decoder-only LM backbone starts with: its sizes, the token ids and their ReversibleEmbedding. */
function decoderLmStart(config: JsonObject, file: string, tieWeights: boolean) {
  const vocab = intArg(config, 'vocabulary_size', file);
  const layers = blocksArg(config, file);
  const hidden = intArg(config, 'hidden_dim', file);
  const b = functionalBuilder(config.dtype);
  const tokenIds = b.input('token_ids', TOKENS, 'int32');
  const embedded = b.call('ReversibleEmbedding', 'token_embedding', { input_dim: vocab, output_dim: hidden, tie_weights: tieWeights }, [tokenIds], {}, HUB('ReversibleEmbedding'));
  return { b, layers, hidden, epsilon: numArg(config, 'layer_norm_epsilon', 1e-6), tokenIds, embedded };
}

function decoderBackbone(family: DecoderFamily) {
  return (config: JsonObject, file: string): JsonObject => {
    const { b, layers, epsilon, tokenIds, embedded } = decoderLmStart(config, file, family.tie(config));
    const block = {
      intermediate_dim: intArg(config, 'intermediate_dim', file), num_query_heads: intArg(config, 'num_query_heads', file),
      num_key_value_heads: intArg(config, 'num_key_value_heads', file), layer_norm_epsilon: epsilon, dropout: numArg(config, 'dropout', 0),
      ...family.extra?.(config, file),
    };
    let x = embedded;
    const paddingMask = b.input('padding_mask', TOKENS, 'int32');
    for (let i = 0; i < layers; i++) x = b.call(family.decoder, `transformer_layer_${i}`, block, [x], { decoder_padding_mask: paddingMask }, HUB(family.decoder));
    x = b.call(family.norm, 'sequence_output_layernorm', { epsilon }, [x], {}, HUB(family.norm));
    return b.model(str(config.name, family.name), [paddingMask, tokenIds], [x]);
  };
}

/** LlamaBackbone: untied unless `tie_word_embeddings` is true. */
export const llamaBackbone = decoderBackbone({ name: 'llama_backbone', decoder: 'LlamaTransformerDecoder', norm: 'LlamaLayerNorm', tie: (c) => c.tie_word_embeddings === true });

/** MistralBackbone: never tied; `head_dim` (None: hidden // num_query_heads). */
export const mistralBackbone = decoderBackbone({
  name: 'mistral_backbone', decoder: 'MistralTransformerDecoder', norm: 'MistralLayerNormalization', tie: () => false,
  extra: (c, file) => ({ head_dim: c.head_dim === null || c.head_dim === undefined ? null : intArg(c, 'head_dim', file) }),
});

/** QwenBackbone: tied unless `tie_word_embeddings` is false. */
export const qwenBackbone = decoderBackbone({ name: 'qwen_backbone', decoder: 'QwenTransformerDecoder', norm: 'QwenLayerNorm', tie: (c) => c.tie_word_embeddings !== false });

/**
 * GemmaBackbone (gemma_backbone.py): the tied token embedding scaled by sqrt(hidden_dim) (an
 * operation, `x * ops.cast(ops.sqrt(hidden_dim), x.dtype)`), decoder blocks, a final RMS norm.
 */
export function gemmaBackbone(config: JsonObject, file: string): JsonObject {
  const { b, layers, hidden, epsilon, tokenIds, embedded } = decoderLmStart(config, file, true);
  let x = b.op('Multiply', 'multiply', [embedded, Math.sqrt(hidden)]);
  const paddingMask = b.input('padding_mask', TOKENS, 'int32');
  const slidingWindow = config.use_sliding_window_attention === true;
  for (let i = 0; i < layers; i++) {
    const block = {
      hidden_dim: hidden, intermediate_dim: intArg(config, 'intermediate_dim', file), head_dim: intArg(config, 'head_dim', file),
      num_query_heads: intArg(config, 'num_query_heads', file), num_key_value_heads: intArg(config, 'num_key_value_heads', file),
      use_post_ffw_norm: config.use_post_ffw_norm === true, use_post_attention_norm: config.use_post_attention_norm === true,
      use_sliding_window_attention: slidingWindow && i % 2 === 0, layer_norm_epsilon: epsilon, dropout: numArg(config, 'dropout', 0),
    };
    x = b.call('GemmaDecoderBlock', `decoder_block_${i}`, block, [x], { padding_mask: paddingMask }, HUB('GemmaDecoderBlock'));
  }
  x = b.call('RMSNormalization', 'final_normalization', { epsilon }, [x], {}, HUB('RMSNormalization'));
  return b.model(str(config.name, 'gemma_backbone'), [paddingMask, tokenIds], [x]);
}

// The text backbones of KerasHub, rebuilt from their constructor arguments exactly as their
// __init__ wires them (keras-hub src/models/<family>/<family>_backbone.py), layers in the order
// Keras lists them (model.layers: the Functional graph's topological order).
import type { JsonObject } from '../config-access.js';
import { functionalBuilder, tensor, type FunctionalBuilder, type Tensor } from './functional.js';
import { blocksArg, intArg, numArg, str } from './arguments.js';

/** The arguments every text backbone takes; `maxLength`: its default max_sequence_length. */
function textArgs(config: JsonObject, file: string, maxLength: number) {
  return {
    vocab: intArg(config, 'vocabulary_size', file),
    layers: blocksArg(config, file),
    heads: intArg(config, 'num_heads', file),
    hidden: intArg(config, 'hidden_dim', file),
    intermediate: intArg(config, 'intermediate_dim', file),
    dropout: numArg(config, 'dropout', 0.1),
    maxLength: intArg(config, 'max_sequence_length', file, maxLength),
  };
}

const HUB = (cls: string) => `keras_hub>${cls}`;
/** keras.Input(shape=(None,), dtype="int32") */
const TOKENS: (number | null)[] = [null, null];
/** `x[:, 0, :]`: the first token's vector */
const FIRST_TOKEN = [{ class_name: '__slice__', config: { start: null, stop: null, step: null } }, 0, { class_name: '__slice__', config: { start: null, stop: null, step: null } }];

/** BertBackbone (bert_backbone.py). */
export function bertBackbone(config: JsonObject, file: string): JsonObject {
  const { vocab, layers, heads, hidden, intermediate, dropout, maxLength } = textArgs(config, file, 512);
  const segments = intArg(config, 'num_segments', file, 2);
  const b = functionalBuilder(config.dtype);
  const tokenIds = b.input('token_ids', TOKENS, 'int32');
  const tokens = b.call('ReversibleEmbedding', 'token_embedding', { input_dim: vocab, output_dim: hidden }, [tokenIds], {}, HUB('ReversibleEmbedding'));
  const segmentIds = b.input('segment_ids', TOKENS, 'int32');
  const positions = b.call('PositionEmbedding', 'position_embedding', { sequence_length: maxLength }, [tokens], {}, HUB('PositionEmbedding'));
  const segmentVectors = b.call('Embedding', 'segment_embedding', { input_dim: segments, output_dim: hidden }, [segmentIds]);
  let x = b.call('Add', 'embeddings_add', {}, [[tokens, positions, segmentVectors]]);
  x = b.call('LayerNormalization', 'embeddings_layer_norm', { axis: -1, epsilon: 1e-12 }, [x]);
  x = b.call('Dropout', 'embeddings_dropout', { rate: dropout }, [x]);
  const paddingMask = b.input('padding_mask', TOKENS, 'int32');
  x = encoderStack(b, x, paddingMask, { layers, heads, intermediate, dropout, epsilon: 1e-12, activation: 'gelu_approximate' });
  const first = b.op('GetItem', 'get_item', [x, FIRST_TOKEN]);
  const pooled = b.call('Dense', 'pooled_dense', { units: hidden, activation: 'tanh', use_bias: true }, [first]);
  // inputs and outputs are dicts, flattened in sorted key order
  return b.model(str(config.name, 'bert_backbone'), [paddingMask, segmentIds, tokenIds], [pooled, x]);
}

/** DistilBertBackbone (distil_bert_backbone.py). */
export function distilBertBackbone(config: JsonObject, file: string): JsonObject {
  const { vocab, layers, heads, hidden, intermediate, dropout, maxLength } = textArgs(config, file, 512);
  const b = functionalBuilder(config.dtype);
  const tokenIds = b.input('token_ids', TOKENS, 'int32');
  let x = b.call('TokenAndPositionEmbedding', 'token_and_position_embedding', { vocabulary_size: vocab, sequence_length: maxLength, embedding_dim: hidden }, [tokenIds], {}, HUB('TokenAndPositionEmbedding'));
  x = b.call('LayerNormalization', 'embeddings_layer_norm', { axis: -1, epsilon: 1e-12 }, [x]);
  x = b.call('Dropout', 'embeddings_dropout', { rate: dropout }, [x]);
  const paddingMask = b.input('padding_mask', TOKENS, 'int32');
  x = encoderStack(b, x, paddingMask, { layers, heads, intermediate, dropout, epsilon: 1e-12, activation: 'gelu' });
  return b.model(str(config.name, 'distil_bert_backbone'), [paddingMask, tokenIds], [x]);
}

/** GPT2Backbone (gpt2_backbone.py): pre-norm decoder blocks, a final LayerNormalization. */
export function gpt2Backbone(config: JsonObject, file: string): JsonObject {
  const { vocab, layers, heads, hidden, intermediate, dropout, maxLength } = textArgs(config, file, 1024);
  const b = functionalBuilder(config.dtype);
  const tokenIds = b.input('token_ids', TOKENS, 'int32');
  const tokens = b.call('ReversibleEmbedding', 'token_embedding', { input_dim: vocab, output_dim: hidden }, [tokenIds], {}, HUB('ReversibleEmbedding'));
  const positions = b.call('PositionEmbedding', 'position_embedding', { sequence_length: maxLength }, [tokens], {}, HUB('PositionEmbedding'));
  let x = b.call('Add', 'embeddings_add', {}, [[tokens, positions]]);
  x = b.call('Dropout', 'embeddings_dropout', { rate: dropout }, [x]);
  const paddingMask = b.input('padding_mask', TOKENS, 'int32');
  for (let i = 0; i < layers; i++) {
    const block = { num_heads: heads, intermediate_dim: intermediate, dropout, activation: 'gelu_approximate', layer_norm_epsilon: 1e-5, normalize_first: true };
    x = b.call('TransformerDecoder', `transformer_layer_${i}`, block, [x], { decoder_padding_mask: paddingMask }, HUB('TransformerDecoder'));
  }
  x = b.call('LayerNormalization', 'layer_norm', { axis: -1, epsilon: 1e-5 }, [x]);
  return b.model(str(config.name, 'gpt2_backbone'), [paddingMask, tokenIds], [x]);
}

/**
 * BertTextClassifier (bert_text_classifier.py): the backbone called on its own inputs, its
 * `pooled_output` through Dropout and a Dense of `num_classes` logits.
 */
export function bertTextClassifier(config: JsonObject, file: string): JsonObject {
  const backbone = config.backbone as JsonObject;
  const backboneConfig = (backbone.config ?? {}) as JsonObject;
  const b = functionalBuilder(backboneConfig.dtype);
  const inputs = ['padding_mask', 'segment_ids', 'token_ids'].map((name) => [name, b.input(name, TOKENS, 'int32')] as const);
  const name = str(backboneConfig.name, 'bert_backbone');
  b.nest(backbone, name, [Object.fromEntries(inputs)]);
  // outputs["pooled_output"]: the first of the flattened dict
  const pooled = tensor(name, 0, 0);
  const x = b.call('Dropout', 'classifier_dropout', { rate: numArg(config, 'dropout', 0.1) }, [pooled]);
  const logits = b.call('Dense', 'logits', { units: intArg(config, 'num_classes', file), activation: config.activation ?? 'linear', use_bias: true }, [x]);
  return b.model(str(config.name, 'bert_text_classifier'), inputs.map(([, t]) => t), [logits]);
}

/** What decoder-only LM backbones (Llama, Gemma) start with: their sizes, the token ids and their ReversibleEmbedding. */
function decoderLmStart(config: JsonObject, file: string, tieWeights: boolean) {
  const vocab = intArg(config, 'vocabulary_size', file);
  const layers = blocksArg(config, file);
  const hidden = intArg(config, 'hidden_dim', file);
  const b = functionalBuilder(config.dtype);
  const tokenIds = b.input('token_ids', TOKENS, 'int32');
  const embedded = b.call('ReversibleEmbedding', 'token_embedding', { input_dim: vocab, output_dim: hidden, tie_weights: tieWeights }, [tokenIds], {}, HUB('ReversibleEmbedding'));
  return { b, layers, hidden, epsilon: numArg(config, 'layer_norm_epsilon', 1e-6), tokenIds, embedded };
}

/** LlamaBackbone (llama_backbone.py): untied token embedding, pre-norm decoders, a final RMS norm. */
export function llamaBackbone(config: JsonObject, file: string): JsonObject {
  const { b, layers, epsilon, tokenIds, embedded } = decoderLmStart(config, file, config.tie_word_embeddings === true);
  let x = embedded;
  const paddingMask = b.input('padding_mask', TOKENS, 'int32');
  for (let i = 0; i < layers; i++) {
    const block = {
      intermediate_dim: intArg(config, 'intermediate_dim', file), num_query_heads: intArg(config, 'num_query_heads', file),
      num_key_value_heads: intArg(config, 'num_key_value_heads', file), layer_norm_epsilon: epsilon, dropout: numArg(config, 'dropout', 0),
    };
    x = b.call('LlamaTransformerDecoder', `transformer_layer_${i}`, block, [x], { decoder_padding_mask: paddingMask }, HUB('LlamaTransformerDecoder'));
  }
  x = b.call('LlamaLayerNorm', 'sequence_output_layernorm', { epsilon }, [x], {}, HUB('LlamaLayerNorm'));
  return b.model(str(config.name, 'llama_backbone'), [paddingMask, tokenIds], [x]);
}

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

function encoderStack(
  b: FunctionalBuilder,
  x: Tensor,
  paddingMask: Tensor,
  o: { layers: number; heads: number; intermediate: number; dropout: number; epsilon: number; activation: string },
): Tensor {
  for (let i = 0; i < o.layers; i++) {
    const block = { num_heads: o.heads, intermediate_dim: o.intermediate, dropout: o.dropout, activation: o.activation, layer_norm_epsilon: o.epsilon, normalize_first: false };
    x = b.call('TransformerEncoder', `transformer_layer_${i}`, block, [x], { padding_mask: paddingMask }, HUB('TransformerEncoder'));
  }
  return x;
}

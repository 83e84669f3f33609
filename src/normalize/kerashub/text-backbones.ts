// The text backbones of KerasHub, rebuilt from their constructor arguments exactly as their
// __init__ wires them (keras-hub src/models/<family>/<family>_backbone.py), layers in the order
// Keras lists them (model.layers: the Functional graph's topological order).
import { badConfig, type JsonObject } from '../config-access.js';
import { ErrorCode, KerascopeError } from '../../errors.js';
import { MAX_REBUILT_BLOCKS } from '../../readers/limits.js';
import { functionalBuilder, type FunctionalBuilder, type Tensor } from './functional.js';
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

export const HUB = (cls: string) => `keras_hub>${cls}`;
/** keras.Input(shape=(None,), dtype="int32") */
export const TOKENS: (number | null)[] = [null, null];
/** `x[:, 0, :]`: the first token's vector */
const FIRST_TOKEN = [{ class_name: '__slice__', config: { start: null, stop: null, step: null } }, 0, { class_name: '__slice__', config: { start: null, stop: null, step: null } }];

/** BertBackbone (bert_backbone.py). */
export function bertBackbone(config: JsonObject, file: string): JsonObject {
  const { vocab, layers, heads, hidden, intermediate, dropout, maxLength } = textArgs(config, file, 512);
  return segmentEncoder(config, file, {
    name: 'bert_backbone', vocab, width: hidden, hidden, dropout, maxLength,
    encoders: (b, x, paddingMask) => encoderStack(b, x, paddingMask, { layers, heads, intermediate, dropout, epsilon: 1e-12, activation: 'gelu_approximate' }),
  });
}

/**
 * AlbertBackbone (albert_backbone.py): BERT's embeddings at `embedding_dim`, a Dense projection to
 * `hidden_dim`, then `num_groups` groups of `num_inner_repetitions` encoders, each group's encoders
 * called in turn num_layers / num_groups times (shared layers: one layer, many calls).
 */
export function albertBackbone(config: JsonObject, file: string): JsonObject {
  const { vocab, layers, heads, hidden, intermediate, maxLength } = textArgs(config, file, 512);
  const dropout = numArg(config, 'dropout', 0);
  const groups = intArg(config, 'num_groups', file, 1);
  const inner = intArg(config, 'num_inner_repetitions', file, 1);
  if (groups === 0 || layers % groups !== 0) throw badConfig(file, `AlbertBackbone "num_layers" ${layers} must be divisible by "num_groups" ${groups}`);
  if (layers * inner > MAX_REBUILT_BLOCKS) throw new KerascopeError(ErrorCode.LimitExceeded, `AlbertBackbone calls ${layers * inner} encoders, over the ${MAX_REBUILT_BLOCKS} this reader rebuilds`, file);
  return segmentEncoder(config, file, {
    name: 'albert_backbone', vocab, width: intArg(config, 'embedding_dim', file), hidden, dropout, maxLength,
    encoders: (b, x, paddingMask) => {
      x = b.call('Dense', 'embedding_projection', { units: hidden, activation: 'linear', use_bias: true }, [x]);
      const block = { num_heads: heads, intermediate_dim: intermediate, dropout, activation: 'gelu_approximate', layer_norm_epsilon: 1e-12, normalize_first: false };
      for (let g = 0; g < groups; g++) {
        for (let call = 0; call < layers / groups; call++) {
          for (let i = 0; i < inner; i++) {
            const name = `group_${g}_inner_layer_${i}`;
            const kwargs = { padding_mask: paddingMask };
            x = call === 0 ? b.call('TransformerEncoder', name, block, [x], kwargs, HUB('TransformerEncoder')) : b.callAgain(name, [x], kwargs);
          }
        }
      }
      return x;
    },
  });
}

/**
 * BERT's layout: token, position and segment embeddings of `width` added, LayerNormalization and
 * Dropout, the `encoders`, and a tanh Dense of `hidden` on the first token's vector.
 */
function segmentEncoder(
  config: JsonObject,
  file: string,
  o: { name: string; vocab: number; width: number; hidden: number; dropout: number; maxLength: number; encoders: (b: FunctionalBuilder, x: Tensor, paddingMask: Tensor) => Tensor },
): JsonObject {
  const segments = intArg(config, 'num_segments', file, 2);
  const b = functionalBuilder(config.dtype);
  const tokenIds = b.input('token_ids', TOKENS, 'int32');
  const tokens = b.call('ReversibleEmbedding', 'token_embedding', { input_dim: o.vocab, output_dim: o.width }, [tokenIds], {}, HUB('ReversibleEmbedding'));
  const segmentIds = b.input('segment_ids', TOKENS, 'int32');
  const positions = b.call('PositionEmbedding', 'position_embedding', { sequence_length: o.maxLength }, [tokens], {}, HUB('PositionEmbedding'));
  const segmentVectors = b.call('Embedding', 'segment_embedding', { input_dim: segments, output_dim: o.width }, [segmentIds]);
  let x = b.call('Add', 'embeddings_add', {}, [[tokens, positions, segmentVectors]]);
  x = b.call('LayerNormalization', 'embeddings_layer_norm', { axis: -1, epsilon: 1e-12 }, [x]);
  x = b.call('Dropout', 'embeddings_dropout', { rate: o.dropout }, [x]);
  const paddingMask = b.input('padding_mask', TOKENS, 'int32');
  x = o.encoders(b, x, paddingMask);
  const first = b.op('GetItem', 'get_item', [x, FIRST_TOKEN]);
  const pooled = b.call('Dense', 'pooled_dense', { units: o.hidden, activation: 'tanh', use_bias: true }, [first]);
  // inputs and outputs are dicts, flattened in sorted key order
  return b.model(str(config.name, o.name), [paddingMask, segmentIds, tokenIds], [pooled, x]);
}

/** DistilBertBackbone (distil_bert_backbone.py). */
export const distilBertBackbone = (config: JsonObject, file: string) =>
  tokenAndPositionEncoder(config, file, { name: 'distil_bert_backbone', embedding: 'token_and_position_embedding', epsilon: 1e-12 });

/** RobertaBackbone (roberta_backbone.py): DistilBERT's layers, its embedding named `embeddings`, epsilon 1e-5. */
export const robertaBackbone = (config: JsonObject, file: string) =>
  tokenAndPositionEncoder(config, file, { name: 'roberta_backbone', embedding: 'embeddings', epsilon: 1e-5 });

/** A TokenAndPositionEmbedding, its LayerNormalization and Dropout, then GELU TransformerEncoders. */
function tokenAndPositionEncoder(config: JsonObject, file: string, o: { name: string; embedding: string; epsilon: number }): JsonObject {
  const { vocab, layers, heads, hidden, intermediate, dropout, maxLength } = textArgs(config, file, 512);
  const b = functionalBuilder(config.dtype);
  const tokenIds = b.input('token_ids', TOKENS, 'int32');
  let x = b.call('TokenAndPositionEmbedding', o.embedding, { vocabulary_size: vocab, sequence_length: maxLength, embedding_dim: hidden }, [tokenIds], {}, HUB('TokenAndPositionEmbedding'));
  x = b.call('LayerNormalization', 'embeddings_layer_norm', { axis: -1, epsilon: o.epsilon }, [x]);
  x = b.call('Dropout', 'embeddings_dropout', { rate: dropout }, [x]);
  const paddingMask = b.input('padding_mask', TOKENS, 'int32');
  x = encoderStack(b, x, paddingMask, { layers, heads, intermediate, dropout, epsilon: o.epsilon, activation: 'gelu' });
  return b.model(str(config.name, o.name), [paddingMask, tokenIds], [x]);
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

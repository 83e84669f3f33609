// The tasks of KerasHub (keras-hub src/models/<family>/<family>_<task>.py, image_classifier.py): a
// Functional model whose inputs are its backbone's own, the backbone called on them, and a head on
// its output. One mechanism for all: a head is a function of the backbone's output; a CausalLM's
// head is no new layer but the backbone's token embedding called again in reverse, the same layer
// object listed in both models (shared_object_id: its weights counted and saved once).
import { badConfig, isObject, type JsonObject } from '../config-access.js';
import { functionalBuilder, tensor, type FunctionalBuilder, type Tensor } from './functional.js';
import { intArg, numArg, str } from './arguments.js';

/** The backbone inside a task, as its head sees it. */
export interface NestedBackbone {
  /** the backbone's constructor arguments */
  config: JsonObject;
  /** output `index` of its call (its outputs flattened, a dict's by sorted key) */
  output(index?: number): Tensor;
  /** its layer `name` called again by the task, on `args` */
  reuse(name: string, args: unknown[], kwargs?: JsonObject): Tensor;
}

/** A task's head: from the backbone's output to the task's output, layers made with `b` (the backbone's dtype policy). */
type Head = (b: FunctionalBuilder, backbone: NestedBackbone, config: JsonObject, file: string) => Tensor;

export interface TaskSpec {
  /** the task's default name (Keras' snake-cased class name) */
  name: string;
  head: Head;
  /** the head is the backbone's own layers, so a quantized backbone is modelled with it */
  headOfBackbone?: boolean;
}

/** Keras 3 gives a shared object one id per save; ours must not meet another in the same file. */
let nextSharedId = -1;

/**
 * The Functional config of task `spec`: `backbone` the backbone's envelope with its config replaced
 * by the Functional config rebuilt from it (index.ts), nested as is.
 */
export function buildTask(spec: TaskSpec, config: JsonObject, backbone: JsonObject, file: string): JsonObject {
  const rebuilt = backbone.config as JsonObject;
  const layers = rebuilt.layers as JsonObject[];
  const backboneArgs = isObject(config.backbone) && isObject(config.backbone.config) ? config.backbone.config : {};
  const b = functionalBuilder(backboneArgs.dtype);
  const inputs = (rebuilt.input_layers as unknown[][]).map(([name]) => {
    const layer = layers.find((l) => l.name === name)!.config as JsonObject;
    return [String(name), b.input(String(name), layer.batch_shape as (number | null)[], String(layer.dtype))] as const;
  });
  const name = str(rebuilt.name, String(backbone.name));
  // backbone.input: a dict of several, the tensor itself when one
  b.nest(backbone, name, [inputs.length === 1 ? inputs[0][1] : Object.fromEntries(inputs)]);
  const nested: NestedBackbone = {
    config: backboneArgs,
    output: (index = 0) => tensor(name, 0, index),
    reuse(layerName, args, kwargs = {}) {
      const layer = layers.find((l) => l.name === layerName);
      if (!layer) throw badConfig(file, `the KerasHub task's backbone has no layer "${layerName}"`);
      layer.shared_object_id ??= nextSharedId--;
      return b.share(layer, args, kwargs);
    },
  };
  return b.model(str(config.name, spec.name), inputs.map(([, t]) => t), [spec.head(b, nested, config, file)]);
}

const SLICE = { class_name: '__slice__', config: { start: null, stop: null, step: null } };

/** CausalLM (gpt2_causal_lm.py and the others): the backbone's token embedding called in reverse, logits over the vocabulary. */
const causalLM = (name: string): TaskSpec => ({
  name,
  headOfBackbone: true,
  head: (_b, backbone) => backbone.reuse('token_embedding', [backbone.output()], { reverse: true }),
});

/** `x[:, 0, :]`: the first token's vector (DistilBERT's and RoBERTa's `cls_token_index`, `start_token_index`). */
const firstToken = (b: FunctionalBuilder, backbone: NestedBackbone) => b.op('GetItem', 'get_item', [backbone.output(), [SLICE, 0, SLICE]]);

/** The last Dense: `num_classes` units, the task's `activation`. */
function logits(b: FunctionalBuilder, x: Tensor, config: JsonObject, file: string, name: string): Tensor {
  return b.call('Dense', name, { units: intArg(config, 'num_classes', file), activation: config.activation ?? 'linear', use_bias: true }, [x]);
}

const dropout = (b: FunctionalBuilder, name: string, rate: number, x: Tensor) => b.call('Dropout', name, { rate }, [x]);
/** The pooling Dense of `hidden_dim` units, the backbone's by default. */
const pooledDense = (b: FunctionalBuilder, backbone: NestedBackbone, config: JsonObject, file: string, activation: string, x: Tensor) =>
  b.call('Dense', 'pooled_dense', { units: intArg(config, 'hidden_dim', file, intArg(backbone.config, 'hidden_dim', file)), activation, use_bias: true }, [x]);

/** BertTextClassifier, AlbertTextClassifier: the backbone's pooled output (its first), Dropout `dropoutName`, logits. */
const pooledClassifier = (name: string, dropoutName: string): TaskSpec => ({
  name,
  head: (b, backbone, config, file) => logits(b, dropout(b, dropoutName, numArg(config, 'dropout', 0.1), backbone.output(0)), config, file, 'logits'),
});

/** ImageClassifier (image_classifier.py): global pooling of the feature map, Dropout, `predictions`. */
const imageClassifier = (name: string): TaskSpec => ({
  name,
  head: (b, backbone, config, file) => {
    const pooling = config.pooling ?? 'avg';
    const pooler = pooling === 'max' ? 'GlobalMaxPooling2D' : pooling === 'avg' ? 'GlobalAveragePooling2D' : undefined;
    if (!pooler) throw badConfig(file, `KerasHub image classifier "pooling" must be "avg" or "max", got ${JSON.stringify(pooling)}`);
    const dataFormat = backbone.config.data_format ?? 'channels_last';
    const x = b.call(pooler, 'pooler', { data_format: dataFormat, keepdims: false }, [backbone.output()]);
    return logits(b, dropout(b, 'output_dropout', numArg(config, 'dropout', 0), x), config, file, 'predictions');
  },
});

/** The tasks rebuilt, by registered name. */
export const TASK_SPECS: Readonly<Record<string, TaskSpec>> = {
  'keras_hub>GPT2CausalLM': causalLM('gpt2_causal_lm'),
  'keras_hub>GemmaCausalLM': causalLM('gemma_causal_lm'),
  'keras_hub>LlamaCausalLM': causalLM('llama_causal_lm'),
  'keras_hub>MistralCausalLM': causalLM('mistral_causal_lm'),
  'keras_hub>QwenCausalLM': causalLM('qwen_causal_lm'),
  'keras_hub>BertTextClassifier': pooledClassifier('bert_text_classifier', 'classifier_dropout'),
  'keras_hub>AlbertTextClassifier': pooledClassifier('albert_text_classifier', 'output_dropout'),
  // distil_bert_text_classifier.py: the first token, a relu Dense, Dropout
  'keras_hub>DistilBertTextClassifier': {
    name: 'distil_bert_text_classifier',
    head: (b, backbone, config, file) => {
      const x = pooledDense(b, backbone, config, file, 'relu', firstToken(b, backbone));
      return logits(b, dropout(b, 'output_dropout', numArg(config, 'dropout', 0.2), x), config, file, 'logits');
    },
  },
  // roberta_text_classifier.py: the start token, Dropout, a tanh Dense, Dropout
  'keras_hub>RobertaTextClassifier': {
    name: 'roberta_text_classifier',
    head: (b, backbone, config, file) => {
      const rate = numArg(config, 'dropout', 0);
      const x = pooledDense(b, backbone, config, file, 'tanh', dropout(b, 'pooled_dropout', rate, firstToken(b, backbone)));
      return logits(b, dropout(b, 'output_dropout', rate, x), config, file, 'logits');
    },
  },
  'keras_hub>ResNetImageClassifier': imageClassifier('res_net_image_classifier'),
  'keras_hub>DenseNetImageClassifier': imageClassifier('dense_net_image_classifier'),
  // vit_image_classifier.py: the class token (`pooling="token"`) or the mean over tokens ("gap"),
  // an optional tanh Dense `pre_logits` (made without the backbone's dtype policy), Dropout, `predictions`
  'keras_hub>ViTImageClassifier': {
    name: 'vi_t_image_classifier',
    head: (b, backbone, config, file) => {
      const pooling = config.pooling ?? 'token';
      let x = backbone.output();
      if (pooling === 'token') x = b.op('GetItem', 'get_item', [x, [SLICE, 0]]);
      else if (pooling === 'gap') x = b.op('Mean', 'mean', [x], { axis: [1], keepdims: false });
      if (config.intermediate_dim !== null && config.intermediate_dim !== undefined) {
        x = b.call('Dense', 'pre_logits', { units: intArg(config, 'intermediate_dim', file), activation: 'tanh', use_bias: true, dtype: undefined }, [x]);
      }
      return logits(b, dropout(b, 'output_dropout', numArg(config, 'dropout', 0), x), config, file, 'predictions');
    },
  },
};

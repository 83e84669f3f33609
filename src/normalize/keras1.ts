// Keras 1 dialect: the renames that Keras 2's legacy interfaces applied when they loaded a 1.x
// config (keras/legacy/interfaces.py), so that the layer table only ever reads Keras 2 keys.
// Weight layouts that Keras 1 stored differently are described in keras1-weights.ts.
import { isObject, type JsonObject } from './config-access.js';
import { legacyMerge } from './legacy-merge.js';
import { lookupTable } from '../types/lookup.js';

/** Keras 1 class names that Keras 2 still resolved, mapped to the class Keras 2 built. */
const CLASS_RENAMES: Readonly<Record<string, string>> = lookupTable({
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  AtrousConvolution1D: 'Conv1D',
  AtrousConvolution2D: 'Conv2D',
  SeparableConvolution2D: 'SeparableConv2D',
  Deconvolution2D: 'Conv2DTranspose',
  Deconv2D: 'Conv2DTranspose',
});

type Renames = readonly (readonly [string, string])[];

const DENSE_STYLE: Renames = [
  ['init', 'kernel_initializer'],
  ['W_regularizer', 'kernel_regularizer'],
  ['b_regularizer', 'bias_regularizer'],
  ['W_constraint', 'kernel_constraint'],
  ['b_constraint', 'bias_constraint'],
  ['bias', 'use_bias'],
];
const CONV2D: Renames = [['nb_filter', 'filters'], ['subsample', 'strides'], ['border_mode', 'padding'], ['dim_ordering', 'data_format'], ...DENSE_STYLE];
const CONV1D: Renames = [['nb_filter', 'filters'], ['filter_length', 'kernel_size'], ['subsample_length', 'strides'], ['border_mode', 'padding'], ...DENSE_STYLE];
const RECURRENT: Renames = [
  ['output_dim', 'units'],
  ['init', 'kernel_initializer'],
  ['inner_init', 'recurrent_initializer'],
  ['inner_activation', 'recurrent_activation'],
  ['W_regularizer', 'kernel_regularizer'],
  ['b_regularizer', 'bias_regularizer'],
  ['U_regularizer', 'recurrent_regularizer'],
  ['dropout_W', 'dropout'],
  ['dropout_U', 'recurrent_dropout'],
  ['consume_less', 'implementation'],
];
const DIM_ORDERING: Renames = [['dim_ordering', 'data_format']];
const POOL_ND: Renames = [['border_mode', 'padding'], ['dim_ordering', 'data_format']];

/** Per Keras 2 class: the 1.x keys it renamed (interfaces.py `conversions`). */
const KEY_RENAMES: Readonly<Record<string, Renames>> = lookupTable({
  Dense: [['output_dim', 'units'], ...DENSE_STYLE],
  Dropout: [['p', 'rate']],
  GaussianDropout: [['p', 'rate']],
  SpatialDropout1D: [['p', 'rate']],
  SpatialDropout2D: [['p', 'rate'], ...DIM_ORDERING],
  SpatialDropout3D: [['p', 'rate'], ...DIM_ORDERING],
  GaussianNoise: [['sigma', 'stddev']],
  Embedding: [['init', 'embeddings_initializer'], ['W_regularizer', 'embeddings_regularizer'], ['W_constraint', 'embeddings_constraint']],
  PReLU: [['init', 'alpha_initializer']],
  BatchNormalization: [['beta_init', 'beta_initializer'], ['gamma_init', 'gamma_initializer']],
  Conv1D: CONV1D,
  LocallyConnected1D: CONV1D,
  Conv2D: CONV2D,
  Conv2DTranspose: CONV2D,
  LocallyConnected2D: CONV2D,
  Conv3D: CONV2D,
  SeparableConv2D: CONV2D.filter(([from]) => from !== 'init'),
  MaxPooling1D: [['pool_length', 'pool_size'], ['stride', 'strides'], ['border_mode', 'padding']],
  AveragePooling1D: [['pool_length', 'pool_size'], ['stride', 'strides'], ['border_mode', 'padding']],
  MaxPooling2D: POOL_ND,
  AveragePooling2D: POOL_ND,
  MaxPooling3D: POOL_ND,
  AveragePooling3D: POOL_ND,
  GlobalMaxPooling2D: DIM_ORDERING,
  GlobalAveragePooling2D: DIM_ORDERING,
  GlobalMaxPooling3D: DIM_ORDERING,
  GlobalAveragePooling3D: DIM_ORDERING,
  UpSampling1D: [['length', 'size']],
  UpSampling2D: DIM_ORDERING,
  UpSampling3D: DIM_ORDERING,
  ZeroPadding2D: DIM_ORDERING,
  ZeroPadding3D: DIM_ORDERING,
  Cropping2D: DIM_ORDERING,
  Cropping3D: DIM_ORDERING,
  SimpleRNN: RECURRENT,
  GRU: RECURRENT,
  LSTM: RECURRENT,
  ConvLSTM2D: [...CONV2D, ...RECURRENT.filter(([from]) => from !== 'output_dim' && from !== 'init' && from !== 'W_regularizer' && from !== 'b_regularizer')],
});

const RNN_CLASSES = new Set(['SimpleRNN', 'GRU', 'LSTM']);
const WRAPPERS = new Set(['TimeDistributed', 'Bidirectional']);

/** `dim_ordering` values: Theano (`th`) ordering is channels_first. */
const DATA_FORMAT: Readonly<Record<string, string | null>> = lookupTable({ tf: 'channels_last', th: 'channels_first', default: null });
const CONSUME_LESS: Readonly<Record<string, number>> = lookupTable({ cpu: 0, mem: 1, gpu: 2 });

export interface MappedLayer {
  className: string;
  config: JsonObject;
}

/** Maps one Keras 1 layer (class name + config) to the Keras 2 class and keys. */
export function keras1Layer(fileClass: string, raw: JsonObject): MappedLayer {
  if (fileClass === 'Merge') return legacyMerge(raw);
  const className = CLASS_RENAMES[fileClass] ?? fileClass;
  const config: JsonObject = { ...raw };
  if (fileClass.startsWith('AtrousConvolution') && config.atrous_rate !== undefined) {
    config.dilation_rate = config.atrous_rate;
    delete config.atrous_rate;
  }
  preprocess(className, config);
  for (const [from, to] of KEY_RENAMES[className] ?? []) {
    if (!(from in config)) continue;
    // A Keras 2 key wins when both spellings are present (Keras raised; we keep the newer one).
    if (!(to in config)) config[to] = config[from];
    delete config[from];
  }
  if (typeof config.data_format === 'string' && config.data_format in DATA_FORMAT) config.data_format = DATA_FORMAT[config.data_format];
  if (typeof config.implementation === 'string') config.implementation = CONSUME_LESS[config.implementation] ?? config.implementation;
  if ('input_dtype' in config) {
    config.dtype ??= config.input_dtype;
    delete config.input_dtype;
  }
  if (WRAPPERS.has(className) && isObject(config.layer)) config.layer = keras1Serialized(config.layer);
  return { className, config };
}

/** A layer serialized inside another (wrappers): `{class_name, config}` with Keras 2 names. */
function keras1Serialized(inner: JsonObject): JsonObject {
  if (typeof inner.class_name !== 'string' || !isObject(inner.config)) return inner;
  const mapped = keras1Layer(inner.class_name, inner.config);
  return { ...inner, class_name: mapped.className, config: mapped.config };
}

/** The legacy preprocessors: keys that were combined or whose meaning changed. */
function preprocess(className: string, config: JsonObject): void {
  if (className === 'Conv2D' || className === 'Conv2DTranspose' || className === 'SeparableConv2D' || className === 'LocallyConnected2D' || className === 'ConvLSTM2D') {
    combine(config, ['nb_row', 'nb_col'], 'kernel_size');
  }
  if (className === 'Conv3D') combine(config, ['kernel_dim1', 'kernel_dim2', 'kernel_dim3'], 'kernel_size');
  if (className === 'Conv2DTranspose') delete config.output_shape;
  if (className === 'SeparableConv2D' && 'init' in config) {
    config.depthwise_initializer ??= config.init;
    config.pointwise_initializer ??= config.init;
    delete config.init;
  }
  if (className === 'Embedding') delete config.dropout;
  // Keras 1 BatchNormalization mode 0 is Keras 2's only mode; 1 and 2 stay visible to the audit.
  if (className === 'BatchNormalization' && config.mode === 0) delete config.mode;
  if (RNN_CLASSES.has(className) || className === 'ConvLSTM2D') {
    if ('forget_bias_init' in config) {
      if (config.forget_bias_init === 'one') config.unit_forget_bias = true;
      delete config.forget_bias_init;
    }
    // Keras 1 GRU is Keras 2's GRU(reset_after=False): one bias per gate.
    if (className === 'GRU') config.reset_after ??= false;
  }
  // Sequence layers took the input shape as input_dim (+ input_length); Embedding's input_dim is its vocabulary.
  if ((RNN_CLASSES.has(className) || className === 'Conv1D' || className === 'LocallyConnected1D') && typeof config.input_dim === 'number') {
    if (config.batch_input_shape === undefined || config.batch_input_shape === null) {
      const length = typeof config.input_length === 'number' ? config.input_length : null;
      config.batch_input_shape = [null, length, config.input_dim];
    }
    delete config.input_dim;
    delete config.input_length;
  } else if (className !== 'Embedding' && typeof config.input_dim === 'number') {
    // Layer.__init__ in Keras 2 turns input_dim into input_shape=(input_dim,).
    config.batch_input_shape ??= [null, config.input_dim];
  }
}

function combine(config: JsonObject, keys: string[], into: string): void {
  if (!keys.every((k) => typeof config[k] === 'number')) return;
  config[into] ??= keys.map((k) => config[k]);
  for (const k of keys) delete config[k];
}

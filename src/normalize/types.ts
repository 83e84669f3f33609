// The internal model graph: one shape for every dialect and container.
import type { Shape } from '../types/shape.js';

export type Dialect = 'keras1' | 'keras2' | 'keras3' | 'tfjs';

/** One tensor flowing between layers: output `tensor` of call `node` of `layer`. */
export interface TensorRef {
  layer: string;
  /** index into that layer's `calls` (already re-based from the file's node index) */
  node: number;
  tensor: number;
}

/** One call of a layer (Keras' "inbound node"): the tensors it consumed. */
export interface LayerCall {
  inputs: TensorRef[];
  /** Keras 3: the positional arguments as stored (tensors and values, e.g. GetItem's key) */
  args?: unknown[];
  /** keyword arguments recorded with the call (Keras 2 4th element, Keras 3 kwargs) */
  kwargs?: Record<string, unknown>;
  /** per input, the keyword argument that carried it (`key`, `initial_state`), null if positional */
  inputKeywords?: (string | null)[];
  /** per input, the shape the file declares for that tensor (Keras 3 records it where a tensor is consumed) */
  declaredShapes?: (Shape | undefined)[];
  /** constants among the positional arguments (tf.keras `_CONSTANT_VALUE`, e.g. `1.0 - x`) */
  constants?: PositionalConstant[];
}

/** A constant passed positionally: `index` counts the positional arguments, tensors and constants alike. */
export interface PositionalConstant {
  index: number;
  value: unknown;
}

/** Where a layer came from in the file, kept for audit and conversion. */
export interface LayerOrigin {
  /** the class name exactly as the file spells it (e.g. `Convolution2D`) */
  className: string;
  module?: string;
  registeredName?: string;
  /** the raw layer object from the file */
  raw: unknown;
}

export interface LayerNode {
  name: string;
  /** canonical Keras 2/3 class name (aliases such as `Convolution2D` resolved to `Conv2D`) */
  className: string;
  /** config with dialect keys mapped to Keras 2/3 snake_case names */
  config: Record<string, unknown>;
  calls: LayerCall[];
  trainable: boolean;
  /** weight dtype from the config (`float32` unless stated) */
  dtype: string;
  /** a nested Sequential/Functional model used as a layer */
  model?: ModelGraph;
  /** an InputLayer that Keras creates but does not list (Sequential) */
  implicit?: boolean;
  /** Keras 3 `shared_object_id`: the same layer object listed in several (nested) models */
  sharedObjectId?: number;
  /** input shape Keras recorded when it built the layer (Keras 3 build_config) */
  buildInputShape?: Shape | Shape[];
  origin: LayerOrigin;
}

export interface ModelGraph {
  name: string;
  /** the class name the file gives: Sequential, Functional, Model */
  className: string;
  sequential: boolean;
  layers: LayerNode[];
  inputs: TensorRef[];
  outputs: TensorRef[];
  /** Keras 3 dict or nested inputs/outputs: the structure, leaves indexing `inputs`/`outputs` */
  inputStructure?: IoStructure;
  outputStructure?: IoStructure;
  dialect: Dialect;
  /** a Keras 2 Sequential whose InputLayer Keras made on its first call (no input shape declared) */
  builtOnCall?: boolean;
}

/** A nested structure of model inputs or outputs; a leaf is an index into the flat tensor list. */
export type IoStructure = number | IoStructure[] | { [key: string]: IoStructure };

/** The whole normalized model plus what the container told us about it. */
export interface NormalizedModel {
  graph: ModelGraph;
  kerasVersion?: string;
  backend?: string;
  /** major version used for version-dependent math (defaults, weight names) */
  kerasMajor: 1 | 2 | 3;
}

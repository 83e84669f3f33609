// The layer-family contract: declarative data plus two pure functions of config and input shapes.
// Parameter counts are never a formula of their own: they are the sizes of `weights()`.
import type { OutputShape, Shape, WeightSpec } from '../types/shape.js';
import type { LayerConfig } from './config.js';
import type { Dialect, PositionalConstant } from '../normalize/types.js';
import type { QuantizationMode } from '../normalize/dtype-policy.js';

export interface InnerLayer {
  name: string;
  className: string;
  outputShape(inputs: Shape[]): OutputShape;
  weights(inputs: Shape[]): WeightSpec[];
  /** arithmetic of one call for one sample (see LayerCost) */
  cost(inputs: Shape[]): LayerCost;
}

/**
 * Arithmetic of one call of a layer, for one sample (docs/cost.md). `macs` are multiply-accumulates
 * of the layer's products (kernels, attention scores); `ops` are the other floating-point operations
 * (bias adds, activation functions, normalization, pooling, elementwise merges), counted per element
 * by the table in cost-math.ts. FLOPs = 2·macs + ops.
 */
export interface LayerCost {
  macs: number;
  ops: number;
}

/** How the call being evaluated passed its tensors; absent for a layer built without a call. */
export interface CallArgs {
  /** keyword arguments the call recorded (e.g. `return_attention_scores`) */
  kwargs: Readonly<Record<string, unknown>>;
  /** per input shape, the keyword it was passed as (`key`, `initial_state`), null if positional */
  inputKeywords: readonly (string | null)[];
  /** constants among the positional arguments, by position (tensors and constants counted alike) */
  constants?: readonly PositionalConstant[];
  /** Keras 3: the positional arguments as stored, values included (GetItem's key) */
  args?: readonly unknown[];
}

/** What a layer function may ask of the world beyond its own config. */
export interface LayerContext {
  /** Keras major version whose defaults and weight names apply */
  kerasMajor: 1 | 2 | 3;
  /** the file's exact Keras version (`3.15.1`) when it says: quantized layouts change between Keras 3 releases */
  kerasVersion?: string;
  /**
   * The file's dialect. A tfjs-layers file was built by tfjs' own shape rules, so where those differ
   * from Keras (see tfjs-quirks.ts) its stored weights follow tfjs, and so must we.
   */
  dialect?: Dialect;
  /** builds a layer serialized inside this one's config (wrappers, RNN cells) */
  resolveInner(serialized: unknown): InnerLayer;
  call?: CallArgs;
}

export interface QuantizationCoverage {
  modes: readonly QuantizationMode[];
  lora: boolean;
}

export type Category =
  | 'core' | 'convolution' | 'pooling' | 'normalization' | 'recurrent' | 'wrapper' | 'attention'
  | 'merging' | 'reshaping' | 'regularization' | 'activation' | 'embedding' | 'preprocessing' | 'legacy';

export interface LayerSpec {
  /** class names this entry answers to; the first is canonical, the rest are aliases */
  names: readonly string[];
  category: Category;
  /** Keras versions that have this class, e.g. `2, 3` */
  versions: string;
  /**
   * a Keras 3 operation recorded as a layer (its config's module is `keras.src.ops.*`): looked up
   * among operations only, apart from the layers, whose class names it may share (`Multiply`)
   */
  op?: boolean;
  /** Keras defaults for keys a config may omit */
  defaults?: Readonly<Record<string, unknown>>;
  /** its several outputs are a Python tuple (`return output, scores`), not a list: Keras 2 prints them in parentheses */
  tupleOutputs?: boolean;
  /** Keras 3 quantization modes (dtype policies `<mode>_from_<dtype>`) and LoRA the variables follow */
  quantization?: QuantizationCoverage;
  outputShape(c: LayerConfig, inputs: Shape[], ctx: LayerContext): OutputShape;
  /** weights in creation order; omitted for layers that own none */
  weights?(c: LayerConfig, inputs: Shape[], ctx: LayerContext): WeightSpec[];
  /**
   * arithmetic of one call for one sample, given the shapes the call received and returned;
   * omitted: a layer without weights costs nothing (reshaping, dropout, lookups), a layer with
   * weights has an unknown cost
   */
  cost?(c: LayerConfig, inputs: Shape[], output: OutputShape, ctx: LayerContext): LayerCost;
}

export function defineLayer(spec: LayerSpec): LayerSpec {
  return Object.freeze(spec);
}

/** Shorthand for a trainable (default) or non-trainable weight. */
export function w(name: string, shape: number[], trainable = true): WeightSpec {
  return { name, shape, trainable };
}

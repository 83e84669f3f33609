import type { Limits } from './limits.js';
import type { ByteSource, SourceContext } from './source.js';

/** Container formats we read; the id says what the file is, not which Keras wrote it. */
export type FormatId =
  | 'keras-json' // model.to_json() output (any Keras dialect)
  | 'tfjs-layers' // TensorFlow.js layers model.json (+ .bin shards)
  | 'keras-h5' // full-model HDF5 (Keras 1/2, tf.keras, Keras 3 legacy)
  | 'keras-weights-h5' // save_weights HDF5 (no config)
  | 'keras-v3' // Keras 3 .keras zip archive
  | 'keras-v3-weights-h5'; // Keras 3 model.weights.h5

/** Numeric types of stored tensors, named as numpy names them. */
export type DType =
  | 'float16' | 'bfloat16' | 'float32' | 'float64'
  | 'int8' | 'int16' | 'int32' | 'int64'
  | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'bool' | 'string' | 'unknown';

/** One stored tensor, described without reading its data. */
export interface StoredTensor {
  /** path inside the container, e.g. `model_weights/dense/dense/kernel:0` */
  path: string;
  /** weight name as the file records it, e.g. `dense/kernel:0` */
  name: string;
  shape: number[];
  /** the tensor's dtype (for quantized tfjs weights: the dtype it dequantizes to) */
  dtype: DType;
  /** bytes stored in the file */
  byteLength: number;
  /** tfjs weight quantization: stored as `dtype`, value = q * scale + min (float16: plain half floats) */
  quantization?: { dtype: DType; scale?: number; min?: number };
}

/** The tensors stored for one layer, in the file's order. */
export interface StoredLayer {
  /** layer name (Keras 1/2/tfjs) or the weights path (Keras 3, e.g. `layers/dense_1`) */
  name: string;
  tensors: StoredTensor[];
}

/** Stored weights: descriptors now, bytes only on request. */
export interface WeightStore {
  layers: StoredLayer[];
  /** optimizer state found beside the model weights (never mixed into `layers`) */
  optimizer: StoredTensor[];
  /** reads one tensor's values (float16/bfloat16 widened to float32) */
  read(path: string): Promise<Float32Array | Float64Array | Int32Array | Uint8Array | BigInt64Array | ArrayLike<number>>;
  close(): Promise<void>;
}

/** What a reader returns: the file's own words, no dialect mapping. */
export interface RawModel {
  format: FormatId;
  /** the file that was opened */
  file: string;
  /** the model config object (`{class_name, config}`), or null for weights-only files */
  config: unknown | null;
  kerasVersion?: string;
  backend?: string;
  trainingConfig?: unknown;
  weights?: WeightStore;
  /** other container facts worth reporting (e.g. tfjs generatedBy, .keras metadata) */
  meta: Record<string, unknown>;
}

export interface Match {
  format: FormatId;
}

export interface OpenOptions {
  limits: Limits;
  /** HDF5 backend choice (see readers/hdf5) */
  hdf5?: 'auto' | 'jsfive' | 'h5wasm';
  /**
   * Archive members with unsafe names, bomb-like ratios or lying sizes: `refuse` (default) fails
   * the open; `report` skips them and lists them in `meta.archiveProblems` (for the audit).
   */
  archiveProblems?: 'refuse' | 'report';
}

export interface Reader {
  id: FormatId | string;
  /** cheap and synchronous: looks only at the first bytes and the name; never throws */
  sniff(head: Uint8Array, name: string): Match | null;
  open(match: Match, ctx: SourceContext, options: OpenOptions): Promise<RawModel>;
}

export type { ByteSource, SourceContext };

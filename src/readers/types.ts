import type { Limits } from './limits.js';
import type { ByteSource, SourceContext } from './source.js';
import type { TensorData } from './tensor-data.js';
import type { Hdf5Choice } from './hdf5/file.js';
import type { HttpSettings } from './http/settings.js';
import type { Transfer } from './http/source.js';

/** Container formats we read; the id says what the file is, not which Keras wrote it. */
export type FormatId =
  | 'keras-json' // model.to_json() output (any Keras dialect)
  | 'tfjs-layers' // TensorFlow.js layers model.json (+ .bin shards)
  | 'keras-h5' // full-model HDF5 (Keras 1/2, tf.keras, Keras 3 legacy)
  | 'keras-weights-h5' // save_weights HDF5 (no config)
  | 'keras-v3' // Keras 3 .keras zip archive
  | 'keras-v3-weights-h5' // Keras 3 model.weights.h5
  | 'keras-v3-sharded-weights' // Keras 3 *.weights.json index + *_NNNNN.weights.h5 shards
  | 'keras-hub-preset'; // a KerasHub preset folder (config.json, metadata.json, model.weights.h5, …)

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

/** The tensors stored for one layer (or, in Keras 3 files, one saveable object), in the file's order. */
export interface StoredLayer {
  /** layer name (Keras 1/2 `layer_names`, tfjs) or the object's path (Keras 3, e.g. `layers/dense_1`) */
  name: string;
  /** where the layer's group sits in the container, e.g. `model_weights/dense` or `layers/dense_1/vars` */
  path: string;
  tensors: StoredTensor[];
  /** weight names the file lists for this layer whose tensor does not exist (dangling `weight_names`) */
  missing: string[];
  /** Keras 3.6+: the `vars` group's `name` attribute, i.e. the user-visible layer name */
  objectName?: string;
}

/** How a store's layers relate to a model's layers. */
export type WeightLayout =
  | 'keras-legacy' // Keras 1/2, tf.keras and Keras 3 legacy h5: one group per layer name, listed in order
  | 'keras3' // Keras 3 `.weights.h5`: `layers/<snake_case class>[_N]/…/vars/<i>` paths
  | 'tfjs'; // TensorFlow.js manifest: `<layer>/<weight>` names (a nested model's: its inner layers')

/** Stored weights: descriptors now, bytes only on request. */
export interface WeightStore {
  layout: WeightLayout;
  /** the model's weights, grouped as the file groups them */
  layers: StoredLayer[];
  /** weights owned by the model object itself (`top_level_model_weights`, Keras 3 root `vars`) */
  topLevel?: StoredLayer;
  /** groups holding tensors that no layer list names (stray layers, Keras 3 metric state) */
  unlisted: StoredLayer[];
  /** optimizer state found beside the model weights (never mixed into `layers`) */
  optimizer: StoredTensor[];
  /** compiled metrics' state variables (tf.keras 2.13-2.15 `.keras` `metrics/<name>/vars`): not model weights */
  metrics?: StoredLayer[];
  /** things the reader refused to follow or could not describe (external links, soft links, …) */
  notes: string[];
  /** reads one whole tensor (float16/bfloat16 widened to float32); refuses tensors over MAX_TENSOR_BYTES */
  read(path: string): Promise<TensorData>;
  /**
   * the same values in C-order slabs of bounded size, for scans over tensors of any size; a slab
   * may share the reader's buffer and is valid only until the next slab is requested
   */
  stream(path: string): AsyncIterable<TensorData>;
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
  /** the same bytes read as another container a Keras loader would also open (openFromContext, readers/index.ts) */
  otherReadings?: OtherReading[];
  /** configs a loader deserializes beside the model (a KerasHub preset's tokenizer.json, preprocessor.json) */
  companions?: { name: string; config: unknown }[];
  /** for a model read from a URL: bytes and requests used so far (lazy weight reads add to it) */
  transfer?: Transfer;
  /** archive members Keras does not write (a .keras archive's members beyond config, metadata, weights) */
  extraMembers?: ExtraMember[];
}

/**
 * An archive member Keras does not write, with its first bytes for the audit to look at. Members of
 * a zip inside the archive (a PyTorch file) are listed too, named `outer!inner`.
 */
export interface ExtraMember {
  name: string;
  /** the uncompressed size the archive declares */
  size: number;
  /** the first MAX_MEMBER_SCAN_BYTES bytes at most */
  head: Uint8Array;
  /** `head` is the whole member */
  complete: boolean;
  /** why the member could not be read */
  error?: string;
}

/** A second reading of a file that two readers claim, e.g. a zip whose stored member is an HDF5 file. */
export interface OtherReading {
  container: 'zip' | 'hdf5' | 'json';
  /** where that container starts in the file (an HDF5 superblock after a user block) */
  offset: number;
  /** what it reads as; absent when it did not open */
  format?: FormatId;
  /** the config that reading carries (a loader that opens the file this way builds it), or null */
  config: unknown | null;
  trainingConfig?: unknown;
  /** why it did not open */
  error?: string;
}

export interface Match {
  format: FormatId;
}

export interface OpenOptions {
  limits: Limits;
  /** HDF5 backend: jsfive, h5wasm, or auto (h5wasm for big files and layouts jsfive misreads) */
  hdf5?: Hdf5Choice;
  /**
   * Archive members with unsafe names, bomb-like ratios or lying sizes, and weight shards missing
   * from or not named by a sharded index: `refuse` (default) fails the open; `report` skips them
   * and lists them in `meta.archiveProblems` / `meta.shardProblems` (for the audit).
   */
  archiveProblems?: 'refuse' | 'report';
  /**
   * Read a bounded prefix of each archive member Keras does not write (extra-members.ts), for the
   * audit to say what it is; off for a summary, which never needs them (nor their bytes over a URL).
   */
  memberScan?: boolean;
  /** how URLs are fetched (headers, timeouts, retries); the process-wide defaults otherwise */
  http?: Partial<HttpSettings>;
}

export interface Reader {
  id: FormatId | string;
  /** cheap and synchronous: looks only at the first bytes and the name; never throws */
  sniff(head: Uint8Array, name: string): Match | null;
  open(match: Match, ctx: SourceContext, options: OpenOptions): Promise<RawModel>;
}

export type { ByteSource, SourceContext, TensorData };

// What a conversion takes and gives back.
import type { DType } from '../readers/types.js';
import type { Hdf5Choice } from '../readers/hdf5/file.js';
import type { LayerNode } from '../normalize/types.js';

/** Output formats: a Keras 2 `to_json()` config, a Keras 3 `config.json`, a tfjs layers model, a `.keras` archive. */
export type ConvertTarget = 'keras2-json' | 'keras3-json' | 'tfjs' | 'keras';
export const CONVERT_TARGETS: readonly ConvertTarget[] = ['keras2-json', 'keras3-json', 'tfjs', 'keras'];

/** tfjs weight quantization (keras-formats.md §7.3). */
export type Quantization = 'uint8' | 'uint16' | 'float16';
export const QUANTIZATIONS: readonly Quantization[] = ['uint8', 'uint16', 'float16'];

/** How one stored weight becomes one output weight: the stored arrays it is made of and what is done to them. */
export interface WeightSource {
  /** stored tensor paths (WeightStore.read), in the order `combine` takes them */
  paths: string[];
  /** stored shapes, beside `paths` */
  shapes: number[][];
  /** per input: axes permutation applied first (Theano kernels); absent = as stored */
  perm?: number[];
  /** what happens, for notes (null: copied as stored) */
  conversion: string | null;
}

/** One weight of the converted model, in the order the target stores it. */
export interface PlannedWeight {
  /** the layer that owns the weight */
  layer: LayerNode;
  /** name relative to the layer, Keras 2 spelling: `kernel`, `forward_lstm/kernel`, `moving_variance` */
  name: string;
  shape: number[];
  trainable: boolean;
  /** where Keras 3 files keep it, relative to the layer (WeightSpec.objects) */
  objects: string[];
  /** its index among its object's `vars` when that is not the layer's order; false: Keras 3 does not save it (WeightSpec.saved) */
  saved?: number | false;
  /** dtype the file stores (float16/bfloat16 are read widened to float32) */
  storedDtype: DType;
  source: WeightSource;
}

export interface WeightPlan {
  /** the weights of each layer that owns any, in model order */
  layers: { layer: LayerNode; weights: PlannedWeight[] }[];
  /** total number of values */
  params: number;
}

export interface ConvertOptions {
  to: ConvertTarget;
  /** a weights file to pair with a config-only input */
  weights?: string;
  /** output path: a file (json, .keras) or a folder (tfjs); json targets write to stdout without one */
  out?: string;
  /** replace an existing output */
  force?: boolean;
  quantize?: Quantization;
  hdf5?: Hdf5Choice;
}

export interface ConvertResult {
  to: ConvertTarget;
  /** where the output went (undefined: returned as `json`) */
  out?: string;
  /** the config written, for json targets */
  json?: unknown;
  /** files written (tfjs: model.json and the shards) */
  files: string[];
  layers: number;
  /** values written */
  params: number;
  bytes: number;
  /** what the conversion changed or left behind, one sentence each (never a dropped layer or option) */
  notes: string[];
}

import type { RawModel } from '../readers/types.js';
import { ErrorCode, KerascopeError } from '../errors.js';
import { isObject } from './config-access.js';
import { buildModelGraph } from './graph-builder.js';
import type { Dialect, NormalizedModel } from './types.js';

export type * from './types.js';
export { isModelClass } from './subclassed.js';

/** Which dialect a config speaks: the file's keras_version first, then the config's own shape. */
export function detectDialect(raw: RawModel): Dialect {
  // tfjs-layers' own saves say `keras_version: "tfjs-layers 4.22.0"`.
  if (raw.kerasVersion?.startsWith('tfjs-layers')) return 'tfjs';
  const major = majorOf(raw.kerasVersion);
  if (major === 1) return 'keras1';
  if (major === 3) return 'keras3';
  if (isObject(raw.config) && typeof raw.config.module === 'string') return 'keras3';
  if (raw.format === 'tfjs-layers') return 'tfjs';
  return 'keras2';
}

export function majorOf(version: string | undefined): 1 | 2 | 3 | undefined {
  const m = /^(\d+)\./.exec(version ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 1 ? 1 : n >= 3 ? 3 : 2;
}

export function normalize(raw: RawModel): NormalizedModel {
  if (raw.config === null) {
    throw new KerascopeError(ErrorCode.NotAModel, 'file holds weights only, no model config (pass the config with --weights)', raw.file);
  }
  const dialect = detectDialect(raw);
  const graph = buildModelGraph(raw.config, raw.file, dialect);
  const kerasMajor = dialect === 'keras1' ? 1 : dialect === 'keras3' ? 3 : 2;
  return { graph, kerasVersion: raw.kerasVersion, backend: raw.backend, kerasMajor };
}
export { keras1WeightLayout, convertedLegacyLayout, type LegacyWeightLayout, type StoredWeightSpec } from './keras1-weights.js';
export { keras3WeightPaths, assignKeras3Paths, ownerOfWeightName, toSnakeCase, type LayerChain, type Keras3Owner } from './weight-owners.js';
export { subclassedModel, storedSubclassedModel, type SubclassedModel } from './subclassed.js';

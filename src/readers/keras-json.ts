import { ErrorCode, KerascopeError } from '../errors.js';
import type { RawModel } from './types.js';

/** `model.to_json()` output: `{class_name, config, keras_version?, backend?}`. */
export function isKerasConfigJson(obj: Record<string, unknown>): boolean {
  return typeof obj.class_name === 'string' && typeof obj.config === 'object' && obj.config !== null;
}

export function kerasJsonModel(obj: Record<string, unknown>, file: string): RawModel {
  if (!isKerasConfigJson(obj)) {
    throw new KerascopeError(ErrorCode.NotAModel, 'JSON has no "class_name" and "config": not a Keras model config', file);
  }
  return {
    format: 'keras-json',
    file,
    config: obj,
    kerasVersion: typeof obj.keras_version === 'string' ? obj.keras_version : undefined,
    backend: typeof obj.backend === 'string' ? obj.backend : undefined,
    meta: {},
  };
}

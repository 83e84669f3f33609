// Per-dialect spelling rules. Each dialect maps its own keys onto the Keras 2/3 names that the
// layer table reads; the graph builder stays dialect-free.
import { asShape, isObject, type JsonObject } from './config-access.js';
import type { Dialect, LayerNode } from './types.js';
import type { Shape } from '../types/shape.js';

export interface DialectRules {
  dialect: Dialect;
  /** file class name → the Keras 2/3 class name */
  className(name: string): string;
  /** file config → config with Keras 2/3 keys */
  layerConfig(className: string, config: JsonObject): JsonObject;
  /** input shape declared on a layer (batch dimension included) */
  inputShapeOf(config: JsonObject): Shape | undefined;
  dtypeOf(config: JsonObject): string;
  /** how the file's node indices of `target` relate to its calls (Keras 2 skips a model's own first node) */
  nodeOffset(target: LayerNode): number;
}

/** Keras 3 spells dtype as a DTypePolicy object; Keras 2 as a string. */
export function dtypeName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isObject(v) && isObject(v.config) && typeof v.config.name === 'string') {
    // mixed_float16 policies keep float32 variables
    const name = v.config.name;
    return name.startsWith('mixed_') ? 'float32' : name;
  }
  return undefined;
}

export function declaredInputShape(config: JsonObject): Shape | undefined {
  const batch = asShape(config.batch_input_shape) ?? asShape(config.batch_shape);
  if (batch) return batch;
  const noBatch = asShape(config.input_shape) ?? asShape(config.shape);
  if (noBatch) return [null, ...noBatch];
  return undefined;
}

const keras2: DialectRules = {
  dialect: 'keras2',
  className: (name) => name,
  layerConfig: (_c, config) => config,
  inputShapeOf: (config) => declaredInputShape(config),
  dtypeOf: (config) => dtypeName(config.dtype) ?? 'float32',
  nodeOffset: (target) => (target.model && target.model.inputs.length > 0 ? 1 : 0),
};

/** Keras 3 configs that name an export alias rather than the class (summary-format.md D). */
const KERAS3_CLASS_ALIASES: Readonly<Record<string, string>> = { GroupQueryAttention: 'GroupedQueryAttention' };

const keras3: DialectRules = {
  ...keras2,
  dialect: 'keras3',
  className: (name) => KERAS3_CLASS_ALIASES[name] ?? name,
  nodeOffset: () => 0,
};
const tfjs: DialectRules = { ...keras2, dialect: 'tfjs' };

const RULES: Record<Dialect, DialectRules> = { keras1: { ...keras2, dialect: 'keras1' }, keras2, keras3, tfjs };

export function dialectFor(d: Dialect): DialectRules {
  return RULES[d];
}

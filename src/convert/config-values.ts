// Values inside layer configs, between the Keras 2 spelling (`{class_name, config}` objects, dtype
// strings) and the Keras 3 one (`{module, class_name, config, registered_name}`, DTypePolicy).
import { isObject, type JsonObject } from '../normalize/config-access.js';
import { parseDtypePolicy } from '../normalize/dtype-policy.js';
import { lookupTable } from '../types/lookup.js';

const MAX_DEPTH = 64;

/** Keras 3 objects → Keras 2: module/registered_name dropped, functions and dtype policies as their names. */
export function toKeras2Value(v: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) return v.map((x) => toKeras2Value(x, depth + 1));
  if (!isObject(v)) return v;
  if (typeof v.class_name === 'string' && 'config' in v && ('module' in v || 'registered_name' in v)) {
    if (v.class_name === 'function' && typeof v.config === 'string') return v.config;
    if (v.class_name === '__tuple__' && Array.isArray(v.items)) return toKeras2Value(v.items, depth + 1);
    const policy = v.class_name === 'DTypePolicy' ? parseDtypePolicy(v) : undefined;
    if (policy) return policy.name;
    return { class_name: v.class_name, config: toKeras2Value(v.config, depth + 1) };
  }
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = toKeras2Value(x, depth + 1);
  return out;
}

export function keras3DTypePolicy(name: string): JsonObject {
  return { module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null };
}

/**
 * Keras 1 initializer names as Keras 2 serializes the initializer it makes of them
 * (keras/initializers.py: `uniform = random_uniform = RandomUniform`, `glorot_uniform()` a
 * VarianceScaling, …). TensorFlow.js knows only some of the names (not `uniform`, `normal`,
 * `zero`, `one` or `lecun_uniform`), and every consumer knows the objects.
 */
const KERAS1_INITIALIZERS: Readonly<Record<string, JsonObject>> = lookupTable({
  uniform: { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } },
  normal: { class_name: 'RandomNormal', config: { mean: 0, stddev: 0.05, seed: null } },
  zero: { class_name: 'Zeros', config: {} },
  one: { class_name: 'Ones', config: {} },
  identity: { class_name: 'Identity', config: { gain: 1 } },
  orthogonal: { class_name: 'Orthogonal', config: { gain: 1, seed: null } },
  lecun_uniform: varianceScaling(1, 'fan_in', 'uniform'),
  glorot_normal: varianceScaling(1, 'fan_avg', 'normal'),
  glorot_uniform: varianceScaling(1, 'fan_avg', 'uniform'),
  he_normal: varianceScaling(2, 'fan_in', 'normal'),
  he_uniform: varianceScaling(2, 'fan_in', 'uniform'),
});

function varianceScaling(scale: number, mode: string, distribution: string): JsonObject {
  return { class_name: 'VarianceScaling', config: { scale, mode, distribution, seed: null } };
}

/**
 * Keras 1 values in the Keras 2 form: initializers named by a string, regularizers and
 * constraints as `{"name": "WeightRegularizer", "l1", "l2"}`.
 */
export function keras1Object(key: string, v: unknown): unknown {
  if (typeof v === 'string' && key.endsWith('_initializer') && Object.hasOwn(KERAS1_INITIALIZERS, v)) return structuredClone(KERAS1_INITIALIZERS[v]);
  if (!isObject(v) || typeof v.name !== 'string' || 'class_name' in v) return v;
  const { name, ...rest } = v;
  if (key.endsWith('_regularizer') && (name === 'WeightRegularizer' || name === 'ActivityRegularizer' || name === 'L1L2Regularizer')) {
    return { class_name: 'L1L2', config: { l1: Number(rest.l1 ?? 0), l2: Number(rest.l2 ?? 0) } };
  }
  if (key.endsWith('_constraint')) {
    if (name === 'MaxNorm') return { class_name: 'MaxNorm', config: { max_value: rest.m ?? 2, axis: rest.axis ?? 0 } };
    if (name === 'NonNeg') return { class_name: 'NonNeg', config: {} };
    if (name === 'UnitNorm') return { class_name: 'UnitNorm', config: { axis: rest.axis ?? 0 } };
  }
  return undefined;
}

const INITIALIZER_KEYS = new Set(['seed', 'mean', 'stddev', 'minval', 'maxval', 'scale', 'mode', 'distribution', 'gain', 'value']);
const REGULARIZER_KEYS: Readonly<Record<string, string[]>> = lookupTable({ L1L2: ['l1', 'l2'], L1: ['l1'], L2: ['l2'], OrthogonalRegularizer: ['factor', 'mode'] });

export type ObjectKind = 'initializers' | 'regularizers' | 'constraints';

export function objectKind(key: string): ObjectKind | undefined {
  if (key.endsWith('_initializer')) return 'initializers';
  if (key.endsWith('_regularizer')) return 'regularizers';
  if (key.endsWith('_constraint')) return 'constraints';
  return undefined;
}

/**
 * A Keras 2 initializer/regularizer/constraint as Keras 3 serializes it. Returns a problem text for
 * what Keras 3 cannot take.
 */
export function keras3Object(kind: ObjectKind, v: unknown): { value: unknown; dropped: string[] } | { problem: string } {
  if (v === null || typeof v === 'string') return { value: v, dropped: [] };
  if (!isObject(v) || typeof v.class_name !== 'string') return { problem: `unreadable value ${JSON.stringify(v).slice(0, 80)}` };
  if ('module' in v) return { value: v, dropped: [] };
  const config: JsonObject = isObject(v.config) ? { ...v.config } : {};
  const dropped: string[] = [];
  if (kind === 'initializers') {
    // tf.keras reads VarianceScaling's old "normal" as "truncated_normal"; Keras 3 refuses "normal".
    if (config.distribution === 'normal') config.distribution = 'truncated_normal';
    for (const k of Object.keys(config)) {
      if (!INITIALIZER_KEYS.has(k)) {
        dropped.push(k);
        delete config[k];
      }
    }
  } else if (kind === 'regularizers') {
    const keys = REGULARIZER_KEYS[v.class_name];
    if (!keys) return { problem: `regularizer ${v.class_name} has no Keras 3 counterpart` };
    for (const k of Object.keys(config)) if (!keys.includes(k)) return { problem: `regularizer ${v.class_name} option "${k}" has no Keras 3 counterpart` };
  }
  return { value: { module: `keras.${kind}`, class_name: v.class_name, config, registered_name: null }, dropped };
}

// A layer's dtype policy, read once for every stage: what its variables are created in, what it
// computes in, and the quantization it asks for. Keras 3 `dtype_policies/` (DTypePolicy,
// QuantizedDTypePolicy, QuantizedFloat8DTypePolicy, Int4DTypePolicy; `_get_quantized_dtype_policy_by_str`)
// and Keras 2's mixed-precision `Policy`; a Keras 1/2 layer names a plain dtype string.
import { isObject } from './config-access.js';

export type QuantizationMode = 'int8' | 'int4' | 'float8' | 'gptq' | 'awq';
const QUANTIZATION_MODES: readonly QuantizationMode[] = ['int8', 'int4', 'float8', 'gptq', 'awq'];

export interface Quantization {
  mode: QuantizationMode;
  /** int4 sub-channel block size from the policy (`int4/128`); null = per channel, undefined = not said */
  blockSize?: number | null;
  /** float8 amax history length (QuantizedFloat8DTypePolicy, default 1024) */
  amaxHistoryLength?: number;
}

export interface DtypePolicy {
  /** the policy's name as Keras prints it: `float32`, `mixed_bfloat16`, `int8_from_float32`, `int4/128_from_float32` */
  name: string;
  /** dtype the layer's float variables are created in (mixed policies keep float32 variables) */
  variableDtype: string;
  /** dtype the layer computes in */
  computeDtype: string;
  quantization?: Quantization;
}

/** float8 amax history length when the policy does not say (QuantizedFloat8DTypePolicy.default_amax_history_length) */
const DEFAULT_AMAX_HISTORY_LENGTH = 1024;

function plainPolicy(name: string): DtypePolicy {
  if (name.startsWith('mixed_')) return { name, variableDtype: 'float32', computeDtype: name.slice('mixed_'.length) };
  return { name, variableDtype: name, computeDtype: name };
}

/** `int8_from_float32`, `int4/64_from_mixed_bfloat16`, `float8_from_float32`; undefined for a plain name. */
function quantizedByName(name: string, amaxHistoryLength?: number): DtypePolicy | undefined {
  const parts = name.split('_from_');
  if (parts.length !== 2) return undefined;
  const [modeSpec, source] = parts;
  const [base, block] = modeSpec.split('/');
  if (!QUANTIZATION_MODES.includes(base as QuantizationMode)) return undefined;
  const mode = base as QuantizationMode;
  const quantization: Quantization = { mode };
  if (mode === 'int4' && block !== undefined) {
    const n = Number(block);
    if (Number.isInteger(n)) quantization.blockSize = n === -1 ? null : n;
  }
  if (mode === 'float8') quantization.amaxHistoryLength = amaxHistoryLength ?? DEFAULT_AMAX_HISTORY_LENGTH;
  return { ...plainPolicy(source), name, quantization };
}

function byName(name: string, amaxHistoryLength?: number): DtypePolicy {
  return quantizedByName(name, amaxHistoryLength) ?? plainPolicy(name);
}

/**
 * A config's `dtype` value as a policy: a string, a Keras 3 serialized policy object (`config.name`,
 * or `config.mode` + `config.source_name` for the quantized ones) or a Keras 2 `Policy`; undefined
 * when it is none of these (absent, null, unreadable).
 */
export function parseDtypePolicy(v: unknown): DtypePolicy | undefined {
  if (typeof v === 'string') return byName(v);
  if (!isObject(v) || !isObject(v.config)) return undefined;
  // a map's layers without an entry follow its default (null: the global float32)
  if (isPolicyMap(v)) return parseDtypePolicy(v.config.default_policy);
  const c = v.config;
  const amax = typeof c.amax_history_length === 'number' && Number.isInteger(c.amax_history_length) && c.amax_history_length > 0 ? c.amax_history_length : undefined;
  // source_name null: the global policy when it was made (float32 unless set otherwise, which the file does not say)
  if (typeof c.mode === 'string' && (typeof c.source_name === 'string' || c.source_name === null)) return byName(`${c.mode}_from_${c.source_name ?? 'float32'}`, amax);
  if (typeof c.name === 'string') return byName(c.name, amax);
  return undefined;
}

function isPolicyMap(v: unknown): v is { config: { policy_map?: unknown; default_policy?: unknown } } {
  return isObject(v) && v.class_name === 'DTypePolicyMap' && isObject(v.config);
}

/** A DTypePolicyMap key that can only match itself (Keras tries the keys as regular expressions when none is the path). */
const LITERAL_PATH = /^[\w/-]+$/;

/**
 * The dtype policy of the layer at `path` (its name, or `block/attention/query` for a sub-layer)
 * under a config's `dtype`: a DTypePolicyMap's entry for that path, else its default policy
 * (dtype_policy_map.py `__getitem__`); any other dtype value as it is. `pattern: true` when the map
 * has no entry for the path but has keys that are patterns, which kerascope does not match.
 */
export function policyAt(v: unknown, path: string): { policy: unknown; pattern?: true } {
  if (!isPolicyMap(v)) return { policy: v };
  const map = isObject(v.config.policy_map) ? v.config.policy_map : {};
  if (Object.hasOwn(map, path)) return { policy: map[path] };
  return { policy: v.config.default_policy, ...(Object.keys(map).some((k) => !LITERAL_PATH.test(k)) ? { pattern: true as const } : {}) };
}

/** The dtype a layer's float variables are created in, for a config `dtype` value (float32 when unsaid). */
export function variableDtypeOf(v: unknown): string {
  return parseDtypePolicy(v)?.variableDtype ?? 'float32';
}

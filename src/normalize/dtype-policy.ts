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
 * when it is none of these (absent, null, unreadable). A DTypePolicyMap (what `model.quantize()`
 * leaves a KerasHub model, passed to every layer it builds) holds one policy per layer path: the
 * layer at `path` takes its entry, any other the map's `default_policy` (null: the global policy).
 */
export function parseDtypePolicy(v: unknown, path?: string): DtypePolicy | undefined {
  if (typeof v === 'string') return byName(v);
  if (!isObject(v) || !isObject(v.config)) return undefined;
  const c = v.config;
  const map = policyMap(v);
  if (map) return parseDtypePolicy(path !== undefined && Object.hasOwn(map.byPath, path) ? map.byPath[path] : map.fallback);
  const amax = typeof c.amax_history_length === 'number' && Number.isInteger(c.amax_history_length) && c.amax_history_length > 0 ? c.amax_history_length : undefined;
  // a quantized policy without a source quantizes from the global policy (float32 unless set)
  if (typeof c.mode === 'string' && (typeof c.source_name === 'string' || c.source_name === null)) return byName(`${c.mode}_from_${c.source_name ?? 'float32'}`, amax);
  if (typeof c.name === 'string') return byName(c.name, amax);
  return undefined;
}

/** A DTypePolicyMap's entries by layer path and its default; null when `v` is no map. */
function policyMap(v: unknown): { byPath: Readonly<Record<string, unknown>>; fallback: unknown } | null {
  if (!isObject(v) || v.class_name !== 'DTypePolicyMap' || !isObject(v.config)) return null;
  return { byPath: isObject(v.config.policy_map) ? v.config.policy_map : {}, fallback: v.config.default_policy };
}

/** The policies a DTypePolicyMap names, its default included (undefined: unreadable); null when `v` is no map. */
export function policyMapEntries(v: unknown): (DtypePolicy | undefined)[] | null {
  const map = policyMap(v);
  if (!map) return null;
  return [...Object.values(map.byPath), ...(map.fallback == null ? [] : [map.fallback])].map((e) => parseDtypePolicy(e));
}

/** The quantization of the layer at `path` or, under a DTypePolicyMap, of any of its sub-layers (`path/…`). */
export function quantizationWithin(v: unknown, path: string): Quantization | undefined {
  const own = parseDtypePolicy(v, path)?.quantization;
  if (own) return own;
  for (const [key, e] of Object.entries(policyMap(v)?.byPath ?? {})) {
    const q = key.startsWith(`${path}/`) ? parseDtypePolicy(e)?.quantization : undefined;
    if (q) return q;
  }
  return undefined;
}

/** The dtype a layer's float variables are created in, for a config `dtype` value (float32 when unsaid). */
export function variableDtypeOf(v: unknown): string {
  return parseDtypePolicy(v)?.variableDtype ?? 'float32';
}

// The one dtype policy mapping: names and serialized objects as Keras 3 (dtype_policies/) and
// Keras 2 (mixed_precision Policy) write them.
import { describe, expect, test } from 'vitest';
import { parseDtypePolicy, policyAt, variableDtypeOf } from '../../src/normalize/dtype-policy.js';

const k3 = (class_name: string, config: Record<string, unknown>) => ({ module: 'keras', class_name, config, registered_name: null });

describe('parseDtypePolicy', () => {
  test.each([
    ['float32', 'float32', 'float32'],
    ['bfloat16', 'bfloat16', 'bfloat16'],
    ['float16', 'float16', 'float16'],
    // mixed precision computes in the half type and keeps float32 variables
    ['mixed_float16', 'float32', 'float16'],
    ['mixed_bfloat16', 'float32', 'bfloat16'],
  ])('%s: variables %s, compute %s (string and DTypePolicy object)', (name, variable, compute) => {
    for (const v of [name, k3('DTypePolicy', { name }), { class_name: 'Policy', config: { name } }]) {
      expect(parseDtypePolicy(v)).toEqual({ name, variableDtype: variable, computeDtype: compute });
    }
  });

  test('quantized policies keep their source policy\'s variables', () => {
    expect(parseDtypePolicy('int8_from_mixed_bfloat16')).toEqual({ name: 'int8_from_mixed_bfloat16', variableDtype: 'float32', computeDtype: 'bfloat16', quantization: { mode: 'int8' } });
    expect(parseDtypePolicy(k3('QuantizedDTypePolicy', { mode: 'int8', source_name: 'bfloat16' }))).toMatchObject({ variableDtype: 'bfloat16', quantization: { mode: 'int8' } });
    expect(parseDtypePolicy('int4_from_float32')?.quantization).toEqual({ mode: 'int4' });
  });

  test('a QuantizedDTypePolicy without source_name (what model.quantize() saves) is quantized from float32', () => {
    expect(parseDtypePolicy(k3('QuantizedDTypePolicy', { mode: 'int8', source_name: null }))).toEqual({ name: 'int8_from_float32', variableDtype: 'float32', computeDtype: 'float32', quantization: { mode: 'int8' } });
  });

  test('int4 block size from Int4DTypePolicy\'s mode, -1 meaning per channel', () => {
    expect(parseDtypePolicy(k3('Int4DTypePolicy', { mode: 'int4/128', source_name: 'float32' }))?.quantization).toEqual({ mode: 'int4', blockSize: 128 });
    expect(parseDtypePolicy(k3('Int4DTypePolicy', { mode: 'int4/-1', source_name: 'float32' }))?.quantization).toEqual({ mode: 'int4', blockSize: null });
  });

  test('float8 amax history length: the policy\'s, else 1024', () => {
    expect(parseDtypePolicy(k3('QuantizedFloat8DTypePolicy', { mode: 'float8', source_name: 'float32', amax_history_length: 16 }))?.quantization).toEqual({ mode: 'float8', amaxHistoryLength: 16 });
    expect(parseDtypePolicy('float8_from_float32')?.quantization).toEqual({ mode: 'float8', amaxHistoryLength: 1024 });
  });

  test('absent or unreadable: no policy, float32 variables', () => {
    for (const v of [undefined, null, 3, {}, { config: {} }]) {
      expect(parseDtypePolicy(v)).toBeUndefined();
      expect(variableDtypeOf(v)).toBe('float32');
    }
  });
});

describe('DTypePolicyMap (a KerasHub model\'s per-layer policies)', () => {
  const int8 = k3('QuantizedDTypePolicy', { mode: 'int8', source_name: null });
  const map = (policy_map: Record<string, unknown>, default_policy: unknown = null) => k3('DTypePolicyMap', { default_policy, policy_map });

  test('the entry of the layer\'s path, else the default policy (null: float32)', () => {
    const m = map({ 'block_0/attention/query': int8 });
    expect(policyAt(m, 'block_0/attention/query')).toEqual({ policy: int8 });
    expect(policyAt(m, 'block_0/attention/key')).toEqual({ policy: null });
    expect(parseDtypePolicy(m)).toBeUndefined();
    expect(variableDtypeOf(m)).toBe('float32');
    // a default policy is what the layers without an entry build in
    expect(variableDtypeOf(map({}, k3('DTypePolicy', { name: 'bfloat16' })))).toBe('bfloat16');
  });

  test('keys that are patterns (Keras falls back to re.fullmatch) are not matched, and say so', () => {
    expect(policyAt(map({ 'block_0/.*': int8 }), 'block_0/dense')).toEqual({ policy: null, pattern: true });
    // an exact entry wins before any pattern, as in Keras
    expect(policyAt(map({ 'block_0/.*': k3('DTypePolicy', { name: 'float16' }), 'block_0/dense': int8 }), 'block_0/dense')).toEqual({ policy: int8 });
  });

  test('any other dtype value is the policy of every path', () => {
    expect(policyAt('int8_from_float32', 'a/b')).toEqual({ policy: 'int8_from_float32' });
  });
});

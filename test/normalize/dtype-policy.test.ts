// The one dtype policy mapping: names and serialized objects as Keras 3 (dtype_policies/) and
// Keras 2 (mixed_precision Policy) write them.
import { describe, expect, test } from 'vitest';
import { parseDtypePolicy, variableDtypeOf } from '../../src/normalize/dtype-policy.js';

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

  test('a DTypePolicyMap (what quantize() leaves a KerasHub model): the entry at the layer\'s path, else default_policy, null meaning the global float32', () => {
    const int8 = k3('QuantizedDTypePolicy', { mode: 'int8', source_name: null });
    const map = (default_policy: unknown) => k3('DTypePolicyMap', { default_policy, policy_map: { 'transformer_layer_0/self_attention/query': int8 } });
    expect(parseDtypePolicy(map(null), 'transformer_layer_0/self_attention/query')).toEqual({ name: 'int8_from_float32', variableDtype: 'float32', computeDtype: 'float32', quantization: { mode: 'int8' } });
    expect(parseDtypePolicy(map(null), 'transformer_layer_0/self_attention')).toBeUndefined();
    expect(parseDtypePolicy(map(k3('DTypePolicy', { name: 'bfloat16' })), 'token_embedding')?.name).toBe('bfloat16');
    // no path (a reader that does not know the layer's): the default
    expect(parseDtypePolicy(map('mixed_float16'))?.computeDtype).toBe('float16');
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

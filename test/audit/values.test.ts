import { describe, expect, test } from 'vitest';
import { StatsAccumulator } from '../../src/audit/values/stats.js';
import { valueFindings, valuesCheck } from '../../src/audit/checks/values.js';
import { fails, worstSeverity } from '../../src/audit/policy.js';
import { auditModelOf, memoryStore, pair, rawModel } from './helpers.js';

describe('streaming statistics', () => {
  test('min/max/mean/population std over finite values; NaN, Inf and zeros counted', () => {
    const acc = new StatsAccumulator();
    acc.add([1, 2, 3]);
    acc.add([4, NaN, Infinity, -Infinity, 0]);
    // finite: 1 2 3 4 0 → mean 2, variance (1+0+1+4+4)/5 = 2
    expect(acc.result('l', 'w')).toEqual({ layer: 'l', weight: 'w', count: 8, min: 0, max: 4, mean: 2, std: Math.sqrt(2), nan: 1, inf: 2, zeros: 1 });
  });

  test('slabs of any size merge to the whole-array mean and std, without cancellation', () => {
    // Values near 1e8 with a spread of ~1: a running sum of squares would lose the variance entirely.
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const all = Float64Array.from({ length: 10_000 }, () => 1e8 + rand() * 2 - 1);
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const std = Math.sqrt(all.reduce((a, v) => a + (v - mean) ** 2, 0) / all.length);
    const acc = new StatsAccumulator();
    for (let at = 0, size = 1; at < all.length; at += size, size = size * 3 + 1) acc.add(all.subarray(at, at + size));
    const r = acc.result('l', 'w');
    expect(r.count).toBe(10_000);
    expect(r.mean!).toBeCloseTo(mean, 6);
    expect(r.std! / std).toBeCloseTo(1, 9);
    expect(std).toBeGreaterThan(0.5); // uniform on [-1, 1): std 1/sqrt(3)
  });

  test('non-finite values inside a slab leave the figures of the finite ones', () => {
    const acc = new StatsAccumulator();
    acc.add(Float32Array.from([1, 2, NaN, 3, -Infinity, 4, 0]));
    // finite: 1 2 3 4 0 → mean 2, variance 2
    expect(acc.result('l', 'w')).toEqual({ layer: 'l', weight: 'w', count: 7, min: 0, max: 4, mean: 2, std: Math.sqrt(2), nan: 1, inf: 1, zeros: 1 });
  });

  test('float64 values whose sum overflows are still summarised, not called infinite', () => {
    const acc = new StatsAccumulator();
    acc.add(Float64Array.from([1e308, 1e308, 1e308]));
    expect(acc.result('l', 'w')).toMatchObject({ count: 3, inf: 0, nan: 0, min: 1e308, max: 1e308, mean: 1e308, std: 0 });
  });

  test('int64 tensors are counted as numbers', () => {
    const acc = new StatsAccumulator();
    acc.add(BigInt64Array.from([0n, 2n, -2n]));
    expect(acc.result('l', 'w')).toMatchObject({ count: 3, min: -2, max: 2, mean: 0, zeros: 1 });
  });

  test('no finite value → null statistics', () => {
    const acc = new StatsAccumulator();
    acc.add([NaN]);
    expect(acc.result('l', 'w')).toMatchObject({ min: null, max: null, mean: null, std: null, nan: 1 });
  });
});

describe('value findings', () => {
  const stats = (weight: string, values: number[]) => {
    const acc = new StatsAccumulator();
    acc.add(values);
    return valueFindings(acc.result('dense', weight));
  };
  test('NaN and Inf counted in one finding', () => {
    expect(stats('kernel', [1, NaN, Infinity, -Infinity])).toEqual([{ code: 'non-finite-values', layer: 'dense', weight: 'kernel', nan: 1, inf: 2 }]);
  });
  test('all-zero and constant kernels, but not biases or normalization statistics', () => {
    expect(stats('kernel', [0, 0, 0])).toEqual([{ code: 'all-zero-tensor', layer: 'dense', weight: 'kernel' }]);
    expect(stats('kernel', [0.5, 0.5])).toEqual([{ code: 'constant-tensor', layer: 'dense', weight: 'kernel', value: 0.5 }]);
    expect(stats('bias', [0, 0, 0])).toEqual([]);
    expect(stats('moving_variance', [1, 1])).toEqual([]);
    expect(stats('dense_1_b', [0, 0])).toEqual([]);
    expect(stats('kernel', [0.1, 0.2])).toEqual([]);
  });
});

describe('values check over a store', () => {
  test('reads every tensor and records statistics per tensor', async () => {
    // tensors named as the pairing names them, so both give the same paths
    const store = memoryStore({ dense: [{ name: 'kernel', shape: [2, 2], values: [0, 0, 0, 0] }, { name: 'bias', shape: [2], values: [NaN, 1] }] });
    const m = auditModelOf(
      { layers: [pair('dense', [['kernel', [2, 2]], ['bias', [2]]], [['kernel', [2, 2]], ['bias', [2]]])], unmatched: [], optimizer: [] },
      rawModel(store),
    );
    const ctx = { options: { values: true }, tensorStats: [] as never[] };
    const findings = await valuesCheck.run(m, ctx);
    expect(findings.map((f) => f.code)).toEqual(['all-zero-tensor', 'non-finite-values']);
    expect(ctx.tensorStats.map((s: { weight: string; count: number }) => [s.weight, s.count])).toEqual([['kernel', 4], ['bias', 2]]);
    expect(valuesCheck.appliesTo(m, { values: false })).toMatch(/--values/);
  });
});

describe('policy', () => {
  const result = (codes: ('lambda-code' | 'optimizer-state' | 'missing-layer-weights')[], errors = 0) => ({
    file: 'f',
    findings: codes.map((code) =>
      code === 'lambda-code'
        ? { code, path: 'p', python: '3.11', names: [], filename: '' }
        : code === 'optimizer-state'
          ? { code, tensors: 1, params: 1 }
          : { code, layer: 'd', weights: 1, params: 1 },
    ),
    errors: Array.from({ length: errors }, () => ({ check: 'c', message: 'm' })),
    skipped: [],
  });
  test.each([
    [['optimizer-state'], 'error', false],
    [['optimizer-state'], 'info', true],
    [['lambda-code'], 'error', false],
    [['lambda-code'], 'warning', true],
    [['missing-layer-weights'], 'error', true],
    [['missing-layer-weights'], 'never', false],
    [[], 'info', false],
  ] as const)('%j with --fail-on %s fails: %s', (codes, failOn, want) => {
    expect(fails([result([...codes])], failOn)).toBe(want);
  });
  test('a crashed check fails the audit unless --fail-on never', () => {
    expect(fails([result([], 1)], 'error')).toBe(true);
    expect(fails([result([], 1)], 'never')).toBe(false);
    expect(worstSeverity(result(['optimizer-state', 'lambda-code']))).toBe('warning');
    expect(worstSeverity(result([]))).toBe(null);
  });
});

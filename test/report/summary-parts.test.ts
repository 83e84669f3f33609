// The small pure pieces of the summary: Python number and string formatting, the sequential-like
// rule, style selection, and Keras 3's optimizer variable count.
import { describe, expect, test } from 'vitest';
import { fixed2, readableBytes, withCommas } from '../../src/report/summary/numbers.js';
import { pyShape, pyStrList, pyStrRepr } from '../../src/report/summary/python-repr.js';
import { keras2Layout, styleFor } from '../../src/report/summary/text.js';
import { isSequentialLike } from '../../src/graph/sequential-like.js';
import { keras3OptimizerVariables } from '../../src/graph/optimizer.js';
import type { LayerNode, ModelGraph } from '../../src/normalize/types.js';

describe('Python number formats', () => {
  // Expected strings from Python 3: '{:.2f}'.format(x), '{:,}'.format(n).
  test.each([
    [0.125, '0.12'], // exact half: Python rounds to even, toFixed would say 0.13
    [0.375, '0.38'],
    [1152 / 1024, '1.12'],
    [2.675, '2.67'], // not a half in binary
    [4.765625, '4.77'],
    [0, '0.00'],
  ])('fixed2(%f) = %s', (x, s) => expect(fixed2(x)).toBe(s));

  test('withCommas', () => {
    expect(withCommas(1250858)).toBe('1,250,858');
    expect(withCommas(999)).toBe('999');
    expect(withCommas(0)).toBe('0');
    // 2^80: Python prints every digit ('{:,}'.format(2**80)), never 1.2089258196146292e+24
    expect(withCommas(2 ** 80)).toBe('1,208,925,819,614,629,174,706,176');
  });

  test('readableBytes: 1024-based units, Keras 3 says B and tf.keras 2.13 Byte', () => {
    expect(readableBytes(5003432, 'B')).toBe('4.77 MB');
    expect(readableBytes(0, 'Byte')).toBe('0.00 Byte');
    expect(readableBytes(1152, 'B')).toBe('1.12 KB');
    expect(readableBytes(1023, 'B')).toBe('1023.00 B');
  });
});

describe('Python str()', () => {
  test('tuples and lists of tuples', () => {
    expect(pyShape([null, 32])).toBe('(None, 32)');
    expect(pyShape([null])).toBe('(None,)');
    expect(pyShape([[null, 4], [null, 2]])).toBe('[(None, 4), (None, 2)]');
  });

  test('string reprs pick their quotes as Python does', () => {
    expect(pyStrRepr('input_1[0][0]')).toBe("'input_1[0][0]'");
    expect(pyStrRepr("it's")).toBe('"it\'s"');
    expect(pyStrRepr('a\'b"c')).toBe("'a\\'b\"c'");
    expect(pyStrList([])).toBe('[]');
    expect(pyStrList(['a[0][0]', 'b[1][0]'])).toBe("['a[0][0]', 'b[1][0]']");
  });
});

describe('sequential-like (3 or 4 columns)', () => {
  const layer = (name: string, ...calls: string[][]): LayerNode => ({
    name,
    className: calls.length ? 'Dense' : 'InputLayer',
    config: {},
    calls: calls.map((inputs) => ({ inputs: inputs.map((ref) => ({ layer: ref.split(':')[0], node: Number(ref.split(':')[1] ?? 0), tensor: 0 })) })),
    trainable: true,
    dtype: 'float32',
    origin: { className: 'Dense', raw: null },
  });
  const graph = (layers: LayerNode[], inputs: string[], outputs: string[]): ModelGraph => ({
    name: 'm',
    className: 'Functional',
    sequential: false,
    layers,
    inputs: inputs.map((l) => ({ layer: l, node: 0, tensor: 0 })),
    outputs: outputs.map((r) => ({ layer: r.split(':')[0], node: Number(r.split(':')[1] ?? 0), tensor: 0 })),
    dialect: 'keras3',
  });

  test('a chain is sequential-like', () => {
    expect(isSequentialLike(graph([layer('in'), layer('a', ['in']), layer('b', ['a'])], ['in'], ['b']))).toBe(true);
  });
  test('two branches from one input are not', () => {
    expect(isSequentialLike(graph([layer('in'), layer('a', ['in']), layer('b', ['in'])], ['in'], ['a', 'b']))).toBe(false);
  });
  test('a layer taking two tensors is not', () => {
    expect(isSequentialLike(graph([layer('x'), layer('y'), layer('add', ['x', 'y'])], ['x', 'y'], ['add']))).toBe(false);
  });
  test('a layer called twice in a chain is not (shared layer)', () => {
    expect(isSequentialLike(graph([layer('in'), layer('d', ['in'], ['d:0'])], ['in'], ['d:1']))).toBe(false);
  });
  test('an input that reaches no output still counts', () => {
    expect(isSequentialLike(graph([layer('in'), layer('unused'), layer('a', ['in'])], ['in', 'unused'], ['a']))).toBe(false);
  });
  test('a call with n input tensors reads each input reference a bounded number of times (was n times each: quadratic)', () => {
    const n = 2_000;
    const b = layer('b', new Array(n).fill('a'));
    let reads = 0;
    b.calls[0].inputs = new Proxy(b.calls[0].inputs, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    expect(isSequentialLike(graph([layer('in'), layer('a', ['in']), b], ['in'], ['b']))).toBe(false);
    expect(reads).toBeGreaterThanOrEqual(n);
    expect(reads).toBeLessThanOrEqual(2 * n);
  });
});

describe('style selection', () => {
  test.each([
    ['2.0.5', '2.2'],
    ['2.2.4-tf', '2.2'],
    ['2.6.0', '2.2'],
    ['2.7.0', '2.7'],
    ['2.12.0', '2.7'],
    ['2.13.1', '2.13'],
    ['2.15.0', '2.13'],
    ['3.15.1', '3'],
    ['1.2.2', '2.2'],
    ['tfjs-layers 4.22.0', '2.2'],
    [undefined, '3'],
  ])('keras_version %s → %s', (v, style) => expect(styleFor(v)).toBe(style));

  test('auto refines 2.2 with what Keras 2.3-2.6 and tf.keras printed', () => {
    expect(keras2Layout('2.2', '2.2.4')).toMatchObject({ modelLine: false, inputLayerAsList: false });
    expect(keras2Layout('2.2', '2.3.1')).toMatchObject({ modelLine: true, inputLayerAsList: false });
    expect(keras2Layout('2.2', '2.4.0')).toMatchObject({ modelLine: true, inputLayerAsList: true });
    expect(keras2Layout('2.2', '2.2.4-tf')).toMatchObject({ modelLine: true, inputLayerAsList: true });
    // TF 1.5's tf.keras print_summary (keras 2.1.x-tf) printed no Model: line.
    expect(keras2Layout('2.2', '2.1.6-tf')).toMatchObject({ modelLine: false, inputLayerAsList: false });
    expect(keras2Layout('2.2')).toMatchObject({ modelLine: false, inputLayerAsList: false });
  });
});

describe('Keras 3 optimizer variables', () => {
  const totals = (trainable: number) => ({ total: trainable, trainable, nonTrainable: 0, totalBytes: 4 * trainable, trainableBytes: 4 * trainable, nonTrainableBytes: 0, incomplete: [] });
  const adam = { class_name: 'Adam', config: { learning_rate: 0.001, amsgrad: false } };

  test('Adam: two slots per trainable weight, plus iteration and learning_rate (Keras 3.15.1, JAX)', () => {
    // shared/keras3/generated/shared-1-0007-seq-2d: 276 trainable → "Optimizer params: 554 (2.16 KB)"
    expect(keras3OptimizerVariables(adam, totals(276), 'jax')).toEqual({ count: 554, bytes: 2216 });
  });
  test('iteration is int64 outside JAX', () => {
    expect(keras3OptimizerVariables(adam, totals(3), 'tensorflow')).toEqual({ count: 8, bytes: 36 });
  });
  test('SGD without momentum has no slots; a schedule is not a variable', () => {
    expect(keras3OptimizerVariables({ class_name: 'SGD', config: { momentum: 0, learning_rate: { class_name: 'ExponentialDecay' } } }, totals(10), 'jax')).toEqual({ count: 1, bytes: 4 });
  });
  test('unknown optimizers give nothing rather than a guess', () => {
    expect(keras3OptimizerVariables({ class_name: 'MyOptimizer', config: {} }, totals(10), 'jax')).toBeUndefined();
  });
});

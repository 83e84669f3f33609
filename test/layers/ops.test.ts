// Keras 3 op layers (keras.src.ops.numpy) that a Functional config records: the comparisons, Pad and the
// arithmetic, told from the merge layers of the same names by their module. Shapes
// by numpy broadcasting worked by hand; the real model is keras3/modern's NotEqual case (conformance).
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLayer } from './harness.js';
import { layerSpec } from '../../src/layers/registry.js';
import { LayerConfig } from '../../src/layers/config.js';
import type { LayerContext } from '../../src/layers/types.js';
import { readModel, summarize } from '../../src/index.js';

const CTX: LayerContext = { kerasMajor: 3, resolveInner: () => { throw new Error('no inner layers'); } };

describe('comparison op layers', () => {
  test.each([
    ['NotEqual', [[null, 7]], [null, 7]], // x != 0: the constant is no input
    ['Equal', [[null, 3, 1], [null, 1, 4]], [null, 3, 4]],
    ['Greater', [[null, 5], [5]], [null, 5]],
    ['LessEqual', [[2, 1, 6], [3, 1]], [2, 3, 6]],
  ] as const)('%s of %j is %j, no weights', (cls, inputs, out) => {
    const r = runLayer(cls, { name: 'op' }, inputs.map((s) => [...s]));
    expect(r.output_shape).toEqual(out);
    expect(r.weights).toEqual([]);
  });

  test('operands that do not broadcast are refused with both shapes', () => {
    expect(() => runLayer('Less', { name: 'op' }, [[null, 3], [null, 4]])).toThrow(/\(None, 3\).*\(None, 4\)|do not broadcast/);
  });
});

describe('Pad (keras.ops.pad)', () => {
  test.each([
    // ResNetV2's stem pad: the image axes by one each side
    [[[0, 0], [1, 1], [1, 1], [0, 0]], [null, 16, 16, 8], [null, 18, 18, 8]],
    // one pair pads every axis; an unknown axis stays unknown
    [[[2, 3]], [4, null], [9, null]],
  ])('pad_width %j of %j is %j, no weights', (padWidth, input, out) => {
    const r = runLayer('Pad', { name: 'pad', pad_width: padWidth, mode: 'constant' }, [input]);
    expect(r.output_shape).toEqual(out);
    expect(r.weights).toEqual([]);
  });

  test('a pad_width of another rank than the input is refused, naming the key', () => {
    expect(() => runLayer('Pad', { name: 'pad', pad_width: [[1, 1], [1, 1]] }, [[null, 4, 4]])).toThrow(/pad_width/);
  });
});

describe('Mean (keras.ops.mean)', () => {
  test.each([
    // ViTImageClassifier's "gap" pooling: the mean over the tokens
    [[1], false, [null, 5, 8], [null, 8]],
    [[-1, 1], false, [2, 3, 4], [2]],
    [1, true, [null, 5, 8], [null, 1, 8]],
    [null, false, [2, 3], []],
    [null, true, [2, 3], [1, 1]],
  ])('axis %j keepdims %s of %j is %j, no weights', (axis, keepdims, input, out) => {
    const r = runLayer('Mean', { name: 'mean', axis, keepdims }, [input]);
    expect(r.output_shape).toEqual(out);
    expect(r.weights).toEqual([]);
  });

  test('an axis outside the input is refused, naming the key', () => {
    expect(() => runLayer('Mean', { name: 'mean', axis: [3] }, [[null, 5, 8]])).toThrow(/axis/);
  });
});

describe('arithmetic op layers, apart from the merge layers of the same name', () => {
  const OPS = 'keras.src.ops.numpy';

  test.each([
    ['Multiply', [[null, null, 16]], [null, null, 16]], // x * sqrt(16.0): one tensor operand
    ['Add', [[null, 3, 1], [4]], [null, 3, 4]],
    ['Subtract', [[2, 1], [1, 5]], [2, 5]],
  ] as const)('the operation %s of %j is %j, no weights', (cls, inputs, out) => {
    const spec = layerSpec(cls, OPS)!;
    expect(spec.op).toBe(true);
    const c = new LayerConfig('op', cls, {});
    expect(spec.outputShape(c, inputs.map((s) => [...s]), CTX)).toEqual(out);
    expect(spec.weights).toBeUndefined();
  });

  test('without an operation module the name is the merge layer', () => {
    for (const module of [undefined, 'keras.layers']) {
      const merge = layerSpec('Multiply', module)!;
      expect(merge.op).toBeUndefined();
      expect(merge).not.toBe(layerSpec('Multiply', OPS));
    }
    // ops whose names no layer has are found without their module too (configs that omit it)
    expect(layerSpec('GetItem')?.op).toBe(true);
  });

  test('a Functional config holding both: each is read as what its module says', async () => {
    const tensor = (layer: string) => ({ class_name: '__keras_tensor__', config: { keras_history: [layer, 0, 0] } });
    const layers = [
      { module: 'keras.layers', class_name: 'InputLayer', config: { name: 'x', batch_shape: [null, 4], dtype: 'float32' }, name: 'x', inbound_nodes: [] },
      // x * 2.0, as Keras 3.15 writes an operation (registered_name = class name, config = name only)
      { module: OPS, class_name: 'Multiply', config: { name: 'multiply' }, registered_name: 'Multiply', name: 'multiply', inbound_nodes: [{ args: [tensor('x'), 2.0], kwargs: {} }] },
      { module: 'keras.layers', class_name: 'Multiply', config: { name: 'multiply_1', dtype: 'float32' }, name: 'multiply_1', inbound_nodes: [{ args: [[tensor('x'), tensor('multiply')]], kwargs: {} }] },
      { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 3, use_bias: true }, name: 'dense', inbound_nodes: [{ args: [tensor('multiply_1')], kwargs: {} }] },
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'kerascope-ops-')), 'ops.json');
    writeFileSync(file, JSON.stringify({ module: 'keras', class_name: 'Functional', config: { name: 'm', layers, input_layers: [['x', 0, 0]], output_layers: [['dense', 0, 0]] }, registered_name: 'Functional' }));
    const s = summarize(await readModel(file));
    expect(s.layers.map((l) => [l.name, l.class_name, l.output_shape, l.params])).toEqual([
      ['x', 'InputLayer', [null, 4], 0],
      ['multiply', 'Multiply', [null, 4], 0],
      ['multiply_1', 'Multiply', [null, 4], 0],
      ['dense', 'Dense', [null, 3], 4 * 3 + 3],
    ]);
  });
});

// TFOpLambda / SlicingOpLambda (tf.keras 2.x): output shapes against TensorFlow's own static shape
// inference (fixtures/tf-ops, written by scripts/fixtures/tf_op_layers.py with TensorFlow 2.21),
// and the rules the fixture cannot drive (einsum) against hand-worked shapes.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { analyzeConfig } from './model-harness.js';
import { LayerConfig } from '../../src/layers/config.js';
import { TF_OPS, tfOp, tfOpOutputShape } from '../../src/layers/tf-ops.js';
import type { LayerContext } from '../../src/layers/types.js';
import type { Shape } from '../../src/types/shape.js';

const read = (f: string) => JSON.parse(readFileSync(new URL(`../../fixtures/tf-ops/${f}`, import.meta.url), 'utf8'));
const model = read('tf-op-lambdas.json');
const expected = read('tf-op-lambdas.expected.json').shapes as Record<string, Shape | null>;
const facts = analyzeConfig(model);

describe('TFOpLambda and SlicingOpLambda shapes match TensorFlow', () => {
  test.each(Object.entries(expected))('%s → %j', (name, shape) => {
    const layer = facts.find((l) => l.name === name)!;
    expect(layer.output_shape).toEqual(shape);
    // the ops own no weights, whether or not their shape is known
    if (name !== 'dense') expect(layer.params).toBe(0);
  });

  test('an op outside the rules is unknown, with the reason', () => {
    expect(facts.find((l) => l.name === 'tf.signal.rfft')!.problem).toBe('no shape rule for TensorFlow function tf.signal.rfft');
  });
});

describe('einsum', () => {
  const ctx = (equation: string, n: number): LayerContext => ({
    kerasMajor: 2,
    resolveInner: () => { throw new Error('none'); },
    call: { kwargs: {}, inputKeywords: Array(n).fill(null), constants: [{ index: 0, value: equation }] },
  });
  const c = new LayerConfig('tf.einsum', 'TFOpLambda', { function: 'einsum' });
  test.each([
    ['bij,bjk->bik', [[null, 4, 6], [null, 6, 5]], [null, 4, 5]],
    ['bqhd,bkhd->bhqk', [[null, 7, 2, 8], [null, 9, 2, 8]], [null, 2, 7, 9]],
    ['...ij,jk->...ik', [[null, 3, 4, 6], [6, 2]], [null, 3, 4, 2]],
    ['ij,jk', [[3, 4], [4, 5]], [3, 5]],
  ] as [string, Shape[], Shape][])('%s', (eq, inputs, out) => {
    expect(tfOpOutputShape(c, inputs, ctx(eq, inputs.length))).toEqual(out);
  });
});

describe('the op table', () => {
  test('compat.v1 and top-level names resolve to the same entry', () => {
    expect(tfOp('compat.v1.reduce_mean')).toBe(TF_OPS['math.reduce_mean']);
    expect(tfOp('reduce_sum')).toBe(TF_OPS['math.reduce_sum']);
    expect(tfOp('compat.v1.transpose')).toBe(TF_OPS.transpose);
    expect(tfOp('io.write_file')).toBeUndefined();
    // a name the file chooses finds no Object.prototype member
    for (const name of ['constructor', '__proto__', 'compat.v1.toString']) expect(tfOp(name)).toBeUndefined();
  });
});

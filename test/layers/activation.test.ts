import { describe, expect, test } from 'vitest';
import { actualOf, expectedOf, keras3Cases, runLayer } from './harness.js';
import { tfjsLayer } from './tfjs-oracle.js';

describe('activation layers vs real Keras 3 (fixtures/keras3_layers.json)', () => {
  test.each(keras3Cases('activation').map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(actualOf(c)).toEqual(expectedOf(c));
  });
});

describe('activation layers vs tfjs-layers (Keras 2)', () => {
  test.each([
    ['ReLU', { max_value: 6 }, [null, 4]],
    ['LeakyReLU', { alpha: 0.3 }, [null, 2, 3]],
    ['ELU', {}, [null, 5]],
    ['Softmax', { axis: -1 }, [null, 3]],
    ['ThresholdedReLU', { theta: 1 }, [null, 3, 3]],
    ['PReLU', {}, [null, 4, 5]],
    ['PReLU', { shared_axes: [1, 2] }, [null, 4, 5, 6]],
    ['PReLU', { shared_axes: [3] }, [null, 4, 5, 6]],
  ] as const)('%s %j on %j', async (cls, cfg, input) => {
    const shapes = [[...input]];
    expect(runLayer(cls, structuredClone(cfg) as Record<string, unknown>, shapes, 2)).toEqual(
      await tfjsLayer(cls, structuredClone(cfg) as Record<string, unknown>, shapes),
    );
  });
});

// docs/layer-math.md §8: alpha = input_shape[1:] with shared axes set to 1; Keras 1 named it `alphas`.
describe('PReLU alpha by the layer-math rule', () => {
  test.each([
    [{ shared_axes: 1 }, [null, 7, 3], [1, 3], 3],
    [{ shared_axes: [1, 2, 3] }, [null, 2, 2, 8], [1, 1, 1], 3],
    [{}, [null, 2, 2, 8], [2, 2, 8], 3],
    [{}, [null, 10], [10], 1],
  ] as const)('%j on %j → alpha %j (Keras %i)', (cfg, input, shape, major) => {
    const r = runLayer('PReLU', structuredClone(cfg) as Record<string, unknown>, [[...input]], major as 1 | 3);
    expect(r.weights).toEqual([{ name: major === 1 ? 'alphas' : 'alpha', shape, trainable: true }]);
  });

  test('an unknown non-shared axis cannot size alpha', () => {
    expect(() => runLayer('PReLU', { shared_axes: [1] }, [[null, 5, null]])).toThrow(/must be known/);
  });
});

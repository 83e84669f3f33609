import { describe, expect, test } from 'vitest';
import { analyzeConfig, keras3Cases, oneLayer, type LayerFacts } from './model-harness.js';

describe('attention vs real Keras 3 (fixtures/keras3-layers-b.json)', () => {
  const classes = ['Attention', 'AdditiveAttention', 'MultiHeadAttention', 'GroupedQueryAttention'];
  test.each(keras3Cases(classes).map((c) => [c.id, c] as const))('%s', (_, c) => {
    expect(analyzeConfig(c.model)).toEqual(c.layers);
  });
});

/**
 * A tf.keras functional config calling `layer(query, value=…, key=…)`: tf.keras records the first
 * argument as the inbound tensor and every later argument in the kwargs, tensors as `[layer, node, tensor]`.
 */
function tfKerasCall(className: string, config: Record<string, unknown>, shapes: Record<string, (number | null)[]>, extra: Record<string, unknown> = {}): LayerFacts {
  const names = Object.keys(shapes);
  const inputs = names.map((n) => ({ name: n, class_name: 'InputLayer', config: { name: n, batch_input_shape: shapes[n] }, inbound_nodes: [] }));
  const kwargs = Object.fromEntries([...names.slice(1).map((n) => [n, [n, 0, 0]]), ...Object.entries(extra)]);
  const model = {
    class_name: 'Functional',
    config: {
      name: 'm',
      layers: [...inputs, { name: 'att', class_name: className, config: { name: 'att', ...config }, inbound_nodes: [[[names[0], 0, 0, kwargs]]] }],
      input_layers: names.map((n) => [n, 0, 0]),
      output_layers: [['att', 0, 0]],
    },
  };
  return analyzeConfig(model, '2.15.0').find((l) => l.name === 'att')!;
}

// layer-math.md §7 by hand: N heads, K key_dim, V value_dim, Dq/Dk/Dv the inputs' last dims.
describe('MultiHeadAttention by the layer-math formulas', () => {
  test.each([
    // N, K, V, Dq, Dk, Dv → N·K(Dq+Dk+2) + N·V(Dv+1) + N·V·Dq + Dq
    [2, 3, 3, 8, 6, 5],
    [4, 2, 6, 10, 10, 7],
  ])('N=%d K=%d V=%d Dq=%d Dk=%d Dv=%d, key and value passed as tf.keras kwargs', (n, k, v, dq, dk, dv) => {
    const facts = tfKerasCall('MultiHeadAttention', { num_heads: n, key_dim: k, value_dim: v }, {
      query: [null, 5, dq], value: [null, 7, dv], key: [null, 7, dk],
    });
    expect(facts.output_shape).toEqual([null, 5, dq]);
    expect(facts.params).toBe(n * k * (dq + dk + 2) + n * v * (dv + 1) + n * v * dq + dq);
    expect(facts.weights!.map((x) => x.name)).toEqual([
      'query/kernel', 'query/bias', 'key/kernel', 'key/bias', 'value/kernel', 'value/bias', 'attention_output/kernel', 'attention_output/bias',
    ]);
  });

  test('use_bias=False: N·K(Dq+Dk) + N·V·Dv + N·V·Dq', () => {
    const facts = oneLayer('MultiHeadAttention', { num_heads: 3, key_dim: 2, use_bias: false }, [[null, 4, 6], [null, 9, 5]]);
    expect(facts.params).toBe(3 * 2 * (6 + 5) + 3 * 2 * 5 + 3 * 2 * 6);
  });

  // Keras 2 computes the scores: (B, N, Tq, Tk) for sequences; with attention_axes (1, 2) on 4-D
  // inputs, (B, N, T1q, T2q, T1k, T2k). Keras 3.15 declares (B, N, Tq, Tq) (see the fixture case).
  test.each([
    [{}, { query: [null, 5, 8], value: [null, 7, 8] }, [null, 2, 5, 7]],
    [{ attention_axes: [1, 2] }, { query: [null, 3, 4, 8], value: [null, 6, 2, 8] }, [null, 2, 3, 4, 6, 2]],
    [{ attention_axes: [2] }, { query: [null, 3, 4, 8], value: [null, 3, 9, 8] }, [null, 3, 2, 4, 9]],
  ] as const)('Keras 2 scores with %j', (cfg, shapes, scores) => {
    const facts = tfKerasCall('MultiHeadAttention', { num_heads: 2, key_dim: 4, ...cfg }, {
      query: [...shapes.query], value: [...shapes.value],
    }, { return_attention_scores: true });
    expect(facts.output_shape).toEqual([[...shapes.query], scores]);
  });

  test('a call without a value is refused with the layer named', () => {
    expect(oneLayer('MultiHeadAttention', { num_heads: 2, key_dim: 4 }, [[null, 5, 8]]).problem).toMatch(/"target".*value/);
  });
});

describe('Attention and AdditiveAttention by the layer-math rules', () => {
  test.each([
    [{}, 0],
    [{ use_scale: true }, 1],
    [{ use_scale: true, score_mode: 'concat' }, 2],
  ])('Attention %j has %d scalar weights; output (B, Tq, Dv)', (cfg, params) => {
    const facts = oneLayer('Attention', cfg, [[null, 5, 4], [null, 7, 3]]);
    expect(facts.output_shape).toEqual([null, 5, 3]);
    expect(facts.params).toBe(params);
  });

  // tf.keras sizes AdditiveAttention's scale by the value's last axis, Keras 3 by the query's.
  test.each([
    ['2.15.0', [6]],
    ['3.15.1', [4]],
  ] as const)('AdditiveAttention scale in Keras %s: %j', (version, shape) => {
    expect(oneLayer('AdditiveAttention', {}, [[null, 5, 4], [null, 7, 6]], version).weights).toEqual([{ name: 'scale', shape, trainable: true }]);
  });

  test('a mask passed by keyword is not the key', () => {
    const facts = tfKerasCall('Attention', {}, { q: [null, 5, 4], mask: [null, 5] }, {});
    expect(facts.problem).toMatch(/query and a value/);
  });
});

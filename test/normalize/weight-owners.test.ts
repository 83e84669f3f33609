// Keras 3 weight paths come from snake-cased class names and per-list counters, not layer names:
// checked against the `name` attribute Keras 3.6+ writes on every `vars` group of real archives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openModelFile } from '../../src/readers/index.js';
import { assignKeras3Paths, keras3WeightPaths, normalize, toSnakeCase } from '../../src/normalize/index.js';

const fx = (name: string) => join(__dirname, '../../fixtures/keras3', name);

test.each([
  ['Dense', 'dense'], ['Conv2D', 'conv2d'], ['Conv2DTranspose', 'conv2d_transpose'], ['LSTM', 'lstm'],
  ['BatchNormalization', 'batch_normalization'], ['InputLayer', 'input_layer'], ['GlobalMaxPooling2D', 'global_max_pooling2d'],
  ['ReLU', 're_lu'], ['PReLU', 'p_re_lu'], ['GroupedQueryAttention', 'grouped_query_attention'], ['UpSampling2D', 'up_sampling2d'],
])('toSnakeCase(%s) = %s', (cls, snake) => {
  expect(toSnakeCase(cls)).toBe(snake);
});

describe.each(['sequential_renamed', 'functional_multi', 'functional_nested_output'])('%s.keras', (name) => {
  test('every vars group maps to the layer Keras named in it', async () => {
    const expected = JSON.parse(readFileSync(fx(`${name}.expected.json`), 'utf8'));
    const graph = normalize(await openModelFile(fx(`${name}.keras`))).graph;
    const groups = (expected.weights_h5 as { path: string; name: string; shapes: number[][] }[]).filter((g) => g.path.startsWith('layers/'));
    const owners = assignKeras3Paths(graph, groups.map((g) => g.path));
    for (const g of groups) {
      const chain = owners.get(g.path)?.chain;
      expect(chain?.[chain.length - 1].name, g.path).toBe(g.name);
    }
    // And no layer is given a path the file does not have.
    const stored = new Set(groups.map((g) => g.path.replace(/\/vars$/, '')));
    for (const p of keras3WeightPaths(graph).keys()) expect(stored.has(p), p).toBe(true);
  });
});

test('the Sequential name mismatch: layers/dense_1 is the layer named "head"', async () => {
  const graph = normalize(await openModelFile(fx('sequential_renamed.keras'))).graph;
  const paths = keras3WeightPaths(graph);
  expect([...paths].map(([p, chain]) => [p, chain[chain.length - 1].name])).toEqual([
    ['layers/dense', 'hidden'], ['layers/dropout', 'dropout'], ['layers/dense_1', 'head'],
  ]);
});

test('tf.keras 2.12-2.13 paths (_layer_checkpoint_dependencies, counters in steps) are matched in order', () => {
  const layer = (name: string, cls: string) => ({ name, className: cls, config: {}, calls: [], trainable: true, dtype: 'float32', origin: { className: cls, raw: null } });
  const graph = {
    name: 'm', className: 'Functional', sequential: false, dialect: 'keras2' as const, inputs: [], outputs: [],
    layers: [layer('in', 'InputLayer'), layer('c1', 'Conv2D'), layer('r1', 'ReLU'), layer('c2', 'Conv2D'), layer('c3', 'Conv2D')],
  };
  const stored = ['_layer_checkpoint_dependencies/conv2d', '_layer_checkpoint_dependencies/conv2d_2', '_layer_checkpoint_dependencies/conv2d_4', '_layer_checkpoint_dependencies/re_lu', '_layer_checkpoint_dependencies/input_layer'];
  const owners = assignKeras3Paths(graph, stored);
  expect(stored.map((p) => owners.get(p)?.chain[0].name)).toEqual(['c1', 'c2', 'c3', 'r1', 'in']);
});

test('operations recorded as layers (x * 2.0) are not among model.layers: they take no path and no counter', () => {
  const layer = (name: string, cls: string, module?: string) => ({ name, className: cls, config: {}, calls: [], trainable: true, dtype: 'float32', origin: { className: cls, module, raw: null } });
  const graph = {
    name: 'm', className: 'Functional', sequential: false, dialect: 'keras3' as const, inputs: [], outputs: [],
    layers: [layer('x', 'InputLayer', 'keras.layers'), layer('multiply', 'Multiply', 'keras.src.ops.numpy'), layer('product', 'Multiply', 'keras.layers')],
  };
  // functional.py `layers`: only the Layer instances, so the merge layer is the first `multiply`
  expect([...keras3WeightPaths(graph).entries()].map(([p, chain]) => [p, chain[chain.length - 1].name])).toEqual([['layers/input_layer', 'x'], ['layers/multiply', 'product']]);
});

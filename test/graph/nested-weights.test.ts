import { describe, expect, test } from 'vitest';
import { analyzeModel } from '../../src/graph/analyze.js';
import { normalize } from '../../src/normalize/index.js';

// Keras 3 names a variable by the scope it was built in (Sequential: inside its own scope; Functional:
// before it is called, so no prefix). These expectations follow what Keras 3.15.1 reports for the same
// nesting (Functional > Sequential > Sequential, as in the shared keras3 case 0163); Keras 2 prefixes
// every inner layer's name.
const dense = (name: string, units: number) => ({ class_name: 'Dense', config: { name, units } });
const input = (name: string, n: number) => ({ class_name: 'InputLayer', config: { name, batch_input_shape: [null, n] } });
const seq = (name: string, layers: object[]) => ({ class_name: 'Sequential', config: { name, layers } });
// Keras 2 numbers a nested model's calls from 1 (node 0 is its own inner graph).
const functional = (modelNode: number) => ({
  class_name: 'Functional',
  name: 'f',
  config: {
    name: 'f',
    layers: [
      { ...input('x', 4), name: 'x', inbound_nodes: [] },
      { ...dense('dense_a', 2), name: 'dense_a', inbound_nodes: [[['x', 0, 0, {}]]] },
      { ...seq('s', [input('s_in', 2), dense('dense_b', 3), seq('s2', [input('s2_in', 3), dense('dense_c', 1)])]), name: 's', inbound_nodes: [[['dense_a', 0, 0, {}]]] },
    ],
    input_layers: [['x', 0, 0]],
    output_layers: [['s', modelNode, 0]],
  },
});

function nestedNames(kerasVersion: string): string[] {
  const top = seq('top', [input('top_in', 4), functional(kerasVersion.startsWith('2') ? 1 : 0)]);
  const m = analyzeModel(normalize({ format: 'keras-json', file: 'x', config: structuredClone(top), kerasVersion, meta: {} }));
  return m.analysis.byName.get('f')!.weights!.map((w) => w.name);
}

describe('weight names of a nested model', () => {
  test('Keras 3: bare in a Functional, <layer>/ in a Sequential, no prefix for a nested model', () => {
    expect(nestedNames('3.15.1')).toEqual(['kernel', 'bias', 'dense_b/kernel', 'dense_b/bias', 'dense_c/kernel', 'dense_c/bias']);
  });
  test('Keras 2: every inner layer prefixes its name', () => {
    expect(nestedNames('2.15.0')).toEqual([
      'dense_a/kernel', 'dense_a/bias', 's/dense_b/kernel', 's/dense_b/bias', 's/s2/dense_c/kernel', 's/s2/dense_c/bias',
    ]);
  });
});

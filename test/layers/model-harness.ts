// Runs whole model configs through the pipeline (normalize → analyze → summary rows), the way the
// families that wrap other layers or read call arguments are used, and reads the real-Keras fixture
// that scripts/fixtures/keras3_layers_b.py writes.
import { readFileSync } from 'node:fs';
import { analyzeModel } from '../../src/graph/analyze.js';
import { normalize } from '../../src/normalize/index.js';
import { kerasJsonModel } from '../../src/readers/keras-json.js';
import { summaryJson } from '../../src/report/summary/json.js';
import type { OutputShape, WeightSpec } from '../../src/types/shape.js';

export interface LayerFacts {
  name: string;
  class_name: string;
  output_shape: OutputShape | null;
  params: number | null;
  weights: WeightSpec[] | null;
  problem?: string;
}

/** Our per-layer answer for a model config (`model.to_json()` form); `kerasVersion` picks the rules. */
export function analyzeConfig(config: Record<string, unknown>, kerasVersion?: string): LayerFacts[] {
  const json = kerasVersion ? { ...config, keras_version: kerasVersion } : config;
  const model = analyzeModel(normalize(kerasJsonModel(json, 'test.json')), 'test.json');
  return summaryJson(model).layers
    .filter((l) => l.class_name !== 'InputLayer')
    .map(({ name, class_name, output_shape, params, weights, problem }) => ({
      name, class_name, output_shape, params, weights, ...(problem ? { problem } : {}),
    }));
}

export interface Keras3Case {
  id: string;
  model: Record<string, unknown>;
  layers: LayerFacts[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/keras3-layers-b.json', import.meta.url), 'utf8')) as {
  keras_version: string;
  cases: Keras3Case[];
};

export const KERAS3_VERSION = fixture.keras_version;

/** Fixture cases whose layers include one of `classes`. */
export function keras3Cases(classes: readonly string[]): Keras3Case[] {
  return fixture.cases.filter((c) => c.layers.some((l) => classes.includes(l.class_name)));
}

/**
 * A functional model `inputs → layer` in the Keras 2 `to_json()` form, analyzed under the rules of
 * `kerasVersion`. `kwargs` are recorded with the call as tf.keras records them.
 */
export function oneLayer(
  className: string, config: Record<string, unknown>, inputs: (number | null)[][], kerasVersion = '3.15.1',
  kwargs: Record<string, unknown> = {},
): LayerFacts {
  const ins = inputs.map((shape, i) => ({
    name: `in${i}`, class_name: 'InputLayer', config: { name: `in${i}`, batch_input_shape: shape }, inbound_nodes: [],
  }));
  const layer = {
    name: 'target', class_name: className, config: { name: 'target', ...config },
    inbound_nodes: [inputs.map((_, i) => [`in${i}`, 0, 0, kwargs])],
  };
  const model = {
    class_name: 'Model',
    config: { name: 'm', layers: [...ins, layer], input_layers: ins.map((l) => [l.name, 0, 0]), output_layers: [['target', 0, 0]] },
  };
  return analyzeConfig(model, kerasVersion).find((l) => l.name === 'target')!;
}

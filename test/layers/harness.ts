// Runs one layer spec the way the graph does (config with defaults → output shape, weights), and
// reads the real-Keras fixture that scripts/fixtures/keras3_layers.py writes.
import { readFileSync } from 'node:fs';
import { isKerascopeError } from '../../src/errors.js';
import { LayerConfig } from '../../src/layers/config.js';
import { layerSpec } from '../../src/layers/registry.js';
import type { Category, InnerLayer, LayerContext } from '../../src/layers/types.js';
import type { Dialect } from '../../src/normalize/types.js';
import { sizeOf, type OutputShape, type Shape, type WeightSpec } from '../../src/types/shape.js';

export interface LayerResult {
  output_shape: OutputShape;
  weights: WeightSpec[];
  params: number;
}

function context(kerasMajor: 1 | 2 | 3, dialect?: Dialect): LayerContext {
  const ctx: LayerContext = {
    kerasMajor,
    dialect,
    resolveInner: (serialized): InnerLayer => {
      const { class_name: className, config } = serialized as { class_name: string; config: Record<string, unknown> };
      const spec = layerSpec(className);
      if (!spec) throw new Error(`unknown inner class ${className}`);
      const name = typeof config.name === 'string' ? config.name : className.toLowerCase();
      const cfg = new LayerConfig(name, className, config, spec.defaults);
      return {
        name,
        className,
        outputShape: (inputs) => spec.outputShape(cfg, inputs, ctx),
        weights: (inputs) => spec.weights?.(cfg, inputs, ctx) ?? [],
        cost: (inputs) => spec.cost?.(cfg, inputs, spec.outputShape(cfg, inputs, ctx), ctx) ?? { macs: 0, ops: 0 },
      };
    },
  };
  return ctx;
}

export function runLayer(
  className: string, config: Record<string, unknown>, inputs: Shape[], kerasMajor: 1 | 2 | 3 = 3, dialect?: Dialect,
): LayerResult {
  const spec = layerSpec(className);
  if (!spec) throw new Error(`unknown class ${className}`);
  const cfg = new LayerConfig(String(config.name ?? 'layer'), className, config, spec.defaults);
  const ctx = context(kerasMajor, dialect);
  const output_shape = spec.outputShape(cfg, inputs, ctx);
  // what the layer builds, as Keras lists it (where files keep each weight: builtWeights)
  const weights = builtWeights(className, config, inputs, kerasMajor, dialect).map(({ name, shape, trainable, dtype }) => ({ name, shape, trainable, ...(dtype ? { dtype } : {}) }));
  return { output_shape, weights, params: weights.reduce((n, w) => n + sizeOf(w.shape), 0) };
}

/** The layer's weights as its spec gives them, with where Keras 3 files keep each (WeightSpec.objects). */
export function builtWeights(className: string, config: Record<string, unknown>, inputs: Shape[], kerasMajor: 1 | 2 | 3 = 3, dialect?: Dialect): WeightSpec[] {
  const spec = layerSpec(className);
  if (!spec) throw new Error(`unknown class ${className}`);
  const cfg = new LayerConfig(String(config.name ?? 'layer'), className, config, spec.defaults);
  return spec.weights?.(cfg, inputs, context(kerasMajor, dialect)) ?? [];
}

export interface KerasCase {
  id: string;
  class_name: string;
  inputs: Shape[];
  config: Record<string, unknown>;
  output_shape?: OutputShape;
  weights?: WeightSpec[];
  params?: number;
  error?: string;
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/keras3_layers.json', import.meta.url), 'utf8')) as {
  keras_version: string;
  keras_layers: string[];
  cases: KerasCase[];
};

/** Every class name `keras.layers` exports in the Keras version the fixture was made with. */
export const KERAS3_LAYER_CLASSES: readonly string[] = fixture.keras_layers;

/** The fixture's cases whose class belongs to `category` in our table. */
export function keras3Cases(category: Category): KerasCase[] {
  return fixture.cases.filter((c) => layerSpec(c.class_name)?.category === category);
}

/** Keras' answer for a case, or that it rejects it. */
export function expectedOf(c: KerasCase): LayerResult | 'error' {
  if (c.error) return 'error';
  return { output_shape: c.output_shape!, weights: c.weights!, params: c.params! };
}

/** Ours in the same form; a rejection (a KerascopeError naming the layer) is 'error'. */
export function actualOf(c: KerasCase, kerasMajor: 1 | 2 | 3 = 3): LayerResult | 'error' {
  try {
    return runLayer(c.class_name, c.config, c.inputs, kerasMajor);
  } catch (e) {
    if (isKerascopeError(e)) return 'error';
    throw e;
  }
}

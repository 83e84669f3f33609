import { describe, expect, test } from 'vitest';
import { ALL_LAYER_SPECS, layerSpec } from '../../src/layers/registry.js';
import { KERAS3_LAYER_CLASSES } from './harness.js';

// Classes keras.layers exports that are not layers a config can hold a shape for: abstract bases,
// and bridges whose computation lives in another framework's code (never run by us).
const NOT_COMPUTABLE = new Set(['Layer', 'InputSpec', 'Wrapper', 'FlaxLayer', 'JaxLayer', 'TorchModuleWrapper', 'TFSMLayer']);

describe('layer table coverage', () => {
  test('every Keras 3 layer class (aliases included) is in the table', () => {
    const missing = KERAS3_LAYER_CLASSES.filter((n) => !NOT_COMPUTABLE.has(n) && !layerSpec(n));
    expect(missing).toEqual([]);
    expect(KERAS3_LAYER_CLASSES.length).toBeGreaterThan(150);
  });

  test('every entry names its Keras versions and a category', () => {
    for (const spec of ALL_LAYER_SPECS) {
      expect(spec.names.length, spec.names[0]).toBeGreaterThan(0);
      expect(spec.versions, spec.names[0]).toMatch(/^[123]/);
    }
  });
});

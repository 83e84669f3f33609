// The tfjs class table is the registry of the installed @tensorflow/tfjs-layers (the oracle), and
// a model.json tfjs-layers cannot load is reported at info.
import { describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM module shared with the conformance suite
import { tfjsLayerClasses } from '../conformance/tfjs-registry.mjs';
import { TFJS_LAYER_CLASSES } from '../../src/audit/security/tfjs-classes.js';
import { tfjsCompatCheck } from '../../src/audit/checks/tfjs-compat.js';
import { rawModel } from './helpers.js';

describe('tfjs-layers classes', () => {
  test('the table is the layer classes of the tfjs-layers serialization registry (the converter reads it too)', () => {
    expect([...TFJS_LAYER_CLASSES].sort()).toEqual([...(tfjsLayerClasses() as Set<string>)].sort());
  });

  test('a class the registry holds as an initializer or activation, not a layer, is no loadable layer', async () => {
    const config = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Zeros', config: { name: 'z' } }] } };
    const raw = { ...rawModel(undefined, config), format: 'tfjs-layers' as const };
    expect(await tfjsCompatCheck.run({ file: raw.file, raw, model: null, pairing: null }, { options: { values: false }, tensorStats: [] })).toEqual([
      { code: 'tfjs-unloadable', layer: 'z', reason: 'class Zeros is not in tfjs-layers' },
    ]);
  });
});

describe('tfjs-unloadable', () => {
  test.each(['functional_shared_nested', 'tiny_cnn', 'tiny_cnn_uint8'])('a model tfjs-layers itself wrote (%s) loads in tfjs: no finding', async (name) => {
    const { auditFile } = await import('../../src/index.js');
    const { result } = await auditFile(new URL(`../../fixtures/tfjs/${name}/model.json`, import.meta.url).pathname);
    expect(result.findings.filter((f) => f.code === 'tfjs-unloadable')).toEqual([]);
  });
});

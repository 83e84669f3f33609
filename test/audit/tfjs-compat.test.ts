// The tfjs class table is the registry of the installed @tensorflow/tfjs-layers (the oracle), and
// a model.json tfjs-layers cannot load is reported at info.
import { describe, expect, test } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tfc from '@tensorflow/tfjs-core';
import { TFJS_CLASSES } from '../../src/audit/security/tfjs-classes.js';

void tfl; // importing tfjs-layers registers its classes
describe('tfjs-layers classes', () => {
  test('the table is the tfjs-layers serialization registry', () => {
    const registry = Object.keys((tfc.serialization.SerializationMap.getMap() as unknown as { classNameMap: Record<string, unknown> }).classNameMap);
    expect([...TFJS_CLASSES].sort()).toEqual(registry.sort());
  });
});

describe('tfjs-unloadable', () => {
  test.each(['functional_shared_nested', 'tiny_cnn', 'tiny_cnn_uint8'])('a model tfjs-layers itself wrote (%s) loads in tfjs: no finding', async (name) => {
    const { auditFile } = await import('../../src/index.js');
    const { result } = await auditFile(new URL(`../../fixtures/tfjs/${name}/model.json`, import.meta.url).pathname);
    expect(result.findings.filter((f) => f.code === 'tfjs-unloadable')).toEqual([]);
  });
});

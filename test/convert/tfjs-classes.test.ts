// The tfjs capability lists of the converter against tfjs-layers itself: the classes it registers,
// the image layers it sizes as if the input had no batch axis, and the weight dtypes it decodes.
import '@tensorflow/tfjs-backend-cpu';
import { io, serialization } from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { TFJS_BATCHLESS_CLASSES, TFJS_DTYPES } from '../../src/convert/tfjs-classes.js';
import { TFJS_LAYER_CLASSES } from '../../src/audit/security/tfjs-classes.js';
// @ts-expect-error plain ESM module shared with the conformance suite
import { tfjsLayerClasses } from '../conformance/tfjs-registry.mjs';

type Registered = [new (...a: never[]) => unknown, (cls: unknown, config: object) => { computeOutputShape(s: (number | null)[]): (number | null)[] }];
const build = (name: string, config: object) => {
  const [cls, fromConfig] = serialization.SerializationMap.getMap().classNameMap[name] as unknown as Registered;
  return fromConfig(cls, config);
};

describe('TensorFlow.js layer classes', () => {
  test('the converter knows exactly the layer classes tfjs-layers registers', () => {
    const registered = tfjsLayerClasses() as Set<string>;
    expect([...TFJS_LAYER_CLASSES].sort()).toEqual([...registered].sort());
    // what the hand-copied list once got wrong
    expect(registered.has('RNN')).toBe(true);
    expect(registered.has('RandomHeight')).toBe(false);
    expect(registered.has('Identity')).toBe(false); // an initializer in the registry, not a layer
  });

  test.each([...TFJS_BATCHLESS_CLASSES])('tfjs-layers sizes %s without the batch axis', (name) => {
    expect(TFJS_LAYER_CLASSES.has(name)).toBe(true);
    const config = name === 'Resizing' ? { height: 4, width: 5 } : { factor: 0.5 };
    const shape = build(name, config).computeOutputShape([null, 8, 8, 3]);
    expect(shape).not.toHaveLength(4);
  });

  test.each([
    ['CenterCrop', { height: 4, width: 5 }, [null, 4, 5, 3]],
    ['Rescaling', { scale: 2 }, [null, 8, 8, 3]],
  ])('%s keeps the batch axis, so it is not refused', (name, config, want) => {
    expect(TFJS_BATCHLESS_CLASSES.has(name)).toBe(false);
    expect(build(name, config).computeOutputShape([null, 8, 8, 3])).toEqual(want);
  });
});

describe('TensorFlow.js weight dtypes', () => {
  test.each([...TFJS_DTYPES])('tfjs-core decodes a %s weight from a manifest', (dtype) => {
    const bytes = dtype === 'bool' ? new Uint8Array([1, 0]) : new Uint8Array(new Int32Array([7, -3]).buffer);
    const [t] = Object.values(io.decodeWeights(bytes.buffer, [{ name: 'w', shape: [2], dtype: dtype as 'float32' | 'int32' | 'bool' }]));
    expect(t.dtype).toBe(dtype);
    expect(t.shape).toEqual([2]);
  });
});

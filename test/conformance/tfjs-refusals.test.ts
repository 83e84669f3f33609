// The checks that make a tfjs refusal a verified refusal must be able to fail: a refusal tfjs-layers
// contradicts (it has the class, keeps the option, builds the variables, decodes the dtype, agrees
// on the shape), or one the source does not back, comes back as problems.
import { describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM module of the conformance runner
import { verifyTfjsRefusal } from './tfjs-refusals.mjs';

const layer = (class_name: string, config: object) => ({ class_name, config });
const model = (...layers: object[]) => ({ class_name: 'Functional', config: { name: 'm', layers } });
const weights = (...names: string[]) => ({ weights: names.map((name) => ({ name })) });

describe('verified tfjs refusals', () => {
  test('a layer class: verified only when tfjs-layers registers no such class and the source has it', async () => {
    const s = { config: model(layer('UnitNormalization', { name: 'u' }), layer('Dense', { name: 'd', units: 2 })), keras: null, inputs: new Map() };
    expect(await verifyTfjsRefusal('layer "u" (UnitNormalization): TensorFlow.js layers has no UnitNormalization layer', s)).toHaveProperty('verified');
    expect((await verifyTfjsRefusal('layer "d" (Dense): TensorFlow.js layers has no Dense layer', s)).problems).toEqual(['tfjs-layers registers Dense: the refusal is wrong']);
    expect((await verifyTfjsRefusal('layer "x" (UnitNormalization): TensorFlow.js layers has no UnitNormalization layer', s)).problems).toEqual(['the source config has no layer "x"']);
    // a custom class: the stored class name is asked for too
    const custom = { config: model({ class_name: 'BiasLayer', registered_name: 'Custom>BiasLayer', config: { name: 'b' } }), keras: null, inputs: new Map() };
    expect((await verifyTfjsRefusal('layer "b" (Custom>BiasLayer): its weights are unknown (unknown layer class "Custom>BiasLayer"), so they cannot be placed in the target', custom)).verified).toBe('tfjs-layers registers no Custom>BiasLayer or BiasLayer (the source\'s layer "b")');
    const dense = { config: model({ class_name: 'Dense', registered_name: 'Custom>Dense', config: { name: 'b' } }), keras: null, inputs: new Map() };
    expect((await verifyTfjsRefusal('layer "b" (Custom>Dense): its weights are unknown (unknown layer class "Custom>Dense"), so they cannot be placed in the target', dense)).problems).toEqual(['tfjs-layers registers Dense: the refusal is wrong']);
  });

  test('an option: verified when tfjs-layers throws on it, or drops it and builds another layer than Keras', async () => {
    const conv = { output_shape: [null, 6, 6, 4], weights: [{ name: 'kernel', shape: [3, 3, 2, 4] }, { name: 'bias', shape: [4] }] };
    const s = {
      config: model(layer('GRU', { name: 'g', units: 4, reset_after: true }), layer('GRU', { name: 'gs', units: 4, reset_after: true, return_state: true }), layer('Conv2D', { name: 'c', filters: 4, kernel_size: [3, 3], groups: 2 }), layer('Conv2D', { name: 'c1', filters: 4, kernel_size: [3, 3], groups: 1 }), layer('Dense', { name: 'd', units: 3, use_bias: false })),
      keras: new Map([['c', conv], ['c1', { ...conv, weights: [{ name: 'kernel', shape: [3, 3, 4, 4] }, { name: 'bias', shape: [4] }] }]]),
      inputs: new Map([['g', [null, 3, 2]], ['gs', [null, 3, 2]], ['c', [null, 8, 8, 4]], ['c1', [null, 8, 8, 4]], ['d', [null, 5]]]),
    };
    expect((await verifyTfjsRefusal('layer "g" (GRU): TensorFlow.js GRU has no reset_after=True (the Keras 2.x/3 default)', s)).verified).toMatch(/with reset_after=true throws: GRUCell does not support reset_after/);
    // a layer of several outputs (its states too) is probed as well
    expect((await verifyTfjsRefusal('layer "gs" (GRU): TensorFlow.js GRU has no reset_after=True (the Keras 2.x/3 default)', s)).verified).toMatch(/with reset_after=true throws: GRUCell does not support reset_after/);
    expect((await verifyTfjsRefusal('layer "c" (Conv2D): TensorFlow.js convolutions have no groups (groups=2)', s)).verified).toMatch(/drops groups=2 .* builds weights \[\[3,3,4,4\],\[4\]\] where Keras' has \[\[3,3,2,4\],\[4\]\]/);
    // dropped, yet the layer is Keras' own: nothing the consumer shows
    expect(await verifyTfjsRefusal('layer "c1" (Conv2D): TensorFlow.js convolutions have no groups (groups=1)', s)).toBeNull();
    expect((await verifyTfjsRefusal('layer "d" (Dense): option "use_bias" = false has no Keras 2 counterpart', s)).problems).toEqual(['tfjs-layers keeps use_bias=false: the refusal is stale']);
    expect((await verifyTfjsRefusal('layer "d" (Dense): TensorFlow.js convolutions have no groups (groups=2)', s)).problems).toEqual(['the source\'s layer "d" sets no groups']);
  });

  test('quantized: the source policy must say so, and Keras must hold variables tfjs-layers does not build', async () => {
    const dtype = { class_name: 'QuantizedDTypePolicy', config: { mode: 'int8', source_name: 'float32' } };
    const s = (keras: object) => ({ config: model(layer('Dense', { name: 'd', units: 3, dtype }), layer('Dense', { name: 'f', units: 3, dtype: 'float32' })), keras: new Map(Object.entries(keras)), inputs: new Map([['d', [null, 5]], ['f', [null, 5]]]) });
    const msg = 'layer "d" (Dense): it is quantized (int8), which TensorFlow.js cannot express';
    expect((await verifyTfjsRefusal(msg, s({ d: weights('kernel', 'bias', 'kernel_scale') }))).verified).toMatch(/holds kernel_scale, which tfjs-layers' Dense does not build/);
    expect((await verifyTfjsRefusal(msg, s({ d: weights('kernel', 'bias') }))).problems[0]).toMatch(/builds every variable .*: the refusal is stale/);
    expect((await verifyTfjsRefusal(msg.replace('"d"', '"f"'), s({}))).problems[0]).toMatch(/has the dtype policy "float32", not a int8 one/);
  });

  test('LoRA: the source must set that rank, and Keras must hold variables tfjs-layers does not build', async () => {
    const s = (keras: object) => ({ config: model(layer('Dense', { name: 'd', units: 3, lora_rank: 2 }), layer('Dense', { name: 'f', units: 3 })), keras: new Map(Object.entries(keras)), inputs: new Map([['d', [null, 5]], ['f', [null, 5]]]) });
    const msg = 'layer "d" (Dense): it has LoRA (lora_rank 2), which TensorFlow.js cannot express';
    expect((await verifyTfjsRefusal(msg, s({ d: weights('kernel', 'bias', 'lora_kernel_a', 'lora_kernel_b') }))).verified).toMatch(/holds lora_kernel_a, lora_kernel_b, which tfjs-layers' Dense does not build/);
    expect((await verifyTfjsRefusal(msg, s({ d: weights('kernel', 'bias') }))).problems[0]).toMatch(/builds every variable .*: the refusal is stale/);
    expect((await verifyTfjsRefusal(msg.replace('lora_rank 2', 'lora_rank 4'), s({}))).problems).toEqual(['the source\'s layer "d" has lora_rank 2, not 4']);
    expect((await verifyTfjsRefusal(msg.replace('"d"', '"f"'), s({}))).problems).toEqual(['the source\'s layer "f" has lora_rank undefined, not 2']);
  });

  test("padding='causal': verified when tfjs-layers builds the layer and cannot run it", async () => {
    const s = { config: model(layer('Conv1D', { name: 'c', filters: 2, kernel_size: [3], padding: 'causal' }), layer('Conv1D', { name: 'v', filters: 2, kernel_size: [3], padding: 'valid' })), keras: null, inputs: new Map([['c', [null, 6, 2]], ['v', [null, 6, 2]]]) };
    expect((await verifyTfjsRefusal("layer \"c\" (Conv1D): TensorFlow.js convolutions have no padding='causal' (tfjs-layers loads it but cannot run it)", s)).verified).toMatch(/running it throws: The support for CAUSAL padding mode/);
    expect((await verifyTfjsRefusal("layer \"v\" (Conv1D): TensorFlow.js convolutions have no padding='causal' (tfjs-layers loads it but cannot run it)", s)).problems).toEqual(["the source's layer \"v\" has no padding='causal'"]);
  });

  test('a dtype: verified when tfjs-core cannot decode it', async () => {
    const s = { config: model(layer('Dense', { name: 'h', dtype: 'float16' }), layer('Dense', { name: 'f', dtype: 'float32' })), keras: null, inputs: new Map() };
    expect((await verifyTfjsRefusal('layer "h" (Dense): dtype float16 cannot be expressed in TensorFlow.js', s)).verified).toMatch(/Unsupported dtype .*float16/);
    expect((await verifyTfjsRefusal('layer "f" (Dense): dtype float32 cannot be expressed in TensorFlow.js', s)).problems).toEqual(['tfjs-core decodes float32 weights: the refusal is stale']);
  });

  test('a shape: verified when tfjs-layers gives another output shape than Keras printed', async () => {
    const s = (kerasShape: unknown[]) => ({ config: model(layer('Resizing', { name: 'r', height: 4, width: 5 })), keras: new Map([['r', { output_shape: kerasShape, weights: [] }]]), inputs: new Map([['r', [null, 8, 8, 3]]]) });
    const msg = 'layer "r" (Resizing): TensorFlow.js Resizing works out its output shape without the batch axis, so no layer after it can be built';
    expect((await verifyTfjsRefusal(msg, s([null, 4, 5, 3]))).verified).toBe(`Keras' "r" outputs [null,4,5,3], tfjs-layers' [4,5,8]`);
    expect((await verifyTfjsRefusal(msg, s([4, 5, 8]))).problems[0]).toMatch(/the refusal is stale/);
  });

  test('a Flatten: verified when Keras has an unknown output size and tfjs-layers builds it only with every size known', async () => {
    const s = (input: unknown[]) => ({ config: model(layer('Flatten', { name: 'f' })), keras: new Map([['f', { output_shape: [null, null], weights: [] }]]), inputs: new Map([['f', input]]) });
    const msg = 'layer "f" (Flatten): TensorFlow.js Flatten needs every input dimension known, and this input is (None, None, 4)';
    expect((await verifyTfjsRefusal(msg, s([null, null, 4]))).verified).toMatch(/^Keras' "f" outputs \[null,null\], and tfjs-layers says: The shape of the input to "Flatten" is not fully defined/);
    expect((await verifyTfjsRefusal(msg, s([null, 3, 4]))).problems).toEqual(['tfjs-layers builds "f" on [null,3,4]: the refusal is stale']);
  });

  test('a refusal no check knows stays unverified (a listed skip)', async () => {
    expect(await verifyTfjsRefusal('layer "l" (Lambda): a Lambda layer\'s Python code cannot be carried into Keras 3 (kerascope never re-serializes code)', { config: model(), keras: null, inputs: new Map() })).toBeNull();
  });
});

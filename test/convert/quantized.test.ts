// Converting Keras 3 models as users save them today (fixtures/keras3-modern, real Keras 3.15):
// `--to keras` keeps quantization, LoRA and dtype policies with the variables Keras saved;
// TensorFlow.js and Keras 2 refuse quantized and LoRA layers, naming them.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { convertModel, readModel, summarize } from '../../src/index.js';

const HALF = new Set(['float16', 'bfloat16']);
const dir = join(__dirname, '../../fixtures/keras3-modern');
const work = mkdtempSync(join(tmpdir(), 'kerascope-convert-modern-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(['quant_int8', 'quant_int4', 'quant_float8', 'lora', 'lora_then_int8', 'embedding_int4', 'policies', 'dict_io'])('%s.keras --to keras', (name) => {
  test('same layers, dtype policies and variables; every stored tensor the same values, int8 kept int8', async () => {
    const out = join(work, `${name}.keras`);
    await convertModel(join(dir, `${name}.keras`), { to: 'keras', out });
    const [a, b] = [await readModel(join(dir, `${name}.keras`)), await readModel(out)];
    // half-precision weights are written widened to float32 (Keras casts them back on load): same values
    const widened = (s: ReturnType<typeof summarize>) => ({ ...s, keras_version: undefined, layers: s.layers.map((l) => ({ ...l, stored: l.stored?.map((t) => ({ ...t, dtype: HALF.has(t.dtype) ? 'float32' : t.dtype })) })) });
    expect(widened(summarize(b))).toEqual(widened(summarize(a)));
    for (const l of a.graph.layers) expect(b.graph.layers.find((x) => x.name === l.name)!.config.dtype, l.name).toEqual(l.config.dtype);
    for (const [layer, tensors] of a.weightMatch!.byLayer) {
      const back = b.weightMatch!.byLayer.get(layer)!;
      expect(back.map((t) => t.shape), layer).toEqual(tensors.map((t) => t.shape));
      for (const [i, t] of tensors.entries()) expect(Array.from((await b.raw.weights!.read(back[i].path)) as ArrayLike<number>)).toEqual(Array.from((await a.raw.weights!.read(t.path)) as ArrayLike<number>));
    }
  });
});

describe('targets without quantization or LoRA refuse them by layer name', () => {
  test('a KerasHub block whose sub-layers a DTypePolicyMap quantizes (fixtures/kerashub/mistral-int8) --to keras2-json', async () => {
    const saved = JSON.parse(readFileSync(join(dir, '../kerashub/mistral-int8/model.json'), 'utf8'));
    // only the blocks' projections and Dense quantized: the block itself has no entry of its own
    delete saved.config.dtype.config.policy_map.token_embedding;
    const file = join(work, 'mistral-blocks-int8.json');
    writeFileSync(file, JSON.stringify(saved));
    await expect(convertModel(file, { to: 'keras2-json', out: join(work, 'mistral-keras2.json') })).rejects.toMatchObject({
      code: 'E_UNSUPPORTED', message: expect.stringMatching(/layer "transformer_layer_0" \(MistralTransformerDecoder\): it is quantized \(int8\)/),
    });
  });
  test.each([
    ['quant_int8', 'tfjs', /layer "hidden" \(Dense\): it is quantized \(int8\), which TensorFlow\.js cannot express/],
    ['quant_int4', 'keras2-json', /layer "hidden" \(Dense\): it is quantized \(int4\), which Keras 2 cannot express/],
    ['lora', 'tfjs', /layer "hidden" \(Dense\): it has LoRA \(lora_rank 2\), which TensorFlow\.js cannot express/],
  ])('%s --to %s', async (name, to, why) => {
    await expect(convertModel(join(dir, `${name}.keras`), { to: to as 'tfjs', out: join(work, `${name}-${to}`) })).rejects.toMatchObject({ code: 'E_UNSUPPORTED', message: expect.stringMatching(why) });
  });

  test('a legacy .h5 keeps LoRA factors apart, a .keras saves them merged into the kernel: --to keras refuses, writing no archive Keras cannot load', async () => {
    const out = join(work, 'lora-from-h5.keras');
    await expect(convertModel(join(dir, 'lora.h5'), { to: 'keras', out })).rejects.toMatchObject({ code: 'E_UNSUPPORTED', message: expect.stringMatching(/layer "hidden" \(Dense\): weight "lora_kernel_a" is one Keras 3 does not save/) });
    expect(existsSync(out)).toBe(false);
  });
});

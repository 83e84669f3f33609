// What TensorFlow.js cannot express is refused by name, and only that: tfjs-layers is the oracle
// for both sides (it builds or runs the layer another way than Keras when refused, and loads the
// converted model when not). Keras' shapes are worked out by hand from keras/src/utils/
// conv_utils.py `deconv_output_length`.
import '@tensorflow/tfjs-backend-cpu';
import * as tfc from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModel } from '../../src/index.js';
import { keras2ModelConfig } from '../../src/convert/keras2-config.js';

const dir = mkdtempSync(join(tmpdir(), 'kerascope-tfjs-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A Keras 2 (or, with `keras3`, Keras 3) Sequential of `layers`, read by our reader. */
async function sequential(layers: unknown[], keras3 = false) {
  const path = join(dir, `m${++files}.json`);
  writeFileSync(path, JSON.stringify({ class_name: 'Sequential', keras_version: keras3 ? '3.15.1' : '2.15.0', config: { name: 's', layers } }));
  return readModel(path);
}

/** The model as converted for tfjs, loaded by tfjs-layers from its topology. */
async function tfjsModel(m: Awaited<ReturnType<typeof sequential>>) {
  const topology = keras2ModelConfig(m, { tfjs: true, notes: [] });
  return tfl.models.modelFromJSON({ modelTopology: topology as tfc.io.ModelJSON['modelTopology'] });
}

const transpose = (kernel: number, padding: string, extra: object = {}) => ({
  class_name: 'Conv2DTranspose',
  config: { name: 'up', batch_input_shape: [null, 8, 7, 4], filters: 3, kernel_size: [kernel, kernel], strides: [2, 2], padding, output_padding: [0, 0], ...extra },
});

describe('output_padding for TensorFlow.js (which drops it)', () => {
  it('converts where it gives the output of its default: tfjs-layers builds the layer Keras built', async () => {
    // kernel 2, stride 2, valid: Keras (8-1)·2 + 2 + 0 = 16 and (7-1)·2 + 2 = 14, as with no output_padding
    const tf = await tfjsModel(await sequential([transpose(2, 'valid')]));
    expect(tf.getLayer('up').outputShape).toEqual([null, 16, 14, 3]);
    tf.dispose();
  });

  it('is refused where it changes the output: tfjs-layers would build a larger layer than Keras', async () => {
    // kernel 3, stride 2, same: Keras (8-1)·2 + 3 - 2·1 + 0 = 15 and 13; with no output_padding 8·2, 7·2
    const m = await sequential([transpose(3, 'same')]);
    expect(() => keras2ModelConfig(m, { tfjs: true, notes: [] })).toThrow(
      /layer "up" \(Conv2DTranspose\): TensorFlow\.js transposed convolutions have no output_padding \(output_padding=\[0,0\] makes its output \(None, 15, 13, 3\), without it \(None, 16, 14, 3\)\)/,
    );
    const tf = await tfjsModel(await sequential([transpose(3, 'same', { output_padding: null })]));
    // tfjs-layers' 'same' deconvolution without output_padding: 8·2 and 7·2, not Keras' 15 and 13
    expect(tf.getLayer('up').outputShape).toEqual([null, 16, 14, 3]);
    tf.dispose();
    // inside a wrapper too
    const wrapped = await sequential([{ class_name: 'TimeDistributed', config: { name: 'td', batch_input_shape: [null, 2, 8, 7, 4], layer: { ...transpose(3, 'same'), config: { ...transpose(3, 'same').config, batch_input_shape: undefined } } } }]);
    expect(() => keras2ModelConfig(wrapped, { tfjs: true, notes: [] })).toThrow(/layer "td" \(TimeDistributed\): TensorFlow\.js transposed convolutions have no output_padding/);
  });
});

describe('quantization_config for TensorFlow.js', () => {
  const policy = (name: string) => ({ module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null });
  const float8 = { module: 'keras.dtype_policies', class_name: 'QuantizedFloat8DTypePolicy', config: { mode: 'float8', source_name: 'float32', amax_history_length: 1024 }, registered_name: null };
  const config = { module: 'keras.quantizers', class_name: 'Float8QuantizationConfig', config: {}, registered_name: null };
  const layers = [
    { module: 'keras.layers', class_name: 'InputLayer', config: { name: 'tok', batch_shape: [null, 5], dtype: 'int32' } },
    { module: 'keras.layers', class_name: 'Embedding', config: { name: 'embedding', dtype: policy('float32'), input_dim: 10, output_dim: 4, quantization_config: config } },
    { module: 'keras.layers', class_name: 'GlobalAveragePooling1D', config: { name: 'pool', dtype: policy('float32') } },
  ];

  it('on a layer its policy does not quantize is inert: tfjs-layers loads the Embedding Keras built', async () => {
    const tf = await tfjsModel(await sequential(layers, true));
    expect(tf.getLayer('embedding').weights.map((w) => w.shape)).toEqual([[10, 4]]);
    expect(tf.outputs[0].shape).toEqual([null, 4]);
    tf.dispose();
  });

  it('the quantized layer after it is the one refused', async () => {
    const m = await sequential([...layers, { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', dtype: float8, units: 2, quantization_config: config } }], true);
    expect(() => keras2ModelConfig(m, { tfjs: true, notes: [] })).toThrow(/^layer "dense" \(Dense\): it is quantized \(float8\), which TensorFlow\.js cannot express$/);
  });
});

describe("padding='causal' for TensorFlow.js", () => {
  const conv1d = (padding: string) => ({ class_name: 'Conv1D', config: { name: 'conv', batch_input_shape: [null, 6, 2], filters: 3, kernel_size: [3], padding } });

  it('is refused by name: tfjs-layers loads it, but cannot run it', async () => {
    const m = await sequential([conv1d('causal')]);
    expect(() => keras2ModelConfig(m, { tfjs: true, notes: [] })).toThrow(/layer "conv" \(Conv1D\): TensorFlow\.js convolutions have no padding='causal'/);
    // the consumer's side: the same layer in tfjs-layers loads, then fails to run
    const tf = await tfl.models.modelFromJSON({ modelTopology: { class_name: 'Sequential', config: { name: 'c', layers: [conv1d('causal')] } } });
    expect(() => tf.predict(tfc.zeros([1, 6, 2]))).toThrow(/CAUSAL padding mode .* not implemented/);
    tf.dispose();
  });

  it("another padding converts, and tfjs-layers runs it", async () => {
    const tf = await tfjsModel(await sequential([conv1d('same')]));
    expect((tf.predict(tfc.zeros([1, 6, 2])) as tfc.Tensor).shape).toEqual([1, 6, 3]);
    tf.dispose();
  });
});

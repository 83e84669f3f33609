// kerascope convert: every output is read back with our own readers (same summary, same tensors)
// and every TensorFlow.js output is loaded by @tensorflow/tfjs-layers from its files (layer count,
// parameter count and every weight compared). Keras 1 layouts are checked against conversions
// written out by hand here from keras-formats.md §2.6.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { unzipSync } from 'fflate';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertModel, TFJS_SHARD_BYTES, readModel, summarize, isKerascopeError } from '../../src/index.js';
import { loadTfjsFolder, rawArrays, rows, storedValues, tfjsWeights } from './helpers.js';
import { keras2ModelConfig } from '../../src/convert/keras2-config.js';
import { keras3ModelConfig } from '../../src/convert/keras3-config.js';

const fixture = (p: string) => join(__dirname, '../../fixtures', p);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kerascope-convert-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** bit-for-bit equality of two tensors (toEqual is slow on a million values) */
function expectSameBits(got: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number } | undefined, want: typeof got, what: string) {
  expect(got, what).toBeDefined();
  expect(want, what).toBeDefined();
  expect(got!.constructor, what).toBe(want!.constructor);
  const bytes = (x: NonNullable<typeof got>) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  expect(bytes(got!).equals(bytes(want!)), `${what}: values differ`).toBe(true);
}

async function expectSameModel(original: string, converted: string) {
  const a = await storedValues(original);
  const b = await storedValues(converted);
  expect(rows(b.summary)).toEqual(rows(a.summary));
  expect(b.summary.total_params).toBe(a.summary.total_params);
  return { a, b };
}

describe('convert the seed model (cifar10_cnn.h5, 1,250,858 params)', () => {
  it('--to tfjs: tfjs-layers loads it with the same layers, params and weights; shards of at most 4 MiB', async () => {
    const out = join(dir, 'cifar-tfjs');
    const r = await convertModel(fixture('cifar10_cnn.h5'), { to: 'tfjs', out });
    expect(r.params).toBe(1250858);
    const shards = readdirSync(out).filter((f) => f.endsWith('.bin')).sort();
    expect(shards).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
    for (const s of shards) expect(statSync(join(out, s)).size).toBeLessThanOrEqual(TFJS_SHARD_BYTES);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'layers-model', generatedBy: 'keras v2.15.0' });
    expect(json.convertedBy).toMatch(/^kerascope v/);

    const tf = await loadTfjsFolder(out);
    const original = await storedValues(fixture('cifar10_cnn.h5'));
    expect(tf.countParams()).toBe(1250858);
    expect(tf.layers.length).toBe(original.summary.layers.length);
    expect(tf.layers.map((l) => l.name)).toEqual(original.summary.layers.map((l) => l.name));
    const loaded = tfjsWeights(tf);
    expect(loaded.size).toBe(original.values.size);
    for (const layer of original.summary.layers) {
      (layer.weights ?? []).forEach((w, i) => expectSameBits(loaded.get(`${layer.name}/${w.name}`), original.values.get(`${layer.name}/${i}`), `${layer.name}/${w.name}`));
    }
    // and our own reader reads the output back as the same model with the same tensors
    const { a, b } = await expectSameModel(fixture('cifar10_cnn.h5'), join(out, 'model.json'));
    expect([...b.values.keys()]).toEqual([...a.values.keys()]);
    for (const [k, v] of a.values) expectSameBits(b.values.get(k), v, k);
    tf.dispose();
  });

  it('--to keras: a .keras archive our reader reads back with the same summary and tensors', async () => {
    const out = join(dir, 'cifar.keras');
    const r = await convertModel(fixture('cifar10_cnn.h5'), { to: 'keras', out });
    expect(r.params).toBe(1250858);
    const { a, b } = await expectSameModel(fixture('cifar10_cnn.h5'), out);
    for (const [k, v] of a.values) expectSameBits(b.values.get(k), v, k);
    const back = await readModel(out);
    expect(back.raw.format).toBe('keras-v3');
    expect(back.raw.weights!.layout).toBe('keras3');
    await back.raw.weights!.close();
  });

  it('--to keras2-json / keras3-json: configs our reader rebuilds as the same model', async () => {
    for (const to of ['keras2-json', 'keras3-json'] as const) {
      const out = join(dir, `cifar-${to}.json`);
      await convertModel(fixture('cifar10_cnn.h5'), { to, out });
      const m = summarize(await readModel(out));
      const orig = summarize(await readModel(fixture('cifar10_cnn.json')));
      expect(rows(m)).toEqual(rows(orig));
      expect(m.total_params).toBe(1250858);
    }
  });
});

describe('Keras 1 layouts (keras-formats.md §2.6)', () => {
  /** np.transpose(x, (2, 3, 1, 0)) of a (f, c, r, k) kernel, by explicit index arithmetic */
  function thToTf(x: Float32Array, [f, c, r, k]: number[]): Float32Array {
    const out = new Float32Array(x.length);
    for (let a = 0; a < f; a++) for (let b = 0; b < c; b++) for (let i = 0; i < r; i++) for (let j = 0; j < k; j++) out[((i * k + j) * c + b) * f + a] = x[((a * c + b) * r + i) * k + j];
    return out;
  }
  /** np.concatenate(parts, axis=-1) */
  function concat(parts: { shape: number[]; data: Float32Array }[]): Float32Array {
    const rowsN = parts[0].shape.length === 1 ? 1 : parts[0].shape[0];
    const out: number[] = [];
    for (let r = 0; r < rowsN; r++) for (const p of parts) {
      const w = p.shape[p.shape.length - 1];
      out.push(...p.data.subarray(r * w, (r + 1) * w));
    }
    return Float32Array.from(out);
  }

  /**
   * A Keras 1 conv file whose kernel is stored (f, c, r, k) and loads transposed (2, 3, 1, 0): tfjs-layers
   * loads the tfjs output with that kernel of shape `kernelShape`, and the .keras output stores it.
   */
  async function expectKernelTransposed(name: string, conv: string, stored: number[], kernelShape: number[], params: number) {
    const src = fixture(`h5/${name}.h5`);
    const raw = await rawArrays(src);
    const w = raw.get(`${conv}_W`)!;
    expect(w.shape).toEqual(stored);
    const expected = thToTf(w.data, w.shape);
    await convertModel(src, { to: 'tfjs', out: join(dir, `${name}-tfjs`) });
    const tf = await loadTfjsFolder(join(dir, `${name}-tfjs`));
    expect(tf.countParams()).toBe(params);
    const loaded = tfjsWeights(tf);
    expect(loaded.get(`${conv}/kernel`)).toEqual(expected);
    expect(tf.getLayer(conv).getWeights()[0].shape).toEqual(kernelShape);
    expect(loaded.get('dense_1/kernel')).toEqual(raw.get('dense_1_W')!.data);
    tf.dispose();
    await convertModel(src, { to: 'keras', out: join(dir, `${name}.keras`) });
    const back = await storedValues(join(dir, `${name}.keras`));
    expect(back.values.get(`${conv}/0`)).toEqual(expected);
    expect(back.summary.total_params).toBe(params);
    expect(back.summary.stored_params).toBe(params);
  }

  it('Theano-ordered Convolution2D: kernel transposed (2, 3, 1, 0) in tfjs and in .keras', async () => {
    await expectKernelTransposed('k1_conv_th', 'convolution2d_1', [3, 2, 2, 2], [2, 2, 2, 3], 125);
  });

  it('Keras 1.1 Convolution1D: the (filters, input_dim, length, 1) kernel transposed (2, 3, 1, 0), axis 1 dropped', async () => {
    // (f, c, r, 1) -> (r, 1, c, f): the same values in order as (length, input_dim, filters)
    await expectKernelTransposed('k1_conv1d_11', 'convolution1d_1', [3, 4, 2, 1], [2, 4, 3], 2 * 4 * 3 + 3 + 12 * 2 + 2);
  });

  it('12-array LSTM and 9-array GRU become 3 arrays each, gates reordered i, f, c, o', async () => {
    const src = fixture('h5/k1_rnn.h5');
    const raw = await rawArrays(src);
    const g = (n: string) => raw.get(n)!;
    const lstm = (p: string) => concat(['i', 'f', 'c', 'o'].map((x) => g(`lstm_1_${p}_${x}`)));
    const gru = (p: string) => concat(['z', 'r', 'h'].map((x) => g(`gru_1_${p}_${x}`)));
    const expected = new Map([
      ['lstm_1/kernel', lstm('W')], ['lstm_1/recurrent_kernel', lstm('U')], ['lstm_1/bias', lstm('b')],
      ['gru_1/kernel', gru('W')], ['gru_1/recurrent_kernel', gru('U')], ['gru_1/bias', gru('b')],
      ['dense_1/kernel', g('dense_1_W').data], ['dense_1/bias', g('dense_1_b').data],
    ]);
    const r = await convertModel(src, { to: 'tfjs', out: join(dir, 'k1rnn-tfjs') });
    expect(r.notes.join('\n')).toContain('lstm_1');
    const tf = await loadTfjsFolder(join(dir, 'k1rnn-tfjs'));
    // LSTM 4·4·(3+4+1), GRU(reset_after=False) 3·5·(4+5+1), Dense (5+1)·2
    expect(tf.countParams()).toBe(128 + 150 + 12);
    const loaded = tfjsWeights(tf);
    for (const [name, values] of expected) {
      const key = [...loaded.keys()].find((k) => k === name || k.replace(/\/[a-z_]+_cell\//, '/') === name);
      expect(key, name).toBeDefined();
      expect(loaded.get(key!)).toEqual(values);
    }
    await convertModel(src, { to: 'keras', out: join(dir, 'k1rnn.keras') });
    const back = await storedValues(join(dir, 'k1rnn.keras'));
    expect(back.summary.total_params).toBe(290);
    expect(back.values.get('lstm_1/0')).toEqual(expected.get('lstm_1/kernel'));
    expect(back.values.get('lstm_1/2')).toEqual(expected.get('lstm_1/bias'));
    expect(back.values.get('gru_1/1')).toEqual(expected.get('gru_1/recurrent_kernel'));
    expect(back.summary.layers.find((l) => l.name === 'gru_1')!.params).toBe(150);
    tf.dispose();
  });

  it('Keras 1 configs upgrade to Keras 2 keys (nb_filter → filters, WeightRegularizer → L1L2, init names → initializer objects)', async () => {
    const r = await convertModel(fixture('h5/k1_conv_th.h5'), { to: 'keras2-json' });
    const layers = (r.json as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }).config.layers;
    expect(layers[0].class_name).toBe('Conv2D');
    expect(layers[0].config).toMatchObject({ filters: 3, kernel_size: [2, 2], padding: 'valid', data_format: 'channels_first', batch_input_shape: [null, 2, 5, 5] });
    expect(layers[0].config).not.toHaveProperty('nb_filter');
    expect(layers[2].config).toMatchObject({ units: 2, kernel_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } } });
    // init "glorot_uniform": as Keras 2 serializes glorot_uniform() (keras/initializers.py)
    expect(layers[0].config.kernel_initializer).toEqual({ class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } });
    // init "uniform" (Keras 1.1 fixture), which tfjs-layers does not know by that name: RandomUniform(-0.05, 0.05)
    const k11 = await convertModel(fixture('h5/k1_conv1d_11.h5'), { to: 'keras2-json' });
    const k11conv = (k11.json as { config: { layers: { config: Record<string, unknown> }[] } }).config.layers[0];
    expect(k11conv.config.kernel_initializer).toEqual({ class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } });
    const k3 = await convertModel(fixture('h5/k1_conv_th.h5'), { to: 'keras3-json' });
    const k3layers = (k3.json as { config: { layers: { class_name: string; module: string; config: Record<string, unknown> }[] } }).config.layers;
    expect(k3layers.map((l) => l.class_name)).toEqual(['InputLayer', 'Conv2D', 'Flatten', 'Dense']);
    expect(k3layers[0].config).toMatchObject({ batch_shape: [null, 2, 5, 5] });
    expect(k3layers[3].config.kernel_regularizer).toEqual({ module: 'keras.regularizers', class_name: 'L1L2', config: { l1: 0, l2: 0.01 }, registered_name: null });
  });
});

describe('call arguments as Keras 3 records them', () => {
  it('several positional tensors stay apart (MultiHeadAttention(query, value)), as the real Keras 3 file has them', async () => {
    const file = fixture('keras3/objects.keras');
    const original = JSON.parse(Buffer.from(unzipSync(readFileSync(file))['config.json']).toString('utf8'));
    const k3 = await convertModel(file, { to: 'keras3-json' });
    const args = (json: unknown) => (json as { config: { layers: { class_name: string; inbound_nodes: { args: unknown[] }[] }[] } }).config.layers
      .filter((l) => l.class_name === 'MultiHeadAttention')
      .map((l) => l.inbound_nodes[0].args.map((a) => (a as { config: { keras_history: unknown } }).config.keras_history));
    expect(args(k3.json)).toEqual(args(original));
    expect(args(k3.json)[0]).toHaveLength(2);
  });
});

describe('other inputs', () => {
  it.each(['tiny_cnn', 'functional_shared_nested'])('tfjs %s → keras3-json → our reader: same summary', async (name) => {
    const src = fixture(`tfjs/${name}/model.json`);
    const out = join(dir, `${name}-k3.json`);
    await convertModel(src, { to: 'keras3-json', out });
    expect(rows(summarize(await readModel(out)))).toEqual(rows(summarize(await readModel(src))));
  });

  it('a Keras 3 .keras → tfjs loads in tfjs-layers with equal weights', async () => {
    const src = fixture('keras3/sequential_renamed.keras');
    const out = join(dir, 'k3-tfjs');
    await convertModel(src, { to: 'tfjs', out });
    const tf = await loadTfjsFolder(out);
    const original = await storedValues(src);
    expect(tf.countParams()).toBe(original.summary.total_params);
    const loaded = tfjsWeights(tf);
    for (const layer of original.summary.layers) {
      (layer.weights ?? []).forEach((w, i) => expect(loaded.get(`${layer.name}/${w.name.replace(/^[a-z_]+_cell\//, '')}`)).toEqual(original.values.get(`${layer.name}/${i}`)));
    }
    tf.dispose();
  });
});

describe('nested models', () => {
  it('a nested Sequential\'s weights (stored in its group as <inner layer>/<weight>:0) go to its own layers: tfjs-layers and our reader get them back', async () => {
    const src = fixture('h5/k2_nested.json');
    const weights = fixture('h5/k2_nested_weights.h5');
    const raw = await rawArrays(weights); // by stored name: dense_1/kernel, dense_2/kernel, dense_2/bias, dense_3/kernel
    const out = join(dir, 'nested-tfjs');
    const r = await convertModel(src, { to: 'tfjs', out, weights });
    expect(r.params).toBe(45);
    const tf = await loadTfjsFolder(out);
    expect(tf.countParams()).toBe(45);
    const loaded = tfjsWeights(tf);
    expect([...loaded.keys()].sort()).toEqual(['dense_1/bias', 'dense_1/kernel', 'dense_2/bias', 'dense_2/kernel', 'dense_3/kernel']);
    for (const [name, v] of loaded) expect(v).toEqual(raw.get(name)!.data);
    tf.dispose();
    const keras = join(dir, 'nested.keras');
    await convertModel(src, { to: 'keras', out: keras, weights });
    const back = await storedValues(keras);
    expect(back.summary.stored_params).toBe(45);
    ['dense_2/kernel', 'dense_2/bias', 'dense_3/kernel'].forEach((name, i) => expect(back.values.get(`sequential_1/${i}`)).toEqual(raw.get(name)!.data));
  });
});

describe('build_config in Keras 3 configs', () => {
  it('an LSTM given an initial state keeps the shapes Keras recorded; from Keras 2, only its positional input counts', async () => {
    // a real Keras 3 model (fixtures/keras3-layers-b.json): lstm_1 runs on a sequence with lstm's states as initial_state
    const cases = JSON.parse(readFileSync(fixture('keras3-layers-b.json'), 'utf8')).cases;
    const source = join(dir, 'lstm_initial_state.json');
    writeFileSync(source, JSON.stringify({ ...cases.find((c: { id: string }) => c.id === 'lstm_initial_state').model, keras_version: '3.15.1' }));
    const layersOf = (json: unknown) => (json as { config: { layers: { name: string; build_config?: unknown }[] } }).config.layers;
    const fromKeras3 = layersOf(keras3ModelConfig(await readModel(source), { notes: [] }));
    expect(fromKeras3.find((l) => l.name === 'lstm_1')!.build_config).toEqual({ shapes_dict: { sequences_shape: [null, null, 3], initial_state_shape: [[null, 6], [null, 6]] } });
    // the same model as a Keras 2 config, then back to Keras 3: built on the sequence alone
    const keras2 = join(dir, 'lstm_initial_state.k2.json');
    await convertModel(source, { to: 'keras2-json', out: keras2 });
    const fromKeras2 = layersOf(keras3ModelConfig(await readModel(keras2), { notes: [] }));
    expect(fromKeras2.find((l) => l.name === 'lstm_1')!.build_config).toEqual({ input_shape: [null, null, 3] });
  });
});

describe('options Keras 3 takes through **kwargs', () => {
  it("LayerNormalization's rms_scaling is kept: Keras 3.15 pops it from kwargs, its signature no longer names it", async () => {
    const path = join(dir, 'layer-norm.json');
    writeFileSync(path, JSON.stringify({ class_name: 'Sequential', keras_version: '2.15.0', config: { name: 's', layers: [
      { class_name: 'LayerNormalization', config: { name: 'norm', batch_input_shape: [null, 4], rms_scaling: false } },
    ] } }));
    const layers = (keras3ModelConfig(await readModel(path), { notes: [] }) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }).config.layers;
    expect(layers.find((l) => l.class_name === 'LayerNormalization')!.config).toMatchObject({ name: 'norm', rms_scaling: false });
  });
});

describe('activations for TensorFlow.js', () => {
  /** k3_functional (Keras 3) with its first Dense's activation set to `activation` */
  function withActivation(activation: string): string {
    const config = JSON.parse(readFileSync(fixture('h5/k3_functional.json'), 'utf8'));
    config.config.layers.find((l: { class_name: string }) => l.class_name === 'Dense').config.activation = activation;
    const path = join(dir, `k3-${activation}.json`);
    writeFileSync(path, JSON.stringify(config));
    return path;
  }

  it("Keras 3's silu is written as tfjs' swish, which tfjs-layers loads", async () => {
    const out = join(dir, 'silu-tfjs');
    await convertModel(withActivation('silu'), { to: 'tfjs', out, weights: fixture('h5/k3_functional.weights.h5') });
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(json.modelTopology.model_config.config.layers.find((l: { class_name: string }) => l.class_name === 'Dense').config.activation).toBe('swish');
    const tf = await loadTfjsFolder(out);
    expect(tf.layers.some((l) => l.getConfig().activation === 'swish')).toBe(true);
    tf.dispose();
  });

  it('what tfjs-layers ignores or builds without the batch axis is refused by name: GRU reset_after in a Bidirectional, groups, output_padding, keepdims, Resizing', async () => {
    const sequential = (layers: unknown[]) => {
      const path = join(dir, `seq-${layers.length}-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(path, JSON.stringify({ class_name: 'Sequential', keras_version: '2.15.0', config: { name: 's', layers } }));
      return path;
    };
    const bidirectional = await readModel(sequential([
      { class_name: 'Bidirectional', config: { name: 'bi', batch_input_shape: [null, 5, 3], layer: { class_name: 'GRU', config: { name: 'gru', units: 4, reset_after: true } } } },
    ]));
    expect(() => keras2ModelConfig(bidirectional, { tfjs: true, notes: [] })).toThrow(/"bi" \(Bidirectional\): TensorFlow\.js GRU has no reset_after=True/);
    const grouped = await readModel(sequential([
      { class_name: 'Conv2D', config: { name: 'conv', batch_input_shape: [null, 8, 8, 4], filters: 6, kernel_size: [3, 3], groups: 2 } },
    ]));
    expect(() => keras2ModelConfig(grouped, { tfjs: true, notes: [] })).toThrow(/"conv" \(Conv2D\): TensorFlow\.js convolutions have no groups \(groups=2\)/);
    const refusals: [unknown, RegExp][] = [
      [{ class_name: 'Conv2DTranspose', config: { name: 'up', batch_input_shape: [null, 8, 7, 4], filters: 3, kernel_size: [3, 3], strides: [2, 2], output_padding: [1, 1] } }, /"up" \(Conv2DTranspose\): TensorFlow\.js transposed convolutions have no output_padding/],
      [{ class_name: 'GlobalMaxPooling2D', config: { name: 'pool', batch_input_shape: [null, 8, 8, 4], keepdims: true } }, /"pool" \(GlobalMaxPooling2D\): TensorFlow\.js global pooling has no keepdims=True/],
      [{ class_name: 'Resizing', config: { name: 'resize', batch_input_shape: [null, 8, 8, 2], height: 4, width: 4 } }, /"resize" \(Resizing\): TensorFlow\.js Resizing works out its output shape without the batch axis/],
    ];
    for (const [layer, why] of refusals) {
      const m = await readModel(sequential([layer]));
      expect(() => keras2ModelConfig(m, { tfjs: true, notes: [] })).toThrow(why);
    }
    // the same configs without them convert
    const plain = await readModel(sequential([
      { class_name: 'Conv2D', config: { name: 'conv', batch_input_shape: [null, 8, 8, 4], filters: 6, kernel_size: [3, 3], groups: 1 } },
    ]));
    expect(() => keras2ModelConfig(plain, { tfjs: true, notes: [] })).not.toThrow();
  });

  it('a Flatten behind an unknown length is refused for tfjs by name', async () => {
    const text = join(dir, 'flatten-unknown.json');
    writeFileSync(text, JSON.stringify({ class_name: 'Sequential', keras_version: '2.15.0', config: { name: 's', layers: [
      { class_name: 'Embedding', config: { name: 'embedding', batch_input_shape: [null, null], input_dim: 20, output_dim: 4 } },
      { class_name: 'Flatten', config: { name: 'flatten' } },
    ] } }));
    const unknownLength = await readModel(text);
    expect(() => keras2ModelConfig(unknownLength, { tfjs: true, notes: [] })).toThrow(/"flatten" \(Flatten\): TensorFlow\.js Flatten needs every input dimension known, and this input is \(None, None, 4\)/);
    // fine as a Keras 2 config
    expect(keras2ModelConfig(unknownLength, { tfjs: false, notes: [] })).toMatchObject({ keras_version: '2.15.0' });
  });

  it('an activation tfjs-layers lacks is refused by name', async () => {
    const e = await convertModel(withActivation('leaky_relu'), { to: 'tfjs', out: join(dir, 'leaky-tfjs'), weights: fixture('h5/k3_functional.weights.h5') }).catch((x: unknown) => x);
    expect(isKerascopeError(e) && e.code).toBe('E_UNSUPPORTED');
    expect((e as Error).message).toMatch(/layer "classifier" \(Dense\): TensorFlow\.js has no activation "leaky_relu"/);
    expect(readdirSync(dir).filter((f) => f.startsWith('leaky'))).toEqual([]);
  });
});

describe('quantization', () => {
  it.each([
    ['uint8', 8],
    ['uint16', 16],
  ] as const)('--quantize %s: tfjs dequantizes every value to within half a step of the original', async (q, bits) => {
    const out = join(dir, `cifar-${q}`);
    await convertModel(fixture('cifar10_cnn.h5'), { to: 'tfjs', out, quantize: q });
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    const total = json.weightsManifest[0].paths.reduce((n: number, p: string) => n + statSync(join(out, p)).size, 0);
    expect(total).toBe((1250858 * bits) / 8);
    const tf = await loadTfjsFolder(out);
    const original = await storedValues(fixture('cifar10_cnn.h5'));
    const loaded = tfjsWeights(tf);
    for (const spec of json.weightsManifest[0].weights) {
      const [layer, weight] = spec.name.split('/');
      const i = original.summary.layers.find((l) => l.name === layer)!.weights!.findIndex((w) => w.name === weight);
      const want = original.values.get(`${layer}/${i}`)!;
      const got = loaded.get(spec.name)!;
      // tfjs-converter's scale, from the original values: (max - min) / (2^bits - 1), kept as float32
      let min = Infinity;
      let max = -Infinity;
      for (let k = 0; k < want.length; k++) {
        min = Math.min(min, want[k]);
        max = Math.max(max, want[k]);
      }
      // (a constant tensor, such as an untrained bias, has no range: scale 1, every value at the zero point)
      const step = max > min ? Math.fround((max - min) / (2 ** bits - 1)) : 1;
      expect(spec.quantization.scale).toBe(step);
      let worst = 0;
      for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(got[k] - want[k]));
      expect(worst).toBeLessThanOrEqual(step / 2 + 1e-6);
    }
    tf.dispose();
  });

  it('--quantize float16: half the bytes, values as IEEE half floats', async () => {
    const out = join(dir, 'cifar-f16');
    await convertModel(fixture('cifar10_cnn.h5'), { to: 'tfjs', out, quantize: 'float16' });
    const tf = await loadTfjsFolder(out);
    const original = await storedValues(fixture('cifar10_cnn.h5'));
    const kernel = tfjsWeights(tf).get('dense_1/kernel')!;
    const want = original.values.get('dense_1/0')!;
    for (let k = 0; k < want.length; k += 97) expect(Math.abs(kernel[k] - want[k])).toBeLessThanOrEqual(Math.abs(want[k]) * 2 ** -11 + 2 ** -24);
    tf.dispose();
  });
});

describe('outputs and refusals', () => {
  it('keeps an existing output unless forced, and leaves no temporary files', async () => {
    const out = join(dir, 'exists.keras');
    writeFileSync(out, 'keep me');
    const e = await convertModel(fixture('cifar10_cnn.h5'), { to: 'keras', out }).catch((x) => x);
    expect(isKerascopeError(e) && e.code).toBe('E_OUTPUT_EXISTS');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    await convertModel(fixture('cifar10_cnn.h5'), { to: 'keras', out, force: true });
    expect(statSync(out).size).toBeGreaterThan(5_000_000);
    const folder = join(dir, 'forced-tfjs');
    await convertModel(fixture('cifar10_cnn.h5'), { to: 'tfjs', out: folder });
    await convertModel(fixture('cifar10_cnn.h5'), { to: 'tfjs', out: folder, force: true, quantize: 'uint8' });
    expect(readdirSync(folder).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(readdirSync(dir).filter((f) => f.includes('.kerascope-'))).toEqual([]);
  });

  it('refuses a Lambda layer for tfjs and Keras 3, naming it, and writes nothing', async () => {
    const src = fixture('audit/lambda_os_system.json');
    // The config holds no weights, so `--to tfjs` would stop at that first: the tfjs topology is asked directly.
    const model = await readModel(src);
    expect(() => keras2ModelConfig(model, { tfjs: true, notes: [] })).toThrow(/"evil" \(Lambda\): TensorFlow\.js cannot run Python code \(Lambda layers\)/);
    const out = join(dir, 'lambda-keras3-json');
    const e = await convertModel(src, { to: 'keras3-json', out }).catch((x) => x);
    expect(isKerascopeError(e) && e.code).toBe('E_UNSUPPORTED');
    expect(e.message).toMatch(/Lambda layer's Python code cannot be carried into Keras 3/);
    expect(() => statSync(out)).toThrow();
  });

  it('refuses TensorFlow op layers and custom classes (weights counted from storage), writing nothing', async () => {
    const ops = await convertModel(fixture('tf-ops/tf-op-lambdas.json'), { to: 'keras3-json', out: join(dir, 'ops.json') }).catch((x) => x);
    expect(isKerascopeError(ops) && ops.code).toBe('E_UNSUPPORTED');
    expect(ops.message).toMatch(/\(TFOpLambda\): Keras 3 has no TFOpLambda layer/);
    const out = join(dir, 'custom.keras');
    const custom = await convertModel(fixture('custom/custom_layers.h5'), { to: 'keras', out }).catch((x) => x);
    expect(isKerascopeError(custom) && custom.code).toBe('E_UNSUPPORTED');
    expect(custom.message).toMatch(/"scale_shift" \(Custom>ScaleShift\): its weights are unknown \(unknown layer class/);
    expect(() => statSync(out)).toThrow();
  });

  it('drops tf.keras MultiHeadAttention\'s recorded build shapes for Keras 3, with a note', async () => {
    // as tf.keras 2.14 saves it: the shapes the layer was built on are part of its config
    const mhaConfig = { name: 'mha', trainable: true, dtype: 'float32', num_heads: 2, key_dim: 3, value_dim: 3, dropout: 0.0, use_bias: true, output_shape: null, attention_axes: null, query_shape: [null, 6, 2], key_shape: [null, 6, 2], value_shape: [null, 6, 2] };
    const config = {
      class_name: 'Functional', keras_version: '2.14.0', backend: 'tensorflow',
      config: {
        name: 'model',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_input_shape: [null, 6, 2], dtype: 'float32' }, inbound_nodes: [] },
          { class_name: 'MultiHeadAttention', name: 'mha', config: mhaConfig, inbound_nodes: [[['x', 0, 0, { value: ['x', 0, 0] }]]] },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['mha', 0, 0]],
      },
    };
    const src = join(dir, 'tfkeras-mha.json');
    writeFileSync(src, JSON.stringify(config));
    const model = await readModel(src);
    const notes: string[] = [];
    const json = keras3ModelConfig(model, { notes }) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const mha = json.config.layers.find((l) => l.class_name === 'MultiHeadAttention')!;
    expect(Object.keys(mha.config)).not.toContain('query_shape');
    expect(notes).toContain('layer "mha" (MultiHeadAttention): option "query_shape" left out (the shapes it was built on are carried by build_config)');
  });

  it('refuses stored weights that do not fit the layer, naming the layer', async () => {
    // k2_nested.json with dense_1 widened from 4 to 6 units, against the weights saved for 4.
    const config = JSON.parse(readFileSync(fixture('h5/k2_nested.json'), 'utf8'));
    config.config.layers[1].config.units = 6;
    const wide = join(dir, 'k2_nested_wide.json');
    writeFileSync(wide, JSON.stringify(config));
    const out = join(dir, 'nope');
    const e = await convertModel(wide, { to: 'tfjs', out, weights: fixture('h5/k2_nested_weights.h5') }).catch((x) => x);
    expect(isKerascopeError(e) && e.code).toBe('E_UNSUPPORTED');
    expect(e.message).toMatch(/dense_1.*stored weights \[dense_1\/kernel:0 \(5, 4\), dense_1\/bias:0 \(4,\)\] do not match the weights the layer builds \[kernel \(5, 6\), bias \(6,\)\]/);
    expect(() => statSync(out)).toThrow();
  });
});

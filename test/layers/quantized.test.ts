// Quantized and LoRA variables of Dense, EinsumDense and Embedding, dtype policies and dict
// inputs/outputs, against what real Keras 3.15 built and saved (fixtures/keras3-modern, made by
// scripts/fixtures/keras3_modern.py).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { auditFile, auditFileJson, readModel, summarize, summaryText } from '../../src/index.js';
import { keras3SavedWeights } from '../../src/types/shape.js';
import { LayerConfig } from '../../src/layers/config.js';
import { layerSpec } from '../../src/layers/registry.js';
import type { LayerContext } from '../../src/layers/types.js';
import { builtWeights, runLayer } from './harness.js';

const dir = join(__dirname, '../../fixtures/keras3-modern');
const readJson = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const NAMES = readdirSync(dir).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace('.expected.json', '')).sort();

interface KerasVar { name: string; shape: number[]; dtype: string; trainable: boolean }
interface Expected {
  total_params: number;
  trainable_params: number;
  non_trainable_params: number;
  layers: { name: string; params: number; weights: KerasVar[] }[];
  summary: string;
  /** what the .keras weights file holds per vars group, as h5py reads it (bfloat16 is `|V2`) */
  stored: Record<string, { shape: number[]; dtype: string }[]>;
}

describe.each(NAMES)('%s.keras (real Keras 3.15)', async (name) => {
  const expected = readJson(`${name}.expected.json`) as Expected;
  const model = await readModel(join(dir, `${name}.keras`));
  const layers = new Map(model.analysis.layers.map((a) => [a.node.name, a]));

  test('every variable: name, shape, dtype, trainable, in layer.weights order', () => {
    for (const e of expected.layers) {
      const got = (layers.get(e.name)!.weights ?? []).map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype, trainable: w.trainable }));
      expect(got, e.name).toEqual(e.weights);
    }
  });

  test('totals and the trainable split', () => {
    const s = summarize(model);
    expect([s.total_params, s.trainable_params, s.non_trainable_params]).toEqual([expected.total_params, expected.trainable_params, expected.non_trainable_params]);
  });

  test('summary(line_length=88), byte for byte (bytes at each variable\'s dtype)', () => {
    expect(summaryText(model, { style: '3', lineLength: 88 })).toBe(expected.summary);
  });

  test('each saved variable is found at its save_own_variables index (vars/<i>), LoRA factors nowhere', () => {
    for (const a of model.analysis.layers) {
      const stored = model.weightMatch!.byLayer.get(a.node.name);
      if (!stored) continue;
      const saved = keras3SavedWeights(a.weights!);
      expect(stored.map((t) => t.shape), a.node.name).toEqual(saved.map((w) => w.shape));
      saved.forEach((w, i) => {
        if (typeof w.saved === 'number') expect(stored[i].path, `${a.node.name}/${w.name}`).toMatch(new RegExp(`/vars/${w.saved}$`));
      });
    }
  });

  test('each saved variable in the dtype Keras wrote it (LoRA merged on save: compute dtype, float32 scale)', () => {
    const h5pyDtype = (d: string) => (d === '|V2' ? 'bfloat16' : d);
    let checked = 0;
    for (const a of model.analysis.layers) {
      const stored = model.weightMatch!.byLayer.get(a.node.name) ?? [];
      keras3SavedWeights(a.weights ?? []).forEach((w, i) => {
        const at = /^\/?(.*\/vars)\/(\d+)$/.exec(stored[i].path)!;
        const written = expected.stored[at[1]]?.[Number(at[2])];
        expect(w.savedDtype ?? w.dtype, `${a.node.name}/${w.name}`).toBe(h5pyDtype(written.dtype));
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(0);
  });

  test('the audit finds no error, and no dtype warning on what Keras itself wrote', async () => {
    const report = auditFileJson(await auditFile(join(dir, `${name}.keras`)));
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.findings.filter((f) => f.code === 'mixed-dtypes' || f.code === 'unexpected-dtype')).toEqual([]);
  });
});

describe('EinsumDense under each quantization mode (layer built and quantized by Keras)', () => {
  const cases = readJson('einsum_quantized.json') as { config: { config: Record<string, unknown> }; input_shape: (number | null)[]; weights: KerasVar[] }[];
  test.each(cases.map((c, i) => [`${c.config.config.equation} #${i % 4}`, c] as const))('%s', (_id, c) => {
    const { weights } = runLayer('EinsumDense', c.config.config, [c.input_shape]);
    expect(weights.map((w) => ({ name: w.name, shape: w.shape, dtype: w.dtype ?? 'float32', trainable: w.trainable }))).toEqual(c.weights);
  });
});

describe('ReversibleEmbedding under each quantization mode (10×6, built and quantized by Keras 3.15.1)', () => {
  // layer.weights as Keras listed them (name, shape, dtype, trainable): the forward table as
  // Embedding's, then, untied, the (output_dim, input_dim) reverse table packed along output_dim
  const I8 = 'int8';
  const F32 = 'float32';
  const forward = {
    int8: [['embeddings', [10, 6], I8], ['embeddings_scale', [10], F32]],
    int4_128: [['embeddings', [10, 3], I8], ['embeddings_scale', [10, 1], F32], ['embeddings_zero', [10, 1], I8], ['g_idx', [6], F32]],
    int4_4: [['embeddings', [10, 3], I8], ['embeddings_scale', [10, 2], F32], ['embeddings_zero', [10, 2], I8], ['g_idx', [6], F32]],
  };
  test.each([
    ['int8_from_float32', true, forward.int8],
    ['int8_from_float32', false, [...forward.int8, ['reverse_embeddings', [6, 10], I8], ['reverse_embeddings_scale', [10], F32]]],
    ['int4/128_from_float32', true, forward.int4_128],
    ['int4/128_from_float32', false, [...forward.int4_128, ['reverse_embeddings', [3, 10], I8], ['reverse_embeddings_scale', [1, 10], F32], ['reverse_embeddings_zero', [1, 10], F32]]],
    ['int4/4_from_float32', false, [...forward.int4_4, ['reverse_embeddings', [3, 10], I8], ['reverse_embeddings_scale', [2, 10], F32], ['reverse_embeddings_zero', [2, 10], F32]]],
  ] as const)('%s, tie_weights %s', (dtype, tie, want) => {
    const { weights } = runLayer('ReversibleEmbedding', { input_dim: 10, output_dim: 6, tie_weights: tie, dtype }, [[null, 3]]);
    expect(weights.map((w) => [w.name, w.shape, w.dtype ?? F32, w.trainable])).toEqual(want.map(([n, shape, dt]) => [n, shape, dt, false]));
  });

  test('LoRA (enable_lora(2)): the frozen table, the untied reverse table, then the two factors', () => {
    const weights = (tie: boolean) => builtWeights('ReversibleEmbedding', { input_dim: 10, output_dim: 6, tie_weights: tie, lora_rank: 2 }, [[null, 3]]);
    const described = (ws: ReturnType<typeof weights>) => ws.map((w) => [w.name, w.shape, w.trainable]);
    const factors = [['lora_embeddings_a', [10, 2], true], ['lora_embeddings_b', [2, 6], true]];
    expect(described(weights(true))).toEqual([['embeddings', [10, 6], false], ...factors]);
    expect(described(weights(false))).toEqual([['embeddings', [10, 6], false], ['reverse_embeddings', [6, 10], true], ...factors]);
    // saved: the two tables (LoRA merged into the first), the factors not at all
    expect(weights(false).map((w) => w.saved)).toEqual([0, 1, false, false]);
  });

  test('a call with reverse=True (a CausalLM head) maps vectors to logits over the vocabulary, the same weights', () => {
    const spec = layerSpec('ReversibleEmbedding')!;
    const c = new LayerConfig('token_embedding', 'ReversibleEmbedding', { input_dim: 10, output_dim: 6 }, spec.defaults);
    const call = (reverse: boolean): LayerContext => ({ kerasMajor: 3, resolveInner: () => { throw new Error('none'); }, call: { kwargs: { reverse }, inputKeywords: [null] } });
    expect(spec.outputShape(c, [[null, null, 6]], call(true))).toEqual([null, null, 10]);
    expect(spec.outputShape(c, [[null, 4]], call(false))).toEqual([null, 4, 6]);
    // per sample: 4 positions × 10 logits, each a dot product of 6
    expect(spec.cost!(c, [[null, 4, 6]], [null, 4, 10], call(true))).toEqual({ macs: 4 * 10 * 6, ops: 0 });
  });

  test('float: the tables trainable, the reverse one only untied', () => {
    expect(runLayer('ReversibleEmbedding', { input_dim: 10, output_dim: 6, tie_weights: false }, [[null, 3]]).weights).toEqual([
      { name: 'embeddings', shape: [10, 6], trainable: true },
      { name: 'reverse_embeddings', shape: [6, 10], trainable: true },
    ]);
  });
});

describe('dict and nested model inputs/outputs', async () => {
  const model = await readModel(join(dir, 'dict_io.keras'));
  test('flattened as Keras flattens them (dict keys sorted), the structure kept with its keys', () => {
    const g = model.graph;
    expect(g.inputs.map((r) => r.layer)).toEqual(['num', 'tok']);
    expect(g.inputStructure).toEqual({ tok: 1, num: 0 });
    expect(g.outputs.map((r) => r.layer)).toEqual(['label', 'aux', 'score']);
    expect(g.outputStructure).toEqual({ score: 2, pair: [0, 1] });
  });
});

describe('a compiled model never trained', () => {
  test('--style 3 prints Optimizer params as Keras does after loading the file (slots built on load)', async () => {
    const loaded = readJson('compiled_untrained.loaded.json');
    // the file holds only iteration and learning_rate ...
    expect(loaded.stored_optimizer.map((t: { shape: number[] }) => t.shape)).toEqual([[], []]);
    // ... and Keras, having loaded it, prints 2 + 2 Adam slots × 74 trainable values
    const model = await readModel(join(dir, 'compiled_untrained.keras'));
    expect(summaryText(model, { style: '3', lineLength: 88 })).toBe(loaded.summary_after_load);
  });
});

describe('int4 Dense layouts by Keras release', () => {
  // Keras 3.15 dense.py `_int4_build`: packed along units, one scale per unit without a block size;
  // the release before quantization_config (whose configs lack the key) packed along input_dim.
  const dense = (version: string | undefined, extra: Record<string, unknown> = {}) => {
    const cfg = new LayerConfig('d', 'Dense', { name: 'd', units: 5, use_bias: true, dtype: 'int4_from_float32', ...extra }, layerSpec('Dense')!.defaults);
    const ctx = { kerasMajor: 3 as const, kerasVersion: version, resolveInner: () => { throw new Error('none'); } };
    return layerSpec('Dense')!.weights!(cfg, [[null, 6]], ctx).map((w) => [w.name, w.shape]);
  };
  test.each([
    ['3.10.0', {}, [['bias', [5]], ['kernel', [3, 5]], ['kernel_scale', [5]]]],
    ['3.15.1', {}, [['bias', [5]], ['kernel', [6, 3]], ['kernel_scale', [5]]]],
    [undefined, { quantization_config: null }, [['bias', [5]], ['kernel', [6, 3]], ['kernel_scale', [5]]]],
    ['3.15.1', { quantization_config: { class_name: 'Int4QuantizationConfig', config: { block_size: 4 } } }, [['bias', [5]], ['kernel', [6, 3]], ['kernel_scale', [2, 5]], ['kernel_zero', [2, 5]], ['g_idx', [6]]]],
  ])('Keras %s, %j', (version, extra, want) => {
    expect(dense(version, extra)).toEqual(want);
  });
});

describe('kerascope layers says which quantization modes are covered', () => {
  test('Dense and EinsumDense: int8, int4, float8 and LoRA; Embedding and ReversibleEmbedding: int8, int4 and LoRA; others none', async () => {
    const { layerCoverage } = await import('../../src/layers/coverage.js');
    const q = new Map(layerCoverage().rows.filter((r) => r.quantization).map((r) => [r.className, r.quantization]));
    // Keras 3.15 dense.py/einsum_dense.py/embedding.py/reversible_embedding.py `quantized_build` modes we build (GPTQ and AWQ are calibrated elsewhere)
    expect(Object.fromEntries(q)).toEqual({
      Dense: { modes: ['int8', 'int4', 'float8'], lora: true },
      EinsumDense: { modes: ['int8', 'int4', 'float8'], lora: true },
      Embedding: { modes: ['int8', 'int4'], lora: true },
      ReversibleEmbedding: { modes: ['int8', 'int4'], lora: true },
    });
  });
});

describe('--cost counts quantized weights at their own dtype', () => {
  test('quant_int8 config: weight bytes are Keras\' total (158.00 B: int8 kernels one byte a value)', async () => {
    const { summaryJson } = await import('../../src/report/summary/json.js');
    const model = await readModel(join(dir, 'quant_int8.json'));
    const keras = /Total params: [\d,]+ \(([\d.]+) B\)/.exec(readJson('quant_int8.expected.json').summary)!;
    expect(summaryJson(model, { cost: { batch: 1 } }).cost!.weight_bytes).toBe(Number(keras[1]));
  });
});

describe('audit --values over quantized Keras 3 files', () => {
  test.each(['quant_int4', 'quant_float8', 'embedding_int4', 'lora'])('%s: tensors go by the variable they load into, untrained zeros are no finding', async (name) => {
    const audited = await auditFile(join(dir, `${name}.keras`), { values: true });
    const report = auditFileJson(audited);
    // Keras' own files of untrained models: zero biases, zero points, group indices and amax histories
    expect(report.findings).toEqual([]);
    const names = report.tensors!.map((s) => s.weight);
    expect(names).toContain('bias');
    expect(names.some((n) => /vars\/\d+$/.test(n))).toBe(false);
  });
});

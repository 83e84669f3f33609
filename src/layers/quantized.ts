// The variables of Keras 3's quantizable layers (Dense, EinsumDense, Embedding) under their dtype
// policy's quantization mode and LoRA options, as Keras 3.15 builds them (`layers/core/dense.py`,
// `einsum_dense.py`, `embedding.py`: `build`, `_int8_build`, `_int4_build`, `_float8_build`,
// `enable_lora`). Each layer describes its table's layout once; this module makes the variables.
//
// `layer.weights` lists the variables created trainable first, then those created frozen, each
// group in creation order (Layer.weights: `_trainable_variables + _non_trainable_variables`);
// LoRA freezes the kernel after creating it, so it stays in the first group.
import { parseDtypePolicy, type Quantization } from '../normalize/dtype-policy.js';
import { isObject } from '../normalize/config-access.js';
import { LayerConfig, shapeError } from './config.js';
import type { LayerContext, QuantizationCoverage } from './types.js';
import type { WeightSpec } from '../types/shape.js';

/** What a quantizable layer's float table (kernel, embeddings) looks like in each layout. */
export interface TableLayout {
  /** `kernel` or `embeddings`; its scale, zero point and LoRA factors are named after it */
  name: 'kernel' | 'embeddings';
  shape: number[];
  /** bias shape (created after the table); null without one */
  bias: number[] | null;
  /** int8: the per-channel scale */
  int8Scale: number[];
  /** int4: the table as a matrix of rows × columns, packed two columns a byte */
  int4Matrix: { rows: number; columns: number };
  /**
   * int4 as Keras 3 releases before `quantization_config` built it, where that differed: the packed
   * table and its per-channel scale (Dense: packed along input_dim)
   */
  int4Earlier?: { table: number[]; scale: number[] };
  /** int4: the scale per channel (no block size) */
  int4ChannelScale: number[];
  /** int4 sub-channel: scale/zero shape for `groups` groups, and the g_idx length */
  int4Grouped(groups: (along: number) => number): { scale: number[]; gIdx: number };
  /** LoRA factors for rank r: [a, b] */
  lora(rank: number): [number[], number[]];
  /** quantization modes the layer has, LoRA */
  covers: QuantizationCoverage;
}

interface Built extends WeightSpec {
  /** created trainable (LoRA may freeze it later; it keeps its place) */
  created: boolean;
}

const FLOAT8_VARIABLES = ['inputs_scale', 'inputs_amax_history', 'kernel_scale', 'kernel_amax_history', 'outputs_grad_scale', 'outputs_grad_amax_history'];

/** A layer's dtype policy; a DTypePolicyMap is looked up by the layer's path (its name here). */
const layerPolicy = (c: LayerConfig) => parseDtypePolicy(c.get('dtype'), c.layerName);

/** The quantization a layer config asks for: its dtype policy's mode, the int4 block size from `quantization_config` first. */
export function quantizationOf(c: LayerConfig): Quantization | undefined {
  const q = layerPolicy(c)?.quantization;
  if (!q || q.mode !== 'int4') return q;
  const qc = c.get('quantization_config');
  const block = isObject(qc) && isObject(qc.config) ? qc.config.block_size : undefined;
  if (typeof block === 'number' && Number.isInteger(block)) return { ...q, blockSize: block > 0 ? block : null };
  return q;
}

/** The Keras release whose layer code this module follows (its int4 layout, quantization_config). */
const LAYOUTS_OF = [3, 15];

/**
 * Whether a config comes from a Keras 3 that quantized to int4 before `quantization_config` existed
 * (sub-channel int4 came with it): its layers' configs lack the key that later ones always write,
 * and its policies name no block size. A KerasHub block's sub-layers have no config of their own:
 * their policy (`int4/128`, a DTypePolicyMap entry) tells. A file of Keras 3.15 or later builds the
 * current layout whatever its config says.
 */
function earlierInt4(c: LayerConfig, q: Quantization, ctx: LayerContext): boolean {
  if (c.raw('quantization_config') !== undefined || q.blockSize !== undefined) return false; // written, null included
  const [major, minor] = (ctx.kerasVersion ?? '').split('.').map(Number);
  return !(major > LAYOUTS_OF[0] || (major === LAYOUTS_OF[0] && minor >= LAYOUTS_OF[1]));
}

/** The layer's variables in `layer.weights` order (see the top of this module). */
export function tableWeights(c: LayerConfig, t: TableLayout, ctx: LayerContext): WeightSpec[] {
  const q = quantizationOf(c);
  if (q && !t.covers.modes.includes(q.mode)) throw shapeError(c, `has quantization mode "${q.mode}", which kerascope does not cover for ${c.className}`);
  const vars: Built[] = [];
  const add = (name: string, shape: number[], created: boolean, dtype?: string) => vars.push({ name, shape, trainable: created, created, ...(dtype ? { dtype } : {}) });
  const scale = `${t.name}_scale`;
  if (q?.mode === 'int8') {
    add(t.name, t.shape, false, 'int8');
    add(scale, t.int8Scale, false);
  } else if (q?.mode === 'int4' && t.int4Earlier && earlierInt4(c, q, ctx)) {
    add(t.name, t.int4Earlier.table, false, 'int8');
    add(scale, t.int4Earlier.scale, false);
  } else if (q?.mode === 'int4') {
    const { rows, columns } = t.int4Matrix;
    add(t.name, [rows, Math.ceil(columns / 2)], false, 'int8');
    const block = q.blockSize;
    if (block) {
      const g = t.int4Grouped((along) => Math.ceil(along / block));
      add(scale, g.scale, false);
      add(`${t.name}_zero`, g.scale, false, 'int8');
      add('g_idx', [g.gIdx], false, 'float32');
    } else {
      add(scale, t.int4ChannelScale, false);
    }
  } else {
    add(t.name, t.shape, true);
  }
  if (t.bias) add('bias', t.bias, true);
  // float8 scales and amax histories, float32 and trainable (their gradients overwrite them),
  // after kernel and bias as `quantize("float8")` adds them and as the file stores them
  if (q?.mode === 'float8') for (const n of FLOAT8_VARIABLES) add(n, n.endsWith('history') ? [q.amaxHistoryLength!] : [], true, 'float32');
  const rank = c.has('lora_rank') ? c.optInt('lora_rank') : null;
  if (rank) {
    const [a, b] = t.lora(rank);
    const prefix = t.name === 'kernel' ? 'lora_kernel' : 'lora_embeddings';
    add(`${prefix}_a`, a, true, 'float32');
    add(`${prefix}_b`, b, true, 'float32');
    const table = vars.find((v) => v.name === t.name)!;
    table.trainable = false;
    // save_own_variables writes the table merged with the LoRA product (dense.py
    // _get_kernel_with_merged_lora): a float table as computed, in the compute dtype; a quantized
    // one re-quantized through numpy, its scale float32
    if (!q) table.savedDtype = layerPolicy(c)?.computeDtype ?? 'float32';
    else if (q.mode === 'int8' || q.mode === 'int4') vars.find((v) => v.name === scale)!.savedDtype = 'float32';
  }
  // saved as `variable_serialization_spec` lists them: the table, the bias, the rest as created; LoRA not at all
  const saved = [t.name, 'bias', ...vars.map((v) => v.name).filter((n) => n !== t.name && n !== 'bias' && !n.startsWith('lora_'))].filter((n) => vars.some((v) => v.name === n));
  const ordered = [...vars.filter((v) => v.created), ...vars.filter((v) => !v.created)];
  if (ordered.some((v, i) => saved[i] !== v.name)) for (const v of vars) v.saved = saved.includes(v.name) ? saved.indexOf(v.name) : false;
  return ordered.map(({ created: _, ...w }) => w);
}

/**
 * The variables of a quantizable sub-layer a block builds (KerasHub's attention projections and
 * feedforward Dense), at `path` under the block: it shares the block's dtype policy, and a
 * DTypePolicyMap gives it the entry at its own path (`transformer_layer_0/self_attention/query`).
 */
export function sublayerTableWeights(c: LayerConfig, path: string, className: string, t: TableLayout, ctx: LayerContext): WeightSpec[] {
  return tableWeights(new LayerConfig(`${c.layerName}/${path}`, className, { dtype: c.raw('dtype') }), t, ctx);
}

/** What Dense and EinsumDense (`LINEAR`) and Embedding build here: not GPTQ or AWQ (calibrated, from other tools). */
export const LINEAR_QUANTIZATION: QuantizationCoverage = { modes: ['int8', 'int4', 'float8'], lora: true };
export const EMBEDDING_QUANTIZATION: QuantizationCoverage = { modes: ['int8', 'int4'], lora: true };

/** Dense's kernel (input_dim, units) is a matrix already: int4 packs along units, groups along input_dim. */
export function denseLayout(din: number, units: number, useBias: boolean): TableLayout {
  return {
    name: 'kernel',
    shape: [din, units],
    bias: useBias ? [units] : null,
    int8Scale: [units],
    int4Matrix: { rows: din, columns: units },
    int4Earlier: { table: [Math.ceil(din / 2), units], scale: [units] },
    int4ChannelScale: [units],
    int4Grouped: (groups) => ({ scale: [groups(din), units], gIdx: din }),
    lora: (r) => [[din, r], [r, units]],
    covers: LINEAR_QUANTIZATION,
  };
}

/** Embedding's table (input_dim, output_dim): int4 packs along output_dim and groups along it too. */
export function embeddingLayout(inputDim: number, outputDim: number): TableLayout {
  return {
    name: 'embeddings',
    shape: [inputDim, outputDim],
    bias: null,
    int8Scale: [inputDim],
    int4Matrix: { rows: inputDim, columns: outputDim },
    int4ChannelScale: [inputDim],
    int4Grouped: (groups) => ({ scale: [inputDim, groups(outputDim)], gIdx: outputDim }),
    lora: (r) => [[inputDim, r], [r, outputDim]],
    covers: EMBEDDING_QUANTIZATION,
  };
}

/**
 * EinsumDense's kernel: its reduced axes (kernel letters not in the output) are quantized over.
 * `specs` are the equation's input, kernel and output letters with elided axes spelled out.
 */
/** The input, weight and output letters of a fixed einsum equation (`btd,ndh->btnh`). */
export function einsumSpecs(equation: string): { input: string; weight: string; output: string } {
  const [input, weight, output] = equation.split(/,|->/);
  return { input, weight, output };
}

export function einsumLayout(kernel: number[], bias: number[] | null, specs: { input: string; weight: string; output: string }): TableLayout {
  const reduced = [...specs.weight].flatMap((l, i) => (specs.output.includes(l) ? [] : [i]));
  const rows = reduced.reduce((n, i) => n * kernel[i], 1);
  const columns = kernel.reduce((n, d) => n * d, 1) / rows;
  return {
    name: 'kernel',
    shape: kernel,
    bias,
    int8Scale: einsumScaleShape(kernel, specs),
    int4Matrix: { rows, columns },
    int4ChannelScale: [columns],
    int4Grouped: (groups) => ({ scale: [groups(rows), columns], gIdx: rows }),
    lora: (r) => [[...kernel.slice(0, -1), r], [r, kernel[kernel.length - 1]]],
    covers: LINEAR_QUANTIZATION,
  };
}

/**
 * The per-channel kernel scale of an int8 EinsumDense: the kernel shape with its reduced axes set
 * to 1, laid out in the output's axis order (`_analyze_quantization_info`, `_get_kernel_scale_shape`).
 * Ported step by step, including the index Keras reuses from its previous loop when a reduced axis
 * finds no free output axis.
 */
function einsumScaleShape(kernel: number[], { input, weight, output }: { input: string; weight: string; output: string }): number[] {
  let index = -1;
  for (const l of input) index = output.indexOf(l);
  for (const l of weight) index = output.indexOf(l);
  const inputReduced = [...input].flatMap((l, i) => (output.includes(l) ? [] : [i]));
  const weightReduced = [...weight].flatMap((l, i) => (output.includes(l) ? [] : [i]));
  const inputExpand = [...output].flatMap((l, i) => (input.includes(l) ? [] : [i]));
  const weightExpand = [...output].flatMap((l, i) => (weight.includes(l) ? [] : [i]));
  const weightTranspose = [...output].flatMap((l) => (weight.includes(l) ? [weight.indexOf(l)] : []));
  const weightSqueeze: number[] = [];
  for (const _ of inputReduced) if (inputExpand.length) index = inputExpand.shift()!;
  for (const axis of weightReduced) {
    if (weightExpand.length) index = weightExpand.shift()!;
    else weightSqueeze.push(axis);
    weightTranspose.splice(index, 0, axis); // Python's list.insert, negative index included
  }
  const ones = kernel.map((d, i) => (weightReduced.includes(i) ? 1 : d));
  const shape = weightTranspose.map((i) => ones[i]);
  for (const a of [...weightExpand].sort((x, y) => x - y)) shape.splice(a, 0, 1);
  for (const a of [...weightSqueeze].sort((x, y) => y - x)) shape.splice(a, 1);
  return shape;
}

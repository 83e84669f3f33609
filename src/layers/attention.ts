// Attention family (layer-math.md §7): Attention, AdditiveAttention, MultiHeadAttention and
// GroupedQueryAttention. Which input is the query, value or key comes from how the call passed them;
// `return_attention_scores` is a call argument, so the scores output depends on the call too.
import { shapeError, type LayerConfig } from './config.js';
import { known } from './shape-math.js';
import { defineLayer, w, type LayerContext } from './types.js';
import { ownedBy, type Dim, type OutputShape, type Shape, type WeightSpec } from '../types/shape.js';
import type { LayerCost } from './types.js';
import { OPS_PER_ELEMENT as OPS, perSample } from './cost-math.js';
import { einsumLayout, type TableLayout } from './quantized.js';

/** Positions attended over: every axis of one sample but the features. */
function positions(c: LayerConfig, s: Shape): number {
  return perSample(c, s.slice(0, -1));
}

/**
 * Score-based attention: `Tq·Tk` scores of `d` values each, a softmax over them, then the weighted
 * sum of the values. `additive` scores are `scale · tanh(q + k)` summed over the features.
 */
function scoreCost(c: LayerConfig, inputs: Shape[], ctx: LayerContext, additive: boolean, scaled: boolean): LayerCost {
  const { query, value, key } = attentionInputs(c, inputs, ctx);
  const scores = positions(c, query) * positions(c, key);
  const d = lastDim(c, query, 'query');
  return {
    macs: scores * d + scores * lastDim(c, value, 'value'),
    ops: scores * OPS.softmax + (additive ? scores * d * (OPS.merge + OPS.activation) : 0) + (scaled && !additive ? scores * OPS.affine : 0),
  };
}

/**
 * Multi-head attention: the query/key/value projections, `heads·Tq·Tk` scores of `kd` values, the
 * softmax, the weighted sum of `vd` values per head, the output projection; biases on every
 * projection, the query scaled by 1/sqrt(kd); a gate adds a projection, its activation and a product.
 */
function headsCost(c: LayerConfig, inputs: Shape[], ctx: LayerContext, h: { q: number; kv: number; kd: number; vd: number; out: number; gate: boolean }): LayerCost {
  const { query, value, key } = attentionInputs(c, inputs, ctx);
  const [tq, tk, tv] = [positions(c, query), positions(c, key), positions(c, value)];
  const dq = lastDim(c, query, 'query');
  const projected = { q: tq * h.q * h.kd, k: tk * h.kv * h.kd, v: tv * h.kv * h.vd, gate: h.gate ? tq * h.q * h.vd : 0, out: tq * h.out };
  const macs =
    dq * projected.q + lastDim(c, key, 'key') * projected.k + lastDim(c, value, 'value') * projected.v + dq * projected.gate +
    h.q * tq * tk * (h.kd + h.vd) + tq * h.q * h.vd * h.out;
  const biasValues = c.bool('use_bias') ? projected.q + projected.k + projected.v + projected.gate + projected.out : 0;
  const ops = biasValues * OPS.bias + projected.q * OPS.affine + h.q * tq * tk * OPS.softmax + projected.gate * (OPS.activation + OPS.merge);
  return { macs, ops };
}

interface AttentionInputs {
  query: Shape;
  value: Shape;
  /** the key; Keras uses the value when none is given */
  key: Shape;
}

/**
 * Sorts a call's inputs into query/value/key. Positional tensors come first in Keras' order
 * (query, value, key); keyword tensors (`value=`, `key=` in tf.keras and Keras 3) take their slot.
 * Other keyword tensors (masks, initial states) are not attention inputs.
 */
function attentionInputs(c: LayerConfig, inputs: Shape[], ctx: LayerContext): AttentionInputs {
  const keywords = ctx.call?.inputKeywords ?? inputs.map(() => null);
  const positional = inputs.filter((_, i) => keywords[i] === null);
  const named = (k: string) => inputs.find((_, i) => keywords[i] === k);
  const query = named('query') ?? positional[0];
  const value = named('value') ?? positional[1];
  if (!query || !value) throw shapeError(c, 'needs a query and a value input');
  const key = named('key') ?? positional[2] ?? value;
  for (const s of [query, value, key]) if (s.length < 3) throw shapeError(c, 'needs inputs of rank 3 or more');
  return { query, value, key };
}

function returnsScores(ctx: LayerContext): boolean {
  return ctx.call?.kwargs.return_attention_scores === true;
}

function withScores(ctx: LayerContext, out: Shape, scores: () => Shape): OutputShape {
  return returnsScores(ctx) ? [out, scores()] : out;
}

/** Dot-product and additive attention: output `(B, Tq, Dv)`, scores `(B, Tq, Tv)`. */
function scoreAttention(c: LayerConfig, inputs: Shape[], ctx: LayerContext): OutputShape {
  const { query, value, key } = attentionInputs(c, inputs, ctx);
  const lead = query.slice(0, -1);
  return withScores(ctx, [...lead, value[value.length - 1]], () => [...lead, key[key.length - 2]]);
}

export const attention = defineLayer({
  names: ['Attention'],
  tupleOutputs: true,
  category: 'attention',
  versions: '2, 3',
  defaults: { use_scale: false, score_mode: 'dot' },
  outputShape: scoreAttention,
  weights: (c) => {
    const mode = c.str('score_mode');
    if (mode !== 'dot' && mode !== 'concat') c.fail('score_mode', '"dot" or "concat"');
    return [...(c.bool('use_scale') ? [w('scale', [])] : []), ...(mode === 'concat' ? [w('concat_score_weight', [])] : [])];
  },
  cost: (c, inputs, _out, ctx) => scoreCost(c, inputs, ctx, c.str('score_mode') === 'concat', c.bool('use_scale')),
});

export const additiveAttention = defineLayer({
  names: ['AdditiveAttention'],
  tupleOutputs: true,
  category: 'attention',
  versions: '2, 3',
  defaults: { use_scale: true },
  outputShape: scoreAttention,
  weights: (c, inputs, ctx) => {
    if (!c.bool('use_scale')) return [];
    const { query, value } = attentionInputs(c, inputs, ctx);
    // Keras 3 sizes the scale by the query's last axis, tf.keras by the value's (equal when valid).
    const from = ctx.kerasMajor >= 3 ? query : value;
    return [w('scale', [known(c, from[from.length - 1], 'the feature dimension')])];
  },
  cost: (c, inputs, _out, ctx) => scoreCost(c, inputs, ctx, true, c.bool('use_scale')),
});

function lastDim(c: LayerConfig, s: Shape, what: string): number {
  return known(c, s[s.length - 1], `the last dimension of the ${what}`);
}

/** MultiHeadAttention's `output_shape`: an int, a list, or None for the query's last axis. */
function mhaOutputDims(c: LayerConfig, query: Shape): Dim[] {
  const v = c.get('output_shape');
  if (v === null || v === undefined) return [query[query.length - 1]];
  if (typeof v === 'number' && Number.isInteger(v)) return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((d) => Number.isInteger(d))) return v as number[];
  return c.fail('output_shape', 'an integer or a list of integers');
}

/**
 * Scores of MultiHeadAttention. Keras 3.15 declares `(B, N, Tq, Tq)` whatever the key length or
 * attention axes (its compute_output_spec); Keras 2 computes them: batch and other non-attention
 * axes, the heads, then the query's and the key's attention axes.
 */
function mhaScores(c: LayerConfig, ctx: LayerContext, heads: number, query: Shape, key: Shape): Shape {
  if (ctx.kerasMajor >= 3) return [query[0], heads, query[1], query[1]];
  const rank = query.length + 1; // the projected (…, N, K) rank
  const given = c.get('attention_axes');
  const axes: number[] = given === null || given === undefined
    ? Array.from({ length: rank - 3 }, (_, i) => i + 1)
    : (Array.isArray(given) ? given : [given]).map((a) => (Number(a) < 0 ? Number(a) + rank : Number(a)));
  const q = [...query.slice(0, -1), heads];
  const k = [...key.slice(0, -1), heads];
  const batch = q.map((_, i) => i).filter((i) => !axes.includes(i));
  return [...batch.map((i) => q[i]), ...axes.map((i) => q[i]), ...axes.map((i) => k[i])];
}

/** One projection: an EinsumDense named `name`, kept by the attention layer's attribute `object`. */
function dense(name: string, object: string, kernel: number[], bias: number[], useBias: boolean): WeightSpec[] {
  return ownedBy(object, [w('kernel', kernel), ...(useBias ? [w('bias', bias)] : [])], name);
}

/**
 * The variables of a projection named `name` from its table layout, under the dtype policy its
 * owner gives it (a KerasHub block's DTypePolicyMap entry: quantized.ts `sublayerTableWeights`).
 */
export type ProjectionTable = (name: string, layout: TableLayout) => WeightSpec[];

/**
 * MHA's projection equations (multi_head_attention.py `_build_proj_equation`): `free` axes kept from
 * the input, `bound` contracted with the kernel, `outputs` made by it (`abc,cde->abde`).
 */
function projection(free: number, bound: number, outputs: number) {
  const letters = (from: number, n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + from + i)).join('');
  const [f, b, o] = [letters(0, free), letters(free, bound), letters(free + bound, outputs)];
  return { input: f + b, weight: b + o, output: f + o };
}

/**
 * MultiHeadAttention's variables for query, key and value inputs of last dimensions dq, dk, dv, in
 * build() order. saving_lib reaches the projections through the layer's public properties
 * (`query_dense`, …), the gate through `_gate_dense`. Also the attention sub-layer of KerasHub blocks.
 */
export function mhaWeights(o: {
  dq: number; dk: number; dv: number; heads: number; keyDim: number; valueDim: number; out: number[]; bias: boolean; gate?: boolean;
  /** the projections' variables under a dtype policy, for inputs of `rank` (a KerasHub block's sequences: 3); float when absent */
  table?: { rank: number; build: ProjectionTable };
}): WeightSpec[] {
  const { heads: n, keyDim: kd, valueDim: vd, bias, table } = o;
  const project = (name: string, object: string, kernel: number[], biasShape: number[], bound: number) =>
    table
      ? ownedBy(object, table.build(name, einsumLayout(kernel, bias ? biasShape : null, projection(table.rank - 1, bound, kernel.length - bound))), name)
      : dense(name, object, kernel, biasShape, bias);
  return [
    ...project('query', 'query_dense', [o.dq, n, kd], [n, kd], 1),
    ...project('key', 'key_dense', [o.dk, n, kd], [n, kd], 1),
    ...(o.gate ? project('gate', '_gate_dense', [o.dq, n, vd], [n, vd], 1) : []),
    ...project('value', 'value_dense', [o.dv, n, vd], [n, vd], 1),
    ...project('attention_output', 'output_dense', [n, vd, ...o.out], o.out, 2),
  ];
}

export const multiHeadAttention = defineLayer({
  names: ['MultiHeadAttention'],
  tupleOutputs: true,
  category: 'attention',
  versions: '2, 3',
  defaults: { use_bias: true, use_gate: false },
  outputShape: (c, inputs, ctx) => {
    const { query, key } = attentionInputs(c, inputs, ctx);
    return withScores(ctx, [...query.slice(0, -1), ...mhaOutputDims(c, query)], () => mhaScores(c, ctx, c.int('num_heads'), query, key));
  },
  weights: (c, inputs, ctx) => {
    const { query, value, key } = attentionInputs(c, inputs, ctx);
    const n = c.int('num_heads');
    const kd = c.int('key_dim');
    const vd = c.optInt('value_dim') || kd; // Keras: `value_dim if value_dim else key_dim`
    const bias = c.bool('use_bias');
    const dq = lastDim(c, query, 'query');
    const out = mhaOutputDims(c, query).map((d) => known(c, d, 'the output dimension'));
    return mhaWeights({ dq, dk: lastDim(c, key, 'key'), dv: lastDim(c, value, 'value'), heads: n, keyDim: kd, valueDim: vd, out, bias, gate: c.bool('use_gate') });
  },
  cost: (c, inputs, _out, ctx) => {
    const { query } = attentionInputs(c, inputs, ctx);
    const n = c.int('num_heads');
    const kd = c.int('key_dim');
    const out = mhaOutputDims(c, query).map((d) => known(c, d, 'the output dimension')).reduce((a, b) => a * b, 1);
    return headsCost(c, inputs, ctx, { q: n, kv: n, kd, vd: c.optInt('value_dim') || kd, out, gate: c.bool('use_gate') });
  },
});

export const groupedQueryAttention = defineLayer({
  names: ['GroupedQueryAttention', 'GroupQueryAttention'],
  tupleOutputs: true,
  category: 'attention',
  versions: '3',
  defaults: { use_bias: true, use_gate: false },
  outputShape: (c, inputs, ctx) => {
    const { query, key } = attentionInputs(c, inputs, ctx);
    return withScores(ctx, query, () => [query[0], c.int('num_query_heads'), query[1], key[1]]);
  },
  weights: (c, inputs, ctx) => {
    const { query, value, key } = attentionInputs(c, inputs, ctx);
    const h = c.int('head_dim');
    const nq = c.int('num_query_heads');
    const nkv = c.int('num_key_value_heads');
    const bias = c.bool('use_bias');
    const dq = lastDim(c, query, 'query');
    return [
      // GroupedQueryAttention keeps its projections in private attributes only
      ...dense('query', '_query_dense', [dq, nq, h], [nq, h], bias),
      ...dense('key', '_key_dense', [lastDim(c, key, 'key'), nkv, h], [nkv, h], bias),
      ...(c.bool('use_gate') ? dense('gate', '_gate_dense', [dq, nq, h], [nq, h], bias) : []),
      ...dense('value', '_value_dense', [lastDim(c, value, 'value'), nkv, h], [nkv, h], bias),
      ...dense('attention_output', '_output_dense', [nq, h, dq], [dq], bias),
    ];
  },
  cost: (c, inputs, _out, ctx) => {
    const { query } = attentionInputs(c, inputs, ctx);
    const h = c.int('head_dim');
    return headsCost(c, inputs, ctx, { q: c.int('num_query_heads'), kv: c.int('num_key_value_heads'), kd: h, vd: h, out: lastDim(c, query, 'query'), gate: c.bool('use_gate') });
  },
});

export const attentionLayers = [attention, additiveAttention, multiHeadAttention, groupedQueryAttention];

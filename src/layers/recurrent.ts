// Recurrent family (layer-math.md §6): the cells (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells),
// the layers that run a cell over time (SimpleRNN, LSTM, GRU, RNN) and ConvLSTM1D/2D/3D.
// A cell's output for a step input `(B, D)` is its step output followed by its states, so RNN(cell)
// and the wrappers read both through the InnerLayer contract.
import { shapeError, type LayerConfig } from './config.js';
import { convOutputLength, joinSpatial, known, padding, positive, requireRank, splitSpatial } from './shape-math.js';
import { defineLayer, w, type LayerContext, type LayerSpec } from './types.js';
import { isShapeList, ownedBy, type OutputShape, type Shape, type WeightSpec } from '../types/shape.js';
import { listItemNamer } from '../normalize/weight-owners.js';
import type { LayerCost } from './types.js';
import { OPS_PER_ELEMENT as OPS, perSample, plus, times } from './cost-math.js';

/** Keys every recurrent layer reads, with Keras' defaults. */
export const SEQUENCE_DEFAULTS = { return_sequences: false, return_state: false, use_bias: true };

/**
 * Keras 3 creates cell weights under the cell's name (`lstm_cell/kernel`); Keras 2 as tfjs-layers and
 * standalone Keras 2.0–2.3 name them bare (`kernel`). (tf.keras 2.x scopes them like Keras 3; the
 * layer context does not tell that dialect apart, see docs/layers.md.) Keras 3 files keep them in the
 * layer's `cell` (a StackedRNNCells' in `cells/<class>`).
 */
export function inCellScope(ctx: LayerContext, cell: string, weights: WeightSpec[], object = 'cell'): WeightSpec[] {
  return ownedBy(object, weights, ctx.kerasMajor >= 3 ? cell : undefined);
}

/** The `(B, T, …)` input of a recurrent layer. */
export function sequenceInput(c: LayerConfig, x: Shape | undefined, rank?: number): Shape {
  if (rank !== undefined) requireRank(c, x, rank);
  else if (!x || x.length < 3) throw shapeError(c, 'needs a sequence input of rank 3 or more');
  return x!;
}

/** One time step of a sequence: the time axis removed. */
export function stepOf(x: Shape): Shape {
  return [x[0], ...x.slice(2)];
}

/** What a recurrent layer returns when its cell yields `[output, ...states]` per step (`RNN.compute_output_shape`). */
export function sequenceOutput(c: LayerConfig, x: Shape, step: Shape[]): OutputShape {
  const [out, ...states] = step;
  const y = c.bool('return_sequences') ? [x[0], x[1], ...out.slice(1)] : out;
  return c.bool('return_state') ? [y, ...states] : y;
}

export function asShapeList(s: OutputShape): Shape[] {
  return isShapeList(s) ? s : [s];
}

/** The fused-kernel cells: kernel `(D, g·u)`, recurrent_kernel `(u, g·u)`, bias per kind. */
interface CellKind {
  /** the name Keras gives the cell that a SimpleRNN/LSTM/GRU layer creates */
  cellName: string;
  gates: number;
  states: number;
  bias(c: LayerConfig, ctx: LayerContext, units: number): number[];
  /** per unit and step: combining gates into the new state, after the gate activations */
  update: number;
}

const SIMPLE_RNN_CELL: CellKind = { cellName: 'simple_rnn_cell', gates: 1, states: 1, bias: (_c, _x, u) => [u], update: 0 };
const LSTM_CELL: CellKind = { cellName: 'lstm_cell', gates: 4, states: 2, bias: (_c, _x, u) => [4 * u], update: OPS.lstmUpdate };
const GRU_CELL: CellKind = {
  cellName: 'gru_cell',
  gates: 3,
  states: 1,
  // reset_after keeps input and recurrent biases apart: (2, 3u). Keras 3 and tf.keras default it
  // to True (and always write it); standalone Keras 2.0–2.3 and tfjs-layers default to False.
  bias: (c, ctx, u) => ((c.has('reset_after') ? c.bool('reset_after') : ctx.kerasMajor >= 3) ? [2, 3 * u] : [3 * u]),
  update: OPS.gruUpdate,
};

/**
 * One step of a fused-kernel cell: the input and recurrent products, every bias value added, one
 * activation per gate value, then the state update.
 */
export function stepCost(gates: number, units: number, din: number, biasValues: number, update: number): LayerCost {
  const g = gates * units;
  return { macs: din * g + units * g, ops: biasValues * OPS.bias + g * OPS.activation + units * update };
}

function cellCost(kind: CellKind, c: LayerConfig, ctx: LayerContext, step: Shape): LayerCost {
  const units = c.int('units');
  const din = known(c, step[step.length - 1], 'the input feature dimension');
  const bias = c.bool('use_bias') ? kind.bias(c, ctx, units).reduce((a, b) => a * b, 1) : 0;
  return stepCost(kind.gates, units, din, bias, kind.update);
}

/** Time steps of a sequence input; a cost needs them known. */
export function stepsOf(c: LayerConfig, x: Shape): number {
  return perSample(c, [null, x[1]]);
}

function cellWeights(kind: CellKind, c: LayerConfig, ctx: LayerContext, step: Shape): WeightSpec[] {
  const units = c.int('units');
  const din = known(c, step[step.length - 1], 'the input feature dimension');
  const g = kind.gates * units;
  return [
    w('kernel', [din, g]),
    w('recurrent_kernel', [units, g]),
    ...(c.bool('use_bias') ? [w('bias', kind.bias(c, ctx, units))] : []),
  ];
}

function cellStep(kind: CellKind, c: LayerConfig, batch: Shape[0]): Shape[] {
  const units = c.int('units');
  return Array.from({ length: 1 + kind.states }, () => [batch, units]);
}

function cell(kind: CellKind, name: string): LayerSpec {
  return defineLayer({
    names: [name],
    category: 'recurrent',
    versions: '2, 3',
    defaults: { use_bias: true },
    outputShape: (c, [x]) => {
      requireRank(c, x, 2);
      return cellStep(kind, c, x[0]);
    },
    weights: (c, [x], ctx) => {
      requireRank(c, x, 2);
      return cellWeights(kind, c, ctx, x);
    },
    cost: (c, [x], _out, ctx) => cellCost(kind, c, ctx, x),
  });
}

function recurrent(kind: CellKind, name: string): LayerSpec {
  return defineLayer({
    names: [name],
    category: 'recurrent',
    versions: '1, 2, 3',
    defaults: SEQUENCE_DEFAULTS,
    outputShape: (c, [x]) => {
      const seq = sequenceInput(c, x);
      return sequenceOutput(c, seq, cellStep(kind, c, seq[0]));
    },
    weights: (c, [x], ctx) => inCellScope(ctx, kind.cellName, cellWeights(kind, c, ctx, stepOf(sequenceInput(c, x)))),
    cost: (c, [x], _out, ctx) => times(stepsOf(c, x), cellCost(kind, c, ctx, stepOf(sequenceInput(c, x)))),
  });
}

export const simpleRnnCell = cell(SIMPLE_RNN_CELL, 'SimpleRNNCell');
export const lstmCell = cell(LSTM_CELL, 'LSTMCell');
export const gruCell = cell(GRU_CELL, 'GRUCell');
export const simpleRnn = recurrent(SIMPLE_RNN_CELL, 'SimpleRNN');
export const lstm = recurrent(LSTM_CELL, 'LSTM');
export const gru = recurrent(GRU_CELL, 'GRU');

/** Runs the cells of a StackedRNNCells in order: each cell's input is the previous cell's output. */
function stack(c: LayerConfig, x: Shape | undefined, ctx: LayerContext): { step: Shape[]; weights: WeightSpec[]; cost: () => LayerCost } {
  requireRank(c, x, 2);
  const cells = c.get('cells');
  if (!Array.isArray(cells) || cells.length === 0) return c.fail('cells', 'a non-empty list of cells');
  let input: Shape = x;
  let out: Shape = x;
  const states: Shape[][] = [];
  const weights: WeightSpec[] = [];
  const costs: (() => LayerCost)[] = [];
  const cellName = listItemNamer();
  for (const raw of cells) {
    const inner = ctx.resolveInner(raw);
    const [o, ...s] = asShapeList(inner.outputShape([input]));
    weights.push(...inCellScope(ctx, inner.name, inner.weights([input]), `cells/${cellName(inner.className)}`));
    const cellInput = input;
    costs.push(() => inner.cost([cellInput]));
    states.push(s);
    out = o;
    input = [x[0], ...o.slice(1)];
  }
  // Keras 3 and tf.keras list the states cell by cell; Keras 2.0–2.3 and tfjs in reverse cell order.
  const ordered = ctx.kerasMajor >= 3 ? states : [...states].reverse();
  return { step: [out, ...ordered.flat()], weights, cost: () => plus(...costs.map((f) => f())) };
}

export const stackedRnnCells = defineLayer({
  names: ['StackedRNNCells'],
  category: 'recurrent',
  versions: '2, 3',
  outputShape: (c, [x], ctx) => stack(c, x, ctx).step,
  weights: (c, [x], ctx) => stack(c, x, ctx).weights,
  cost: (c, [x], _out, ctx) => stack(c, x, ctx).cost(),
});

/** RNN's `cell`: one serialized cell, or (older configs) a list that Keras wraps in StackedRNNCells. */
function cellConfig(c: LayerConfig): unknown {
  const cellCfg = c.get('cell');
  if (Array.isArray(cellCfg)) return { class_name: 'StackedRNNCells', config: { name: 'stacked_rnn_cells', cells: cellCfg } };
  if (cellCfg === undefined || cellCfg === null) return c.fail('cell', 'a serialized cell');
  return cellCfg;
}

export const rnn = defineLayer({
  names: ['RNN'],
  category: 'recurrent',
  versions: '2, 3',
  defaults: SEQUENCE_DEFAULTS,
  outputShape: (c, [x], ctx) => {
    const seq = sequenceInput(c, x);
    return sequenceOutput(c, seq, asShapeList(ctx.resolveInner(cellConfig(c)).outputShape([stepOf(seq)])));
  },
  weights: (c, [x], ctx) => {
    const inner = ctx.resolveInner(cellConfig(c));
    return inCellScope(ctx, inner.name, inner.weights([stepOf(sequenceInput(c, x))]));
  },
  cost: (c, [x], _out, ctx) => times(stepsOf(c, x), ctx.resolveInner(cellConfig(c)).cost([stepOf(sequenceInput(c, x))])),
});

/** ConvLSTM: a convolution per frame; the recurrent convolution is always `same`, stride 1. */
function convLstm(rank: 1 | 2 | 3): LayerSpec {
  const frames = (c: LayerConfig, x: Shape | undefined) => {
    const seq = sequenceInput(c, x, rank + 3);
    const { batch, spatial, channels } = splitSpatial(c, stepOf(seq), rank);
    const k = c.ints('kernel_size', rank);
    const s = c.ints('strides', rank);
    const d = c.ints('dilation_rate', rank);
    const p = padding(c);
    const out = spatial.map((len, i) => positive(c, convOutputLength(len, k[i], p, s[i], d[i]), `output dimension ${i + 1}`));
    return { seq, k, channels, frame: joinSpatial(c, batch, out, c.int('filters')) };
  };
  return defineLayer({
    names: [`ConvLSTM${rank}D`],
    category: 'recurrent',
    versions: rank === 2 ? '1, 2, 3' : '2, 3',
    defaults: { ...SEQUENCE_DEFAULTS, strides: 1, padding: 'valid', dilation_rate: 1, data_format: 'channels_last' },
    outputShape: (c, [x]) => {
      const { seq, frame } = frames(c, x);
      return sequenceOutput(c, seq, [frame, frame, frame]);
    },
    weights: (c, [x], ctx) => {
      const { k, channels } = frames(c, x);
      const f = c.int('filters');
      const cin = known(c, channels, 'the input channel count');
      return inCellScope(ctx, 'conv_lstm_cell', [
        w('kernel', [...k, cin, 4 * f]),
        w('recurrent_kernel', [...k, f, 4 * f]),
        ...(c.bool('use_bias') ? [w('bias', [4 * f])] : []),
      ]);
    },
    // per step, an LSTM step at every output position whose products are convolutions
    cost: (c, [x]) => {
      const { seq, k, channels, frame } = frames(c, x);
      const f = c.int('filters');
      const window = k.reduce((a, b) => a * b, 1);
      const positions = perSample(c, frame) / f;
      const cin = known(c, channels, 'the input channel count');
      const step = stepCost(4, f, window * cin, c.bool('use_bias') ? 4 * f : 0, OPS.lstmUpdate);
      // stepCost sizes the recurrent product as u·g; the recurrent convolution also sums a window
      const recurrentWindow = (window - 1) * f * 4 * f;
      return times(stepsOf(c, seq) * positions, { macs: step.macs + recurrentWindow, ops: step.ops });
    },
  });
}

export const convLstm1d = convLstm(1);
export const convLstm2d = convLstm(2);
export const convLstm3d = convLstm(3);

export const recurrentLayers = [
  simpleRnnCell, lstmCell, gruCell, stackedRnnCells, simpleRnn, lstm, gru, rnn, convLstm1d, convLstm2d, convLstm3d,
];

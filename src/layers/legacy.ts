// Keras 1 / Keras 2 classes that Keras 3 removed (layer-math.md §6, §10, §12): CuDNNLSTM/CuDNNGRU,
// LocallyConnected1D/2D, the Keras 1 Merge layer, MaxoutDense, Highway and TimeDistributedDense.
// Keras 1-only classes keep their Keras 1 argument names (output_dim, nb_feature, bias, mode).
import { shapeError, type LayerConfig } from './config.js';
import { SEQUENCE_DEFAULTS, sequenceInput, sequenceOutput, stepCost, stepsOf } from './recurrent.js';
import { OPS_PER_ELEMENT as OPS, linearCost, perSample, times } from './cost-math.js';
import { convOutputLength, joinSpatial, known, padding, positive, product, requireRank, splitSpatial, type Padding } from './shape-math.js';
import { defineLayer, w, type LayerSpec } from './types.js';
import type { Dim, Shape } from '../types/shape.js';
import { asShape } from '../normalize/config-access.js';

/** CuDNN layers own their weights directly and keep both bias vectors of each gate: `(2·g·u,)`. */
function cudnn(name: string, gates: number, states: number, update: number): LayerSpec {
  return defineLayer({
    names: [name],
    category: 'legacy',
    versions: '2',
    defaults: SEQUENCE_DEFAULTS,
    outputShape: (c, [x]) => {
      const seq = sequenceInput(c, x, 3);
      const u = c.int('units');
      return sequenceOutput(c, seq, Array.from({ length: 1 + states }, () => [seq[0], u]));
    },
    weights: (c, [x]) => {
      const seq = sequenceInput(c, x, 3);
      const u = c.int('units');
      const din = known(c, seq[2], 'the input feature dimension');
      return [w('kernel', [din, gates * u]), w('recurrent_kernel', [u, gates * u]), w('bias', [2 * gates * u])];
    },
    cost: (c, [x]) => {
      const u = c.int('units');
      return times(stepsOf(c, x), stepCost(gates, u, known(c, x[2], 'the input feature dimension'), 2 * gates * u, update));
    },
  });
}

export const cudnnLstm = cudnn('CuDNNLSTM', 4, 2, OPS.lstmUpdate);
export const cudnnGru = cudnn('CuDNNGRU', 3, 1, OPS.gruUpdate);

/** Inputs connected to each output position along one axis, summed (tf.keras `conv_connected_inputs`). */
function connections(length: number, kernel: number, stride: number, pad: Padding, outLength: number): number {
  const left = Math.floor(kernel / 2);
  let total = 0;
  for (let o = 0; o < outLength; o++) {
    const center = o * stride + (pad === 'valid' ? left : 0);
    total += Math.max(0, Math.min(length, center + kernel - left) - Math.max(0, center - left));
  }
  return total;
}

/**
 * LocallyConnected1D/2D: unshared convolution weights. `implementation` 1 stores one kernel per
 * output position, 2 a dense masked (input × output) kernel, 3 only the connected entries as a vector.
 */
function locallyConnected(rank: 1 | 2): LayerSpec {
  const geometry = (c: LayerConfig, x: Shape | undefined) => {
    const { batch, spatial, channels } = splitSpatial(c, x!, rank);
    const k = c.ints('kernel_size', rank);
    const s = c.ints('strides', rank);
    const p = padding(c);
    if (p !== 'valid' && p !== 'same') c.fail('padding', '"valid" or "same"');
    const out = spatial.map((len, i) => positive(c, convOutputLength(len, k[i], p, s[i]), `output dimension ${i + 1}`));
    return { batch, spatial, channels, out, k, s, p };
  };
  return defineLayer({
    names: [`LocallyConnected${rank}D`],
    category: 'legacy',
    versions: '1, 2',
    defaults: { strides: 1, padding: 'valid', data_format: 'channels_last', use_bias: true, implementation: 1 },
    outputShape: (c, [x]) => {
      requireRank(c, x, rank + 2);
      const { batch, out } = geometry(c, x);
      return joinSpatial(c, batch, out, c.int('filters'));
    },
    weights: (c, [x]) => {
      requireRank(c, x, rank + 2);
      const g = geometry(c, x);
      const filters = c.int('filters');
      const cin = known(c, g.channels, 'the input channel count');
      const inDims = g.spatial.map((d, i) => known(c, d, `input dimension ${i + 1}`));
      const outDims = g.out.map((d) => d!);
      const impl = c.int('implementation');
      let kernel: number[];
      if (impl === 1) {
        if (g.p !== 'valid') c.fail('padding', '"valid" with implementation 1');
        kernel = [product(outDims)!, product(g.k)! * cin, filters];
      } else if (impl === 2) {
        const cf = c.get('data_format') === 'channels_first';
        kernel = cf ? [cin, ...inDims, filters, ...outDims] : [...inDims, cin, ...outDims, filters];
      } else if (impl === 3) {
        const connected = inDims.reduce((n, len, i) => n * connections(len, g.k[i], g.s[i], g.p, outDims[i]), 1);
        kernel = [connected * cin * filters];
      } else {
        return c.fail('implementation', '1, 2 or 3');
      }
      return [w('kernel', kernel), ...(c.bool('use_bias') ? [w('bias', [...outDims, filters])] : [])];
    },
    // a convolution whose windows have their own weights: the same arithmetic
    cost: (c, [x], out) => {
      const g = geometry(c, x);
      const n = perSample(c, out as Shape);
      return linearCost(c, n * product(g.k)! * known(c, g.channels, 'the input channel count'), n);
    },
  });
}

export const locallyConnected1d = locallyConnected(1);
export const locallyConnected2d = locallyConnected(2);

/** Python's `list.pop(i)` index rule. */
function dropAxis(shape: Shape, axis: number): Shape {
  const i = axis < 0 ? axis + shape.length : axis;
  return shape.filter((_, j) => j !== i);
}

/** Keras 1 `Merge.get_output_shape_for` (the layer `merge()` creates; Keras 2.0–2.1 kept it as legacy). */
export const merge = defineLayer({
  names: ['Merge'],
  category: 'legacy',
  versions: '1, 2',
  defaults: { mode: 'sum', concat_axis: -1, dot_axes: -1 },
  outputShape: (c, inputs) => {
    if (inputs.length === 0) {
      throw shapeError(c, 'merges models nested in its config (Keras 1 Sequential branches), which are not read');
    }
    const modeType = c.get('mode_type');
    if (modeType === 'lambda' || modeType === 'function') {
      // A Python callable merges; only a literal output_shape says what it returns.
      const declared = c.get('output_shape_type') === 'raw' ? asShape(c.get('output_shape')) : undefined;
      if (!declared) throw shapeError(c, 'merges with a Python function and declares no literal output_shape');
      return [inputs[0][0], ...declared];
    }
    const mode = c.str('mode');
    if (mode === 'sum' || mode === 'mul' || mode === 'ave' || mode === 'max') return inputs[0];
    if (mode === 'concat') {
      const axis = c.int('concat_axis');
      const first = inputs[0];
      const i = axis < 0 ? axis + first.length : axis;
      let total: Dim = 0;
      for (const s of inputs) total = total === null || s[i] === null ? null : total + s[i]!;
      return first.map((d, j) => (j === i ? total : d));
    }
    if (mode === 'dot' || mode === 'cos') {
      if (inputs.length !== 2) throw shapeError(c, `${mode} merge takes exactly 2 inputs`);
      const [a, b] = inputs;
      const given = c.get('dot_axes');
      const axes = Array.isArray(given)
        ? (given as number[])
        : typeof given === 'number' && given < 0
          ? [given + a.length, given + b.length]
          : [given as number, given as number];
      const out = [...dropAxis(a, axes[0]), ...dropAxis(b, axes[1]).slice(1)];
      return out.length === 1 ? [...out, 1] : out;
    }
    return c.fail('mode', 'one of sum, mul, concat, ave, cos, dot, max');
  },
  cost: (c, inputs, out) => {
    if (c.get('mode_type') === 'lambda' || c.get('mode_type') === 'function') throw shapeError(c, 'cost unknown: merges with a Python function');
    const mode = c.str('mode');
    const n = perSample(c, out as Shape);
    if (mode === 'concat') return { macs: 0, ops: 0 };
    // dot and cos contract the first input's dot axis (cos's norms are not counted)
    if (mode === 'dot' || mode === 'cos') return { macs: n * perSample(c, [null, inputs[0][mergeDotAxis(c, inputs[0])]]), ops: 0 };
    return { macs: 0, ops: n * OPS.merge * (inputs.length - 1 + (mode === 'ave' ? 1 : 0)) };
  },
});

function mergeDotAxis(c: LayerConfig, a: Shape): number {
  const given = c.get('dot_axes');
  const axis = Array.isArray(given) ? (given[0] as number) : (given as number);
  return axis < 0 ? axis + a.length : axis;
}

/** Keras 1 weights are named `W`, `b`; the bias exists unless `bias` is False. */
export const maxoutDense = defineLayer({
  names: ['MaxoutDense'],
  category: 'legacy',
  versions: '1, 2',
  defaults: { nb_feature: 4, bias: true },
  outputShape: (c, [x]) => {
    requireRank(c, x, 2);
    return [x[0], c.int('output_dim')];
  },
  weights: (c, [x]) => {
    requireRank(c, x, 2);
    const n = c.int('nb_feature');
    const out = c.int('output_dim');
    const din = known(c, x[1], 'the input dimension');
    return [w('W', [n, din, out]), ...(c.bool('bias') ? [w('b', [n, out])] : [])];
  },
  // nb_feature dense products, their biases, then the max over them
  cost: (c, [x]) => {
    const n = c.int('nb_feature');
    const out = c.int('output_dim');
    return { macs: n * known(c, x[1], 'the input dimension') * out, ops: (c.bool('bias') ? n * out * OPS.bias : 0) + (n - 1) * out * OPS.pool };
  },
});

/** Keras 1 orders Highway's weights W, b, W_carry, b_carry; Keras 2.0–2.1's legacy copy W, W_carry, b, b_carry. */
export const highway = defineLayer({
  names: ['Highway'],
  category: 'legacy',
  versions: '1, 2',
  defaults: { bias: true },
  outputShape: (c, [x]) => {
    requireRank(c, x, 2);
    return x;
  },
  weights: (c, [x], ctx) => {
    requireRank(c, x, 2);
    const d = known(c, x[1], 'the input dimension');
    if (!c.bool('bias')) return [w('W', [d, d]), w('W_carry', [d, d])];
    const [W, b, Wc, bc] = [w('W', [d, d]), w('b', [d]), w('W_carry', [d, d]), w('b_carry', [d])];
    return ctx.kerasMajor === 1 ? [W, b, Wc, bc] : [W, Wc, b, bc];
  },
  // transform and carry gate products, their biases and activations, then t·h + (1 - t)·x (3 per value)
  cost: (c, [x]) => {
    const d = known(c, x[1], 'the input dimension');
    return { macs: 2 * d * d, ops: d * (2 * (c.bool('bias') ? OPS.bias : 0) + 2 * OPS.activation + 3 * OPS.merge) };
  },
});

export const timeDistributedDense = defineLayer({
  names: ['TimeDistributedDense'],
  category: 'legacy',
  versions: '1',
  defaults: { bias: true },
  outputShape: (c, [x]) => {
    requireRank(c, x, 3);
    return [x[0], x[1], c.int('output_dim')];
  },
  weights: (c, [x]) => {
    requireRank(c, x, 3);
    const out = c.int('output_dim');
    return [w('W', [known(c, x[2], 'the input dimension'), out]), ...(c.bool('bias') ? [w('b', [out])] : [])];
  },
  cost: (c, [x], out) => {
    const n = perSample(c, out as Shape);
    return linearCost(c, n * known(c, x[2], 'the input dimension'), n, c.bool('bias'));
  },
});

export const legacyLayers = [
  cudnnLstm, cudnnGru, locallyConnected1d, locallyConnected2d, merge, maxoutDense, highway, timeDistributedDense,
];

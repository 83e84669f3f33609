// Merging family: layers that combine a list of inputs (Keras keras/src/layers/merging/). No weights.
import { shapeError, type LayerConfig } from './config.js';
import { fmt } from './shape-math.js';
import { defineLayer, type LayerSpec } from './types.js';
import { OPS_PER_ELEMENT, perSample } from './cost-math.js';
import type { Dim, Shape } from '../types/shape.js';

function needInputs(c: LayerConfig, inputs: Shape[], min: number, exact = false): void {
  if (inputs.length < min || (exact && inputs.length !== min)) {
    throw shapeError(c, `needs ${exact ? 'exactly' : 'at least'} ${min} input${min === 1 ? '' : 's'}, got ${inputs.length}`);
  }
}

/**
 * Broadcast of two non-batch shapes as Keras' `_compute_elemwise_op_output_shape` does it: align
 * trailing dims; an unknown dim wins, then a 1 yields the other dim; unequal known dims are an error.
 */
export function broadcastShapes(c: LayerConfig, a: Dim[], b: Dim[]): Dim[] {
  if (a.length < b.length) return broadcastShapes(c, b, a);
  if (b.length === 0) return a;
  const lead = a.slice(0, a.length - b.length);
  const tail = a.slice(a.length - b.length).map((i, k) => {
    const j = b[k];
    if (i === null || j === null) return null;
    if (i === 1) return j;
    if (j === 1) return i;
    if (i !== j) throw shapeError(c, `inputs have incompatible shapes ${fmt([null, ...a])} and ${fmt([null, ...b])}`);
    return i;
  });
  return [...lead, ...tail];
}

/** Batch dim: the one known batch size if all known ones agree, else unknown. */
function mergedBatch(inputs: Shape[]): Dim {
  const known = new Set(inputs.map((s) => s[0]).filter((d) => d !== null));
  return known.size === 1 ? [...known][0] : null;
}

function elementwise(names: string[], versions: string, exactlyTwo = false): LayerSpec {
  return defineLayer({
    names,
    category: 'merging',
    versions,
    outputShape: (c, inputs) => {
      needInputs(c, inputs, exactlyTwo ? 2 : 1, exactlyTwo);
      let out = inputs[0].slice(1);
      for (const s of inputs.slice(1)) out = broadcastShapes(c, out, s.slice(1));
      return [mergedBatch(inputs), ...out];
    },
    // one operation per output value for each input after the first; Average then divides
    cost: (c, inputs, out) => {
      const n = perSample(c, out as Shape);
      return { macs: 0, ops: n * OPS_PER_ELEMENT.merge * (inputs.length - 1 + (c.className === 'Average' ? 1 : 0)) };
    },
  });
}

export const add = elementwise(['Add'], '2, 3');
export const subtract = elementwise(['Subtract'], '2, 3', true);
export const multiply = elementwise(['Multiply'], '2, 3');
export const average = elementwise(['Average'], '2, 3');
export const maximum = elementwise(['Maximum'], '2, 3');
export const minimum = elementwise(['Minimum'], '2, 3');

export const concatenate = defineLayer({
  names: ['Concatenate'],
  category: 'merging',
  versions: '2, 3',
  defaults: { axis: -1 },
  outputShape: (c, inputs) => {
    needInputs(c, inputs, 1);
    const axis = c.int('axis');
    const at = (s: Shape) => {
      if (axis >= s.length || axis < -s.length) throw shapeError(c, `axis ${axis} is out of range for an input of shape ${fmt(s)}`);
      return axis < 0 ? axis + s.length : axis;
    };
    // Keras' build check: same rank, and off the concat axis no two different known sizes.
    const rest = inputs.map((s) => s.filter((_, i) => i !== at(s)));
    if (new Set(rest.map((r) => r.length)).size > 1 || rest[0].some((_, i) => new Set(rest.map((r) => r[i]).filter((d) => d !== null)).size > 1)) {
      throw shapeError(c, `inputs ${inputs.map(fmt).join(', ')} differ off the concatenation axis ${axis}`);
    }
    const out = inputs[0].slice();
    const i0 = at(out);
    // Keras takes every other dimension from the first input and sums the concat axis.
    for (const s of inputs.slice(1)) {
      const d = s[at(s)];
      if (out[i0] === null || d === null) {
        out[i0] = null;
        break;
      }
      out[i0] = (out[i0] as number) + d;
    }
    return out;
  },
});

export const dot = defineLayer({
  names: ['Dot'],
  category: 'merging',
  versions: '2, 3',
  defaults: { normalize: false },
  outputShape: (c, inputs) => {
    needInputs(c, inputs, 2, true);
    const [a, b] = inputs.map((s) => s.slice());
    const raw = c.get('axes');
    let axes: [number, number];
    if (Number.isInteger(raw)) {
      const n = raw as number;
      axes = n < 0 ? [mod(n, a.length), mod(n, b.length)] : [n, n];
    } else if (Array.isArray(raw) && raw.length === 2 && raw.every((x) => Number.isInteger(x))) {
      axes = [mod(raw[0] as number, a.length), mod(raw[1] as number, b.length)];
    } else {
      return c.fail('axes', 'an integer or a pair of integers');
    }
    if (axes[0] >= a.length || axes[1] >= b.length) throw shapeError(c, `axes ${JSON.stringify(raw)} are out of range`);
    const [da, db] = [a[axes[0]], b[axes[1]]];
    if (da !== null && db !== null && da !== db) {
      throw shapeError(c, `contracted dimensions differ: ${da} (axis ${axes[0]}) and ${db} (axis ${axes[1]})`);
    }
    a.splice(axes[0], 1);
    b.splice(axes[1], 1);
    b.shift(); // the second input's batch axis
    const out = [...a, ...b];
    return out.length === 1 ? [...out, 1] : out;
  },
  // each output value is a dot product over the contracted axis (normalize's L2 norms are not counted)
  cost: (c, inputs, out) => {
    const a = inputs[0];
    const raw = c.get('axes');
    const axis = mod(Array.isArray(raw) ? (raw[0] as number) : (raw as number), a.length);
    return { macs: perSample(c, out as Shape) * perSample(c, [null, a[axis]]), ops: 0 };
  },
});

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

export const mergingLayers = [add, subtract, multiply, average, maximum, minimum, concatenate, dot];

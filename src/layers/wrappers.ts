// Wrappers (layer-math.md §6.1): Bidirectional runs a recurrent layer both ways; TimeDistributed
// applies a layer (or a nested model) to every time step.
import { shapeError, type LayerConfig } from './config.js';
import { asShapeList, stepOf } from './recurrent.js';
import { isObject } from '../normalize/config-access.js';
import { defineLayer, type InnerLayer, type LayerContext } from './types.js';
import { ownedBy, type Dim, type OutputShape, type Shape } from '../types/shape.js';
import { OPS_PER_ELEMENT, mainOutput, perSample, plus, times } from './cost-math.js';
import { stepsOf } from './recurrent.js';

function wrapped(c: LayerConfig, key: string): { class_name: string; config: Record<string, unknown> } {
  const v = c.get(key);
  if (!isObject(v) || typeof v.class_name !== 'string') return c.fail(key, 'a serialized layer');
  return { ...v, class_name: v.class_name, config: isObject(v.config) ? v.config : {} };
}

function withoutPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

interface Directions {
  forward: InnerLayer;
  backward: InnerLayer;
  /** the names Keras gives the two copies; their weights live under them */
  forwardName: string;
  backwardName: string;
  returnState: boolean;
}

/**
 * Keras 3 names the copies `forward_<name>` / `backward_<name>` (stripping a prefix the saved config
 * already carries) and keeps an explicit `backward_layer`'s own name; Keras 2 (tf.keras, tfjs)
 * prefixes both, the explicit backward layer included.
 */
function directions(c: LayerConfig, ctx: LayerContext): Directions {
  const layer = wrapped(c, 'layer');
  const name = typeof layer.config.name === 'string' ? layer.config.name : layer.class_name.toLowerCase();
  const k3 = ctx.kerasMajor >= 3;
  const forwardName = k3 ? `forward_${withoutPrefix(name, 'forward_')}` : `forward_${name}`;
  let backwardCfg: unknown;
  let backwardName: string;
  if (c.has('backward_layer')) {
    backwardCfg = wrapped(c, 'backward_layer');
    const own = (backwardCfg as { config: Record<string, unknown> }).config.name;
    const base = typeof own === 'string' ? own : name;
    backwardName = k3 ? base : `backward_${base}`;
  } else {
    backwardCfg = { ...layer, config: { ...layer.config, go_backwards: !layer.config.go_backwards } };
    backwardName = k3 ? `backward_${withoutPrefix(name, 'backward_')}` : `backward_${name}`;
  }
  return {
    forward: ctx.resolveInner(layer),
    backward: ctx.resolveInner(backwardCfg),
    forwardName,
    backwardName,
    returnState: layer.config.return_state === true,
  };
}

/** The merged output(s): one tensor, or both directions' outputs when `merge_mode` is None. */
function mergeOutputs(c: LayerConfig, out: Shape): Shape[] {
  // An explicit null means "return both"; only a missing key takes the default, concat.
  const mode = c.raw('merge_mode') === undefined ? 'concat' : c.raw('merge_mode');
  if (mode === null) return [out, out];
  if (mode === 'concat') {
    const last: Dim = out[out.length - 1];
    return [[...out.slice(0, -1), last === null ? null : last * 2]];
  }
  if (mode === 'sum' || mode === 'mul' || mode === 'ave') return [out];
  return c.fail('merge_mode', '"concat", "sum", "mul", "ave" or null');
}

export const bidirectional = defineLayer({
  names: ['Bidirectional'],
  category: 'wrapper',
  versions: '1, 2, 3',
  outputShape: (c, [x], ctx) => {
    if (!x) throw shapeError(c, 'has no input');
    const { forward, returnState } = directions(c, ctx);
    const [out, ...states] = returnState ? asShapeList(forward.outputShape([x])) : [forward.outputShape([x]) as Shape];
    const outputs = mergeOutputs(c, out);
    // Outputs first, then the forward states, then the backward states.
    if (returnState) return [...outputs, ...states, ...states];
    return outputs.length === 1 ? outputs[0] : outputs;
  },
  weights: (c, [x], ctx) => {
    if (!x) throw shapeError(c, 'has no input');
    const d = directions(c, ctx);
    return [...ownedBy('forward_layer', d.forward.weights([x]), d.forwardName), ...ownedBy('backward_layer', d.backward.weights([x]), d.backwardName)];
  },
  // both directions, then the merge: sum and mul one operation per value, ave two, concat none
  cost: (c, [x], out, ctx) => {
    const d = directions(c, ctx);
    const mode = c.raw('merge_mode') === undefined ? 'concat' : c.raw('merge_mode');
    const perValue = mode === 'sum' || mode === 'mul' ? 1 : mode === 'ave' ? 2 : 0;
    const merged = perValue ? perSample(c, mainOutput(out)) * perValue * OPS_PER_ELEMENT.merge : 0;
    return plus(d.forward.cost([x]), d.backward.cost([x]), { macs: 0, ops: merged });
  },
});

/** Keras 3 scopes the inner layer's weights under its name (`dense/kernel`); Keras 2 keeps them bare. */
export const timeDistributed = defineLayer({
  names: ['TimeDistributed'],
  category: 'wrapper',
  versions: '1, 2, 3',
  outputShape: (c, [x], ctx): OutputShape => {
    if (!x || x.length < 3) throw shapeError(c, 'needs an input of rank 3 or more');
    const inner = ctx.resolveInner(wrapped(c, 'layer'));
    const outs = asShapeList(inner.outputShape([stepOf(x)])).map((o) => [o[0], x[1], ...o.slice(1)]);
    return outs.length === 1 ? outs[0] : outs;
  },
  weights: (c, [x], ctx) => {
    if (!x || x.length < 3) throw shapeError(c, 'needs an input of rank 3 or more');
    const inner = ctx.resolveInner(wrapped(c, 'layer'));
    const ws = inner.weights([stepOf(x)]);
    return ownedBy('layer', ws, ctx.kerasMajor >= 3 ? inner.name : undefined);
  },
  cost: (c, [x], _out, ctx) => times(stepsOf(c, x), ctx.resolveInner(wrapped(c, 'layer')).cost([stepOf(x)])),
});

export const wrapperLayers = [bidirectional, timeDistributed];

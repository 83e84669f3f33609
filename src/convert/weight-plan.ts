// Which stored arrays make each weight of the converted model. Layers get their stored tensors the
// way Keras' loaders pair them (graph/stored-weights.ts); within a layer the arrays are taken by
// position and must have the shapes the layer builds, except for the legacy layouts Keras converts
// on load (keras-formats.md §2.6; the table in normalize/keras1-weights.ts the audit reads too),
// which are rewritten here: Theano-ordered kernels, 12-array LSTMs and ConvLSTM2Ds, 9-array GRUs,
// 4-D Conv1D kernels, wrappers of these.
import type { LoadedModel } from '../graph/load.js';
import type { LayerAnalysis } from '../graph/types.js';
import type { DType, StoredTensor } from '../readers/types.js';
import type { LayerNode } from '../normalize/types.js';
import { convertedLegacyLayout } from '../normalize/keras1-weights.js';
import { savedElsewhere } from '../normalize/weight-owners.js';
import { keras3SavedWeights, objectsOf, sizeOf, type WeightSpec } from '../types/shape.js';
import { fmt } from '../layers/shape-math.js';
import { layerRef, refuse } from './refuse.js';
import type { PlannedWeight, WeightPlan, WeightSource } from './types.js';

/** How one output weight is made from a layer's stored arrays (indices into them). */
interface Recipe {
  inputs: number[];
  perm?: number[];
  conversion: string | null;
}

/** `name (shape), …` of weights or stored tensors, for refusals. */
const listed = (ws: readonly { name: string; shape: readonly number[] }[]) => ws.map((w) => `${w.name} ${fmt(w.shape)}`).join(', ');
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Keras 1 names BatchNormalization's statistics `running_*`; the `_cell` scope is Keras 3's and tf.keras' own. */
export function canonicalWeightName(name: string): string {
  const parts = name.split('/');
  const kept = parts.filter((p, i) => i === parts.length - 1 || !p.endsWith('_cell'));
  const last = kept[kept.length - 1];
  kept[kept.length - 1] = last === 'running_mean' ? 'moving_mean' : last === 'running_std' ? 'moving_variance' : last;
  return kept.join('/');
}

export function planWeights(model: LoadedModel): WeightPlan {
  const file = model.raw.file;
  const store = model.raw.weights;
  const match = model.weightMatch;
  if (!store || !match) throw refuse(file, 'the input holds no weights (pass the weights file with --weights)');
  const layers: WeightPlan['layers'] = [];
  let params = 0;
  // a layer object listed again after a nested model that holds it (a KerasHub CausalLM's token
  // embedding): its weights are that model's, placed there, as the audit's pairing reads them
  const elsewhere = savedElsewhere(model.analysis.graph, match.by);
  for (const a of model.analysis.layers) {
    if (elsewhere.has(a.node)) continue;
    // weights counted from the stored tensors (a custom class) cannot be placed: nothing says which is which
    if (a.weights === null || a.weightsFromStorage) throw refuse(file, `${layerRef(a.node)}: its weights are unknown (${a.problem ?? 'class not in the layer table'}), so they cannot be placed in the target`);
    if (a.weights.length === 0) continue;
    const stored = match.byLayer.get(a.node.name) ?? [];
    if (stored.length === 0) throw refuse(file, `${layerRef(a.node)} has no stored weights in the file`);
    if (a.node.model) {
      for (const inner of nestedPlan(a, stored, file, match.by === 'path')) {
        params += inner.weights.reduce((n, w) => n + sizeOf(w.shape), 0);
        layers.push(inner);
      }
      continue;
    }
    // a Keras 3 file holds what save_own_variables writes (no LoRA factors)
    const built = match.by === 'path' ? keras3SavedWeights(a.weights) : a.weights;
    const recipes = recipesFor(a, built, stored, model.kerasMajor);
    if (!recipes) {
      throw refuse(file, `${layerRef(a.node)}: the stored weights [${listed(stored)}] do not match the weights the layer builds [${listed(built)}]`);
    }
    const weights: PlannedWeight[] = built.map((w, i) => {
      const r = recipes[i];
      const source: WeightSource = {
        paths: r.inputs.map((k) => stored[k].path),
        shapes: r.inputs.map((k) => stored[k].shape),
        ...(r.perm ? { perm: r.perm } : {}),
        conversion: r.conversion,
      };
      for (const k of r.inputs) {
        if (stored[k].dtype === 'string' || stored[k].dtype === 'unknown') throw refuse(file, `${layerRef(a.node)}: weight "${stored[k].name}" is stored as ${stored[k].dtype}, not numbers`);
      }
      return plannedWeight(a.node, w, w.trainable, stored[r.inputs[0]].dtype, source);
    });
    params += weights.reduce((n, w) => n + sizeOf(w.shape), 0);
    layers.push({ layer: a.node, weights });
  }
  return { layers, params };
}

/**
 * A nested model's stored tensors, each given to the inner layer that builds it, at any depth, so
 * that every target names and places it as that layer's own (tfjs-layers names it
 * `<inner layer>/<weight>`, Keras 3 under the nested models' paths). The pairing hands them over in
 * the order of the nested model's weights, its nested models' layers in turn
 * (graph/stored-weights.ts: legacy files in load order, Keras 3 by path); where every tensor is
 * named after its inner layer (tf.keras `dense/kernel:0`, `sequential/dense/kernel:0`, tfjs) they are
 * grouped by that name, else taken in turn. Within a layer the tensors must have the shapes the
 * layer builds, in order, as a top-level layer's must. A layer in a frozen model is frozen.
 */
function nestedPlan(a: LayerAnalysis, stored: StoredTensor[], file: string, keras3: boolean): WeightPlan['layers'] {
  const owned = ownedLeaves(a, [], true, file);
  // a Keras 3 file holds what save_own_variables writes (no LoRA factors)
  const built = owned.map(({ layer }) => (keras3 ? keras3SavedWeights(layer.weights!) : layer.weights!));
  const byName = owned.map(({ layer, models }) => stored.filter((t) => innerName(t, [a.node.name, ...models]).startsWith(`${layer.node.name}/`)));
  const named = byName.every((ts, i) => ts.length === built[i].length) && byName.flat().length === stored.length;
  let at = 0;
  const tensors = named ? byName : built.map((ws) => stored.slice(at, (at += ws.length)));
  return owned.map(({ layer: l, trainable }, i) => {
    const [ts, ws] = [tensors[i], built[i]];
    const fits = ts.length === ws.length && ws.every((w, k) => same(ts[k].shape, w.shape) && ts[k].dtype !== 'string' && ts[k].dtype !== 'unknown');
    if (!fits) {
      throw refuse(file, `${layerRef(a.node)}: the stored weights of its layer "${l.node.name}" [${listed(ts)}] do not match the weights it builds [${listed(ws)}]`);
    }
    return {
      layer: l.node,
      weights: ws.map((w, k) => plannedWeight(l.node, w, w.trainable && trainable, ts[k].dtype, { paths: [ts[k].path], shapes: [ts[k].shape], conversion: null })),
    };
  });
}

/** A weight the layer builds, placed from its source. */
function plannedWeight(layer: LayerNode, w: WeightSpec, trainable: boolean, storedDtype: DType, source: WeightSource): PlannedWeight {
  return { layer, name: canonicalWeightName(w.name), shape: w.shape, trainable, objects: objectsOf(w), ...(w.saved !== undefined ? { saved: w.saved } : {}), storedDtype, source };
}

interface OwnedLeaf {
  layer: LayerAnalysis;
  /** the names of the nested models between the top-level one and the layer, outermost first */
  models: string[];
  /** false when any model leading to it is frozen */
  trainable: boolean;
}

/** The layers owning weights inside a nested model, its own nested models' layers in turn (as Keras lists their weights). */
function ownedLeaves(a: LayerAnalysis, models: string[], trainable: boolean, file: string): OwnedLeaf[] {
  const open = trainable && a.node.trainable;
  return (a.inner?.layers ?? []).flatMap((l): OwnedLeaf[] => {
    if (l.weights === null) throw refuse(file, `${layerRef(a.node)}: the weights of its layer "${l.node.name}" are unknown, so they cannot be placed in the target`);
    if (l.weights.length === 0) return [];
    return l.node.model ? ownedLeaves(l, [...models, l.node.name], open, file) : [{ layer: l, models, trainable: open }];
  });
}

/**
 * A stored tensor's name below the models that hold it: `outer/mid/dense/kernel:0`, `mid/dense/kernel:0`
 * and `dense/kernel:0` are all `dense/kernel` (each model's scope is optional: Sequential names its
 * layers' variables under its own name, Functional does not).
 */
function innerName(t: StoredTensor, models: string[]): string {
  let parts = t.name.replace(/:\d+$/, '').split('/');
  for (const m of models) if (parts.length > 2 && parts[0] === m) parts = parts.slice(1);
  return parts.join('/');
}

/** The stored arrays as the layer builds them, or in a legacy layout Keras' loader converts (normalize/keras1-weights.ts). */
function recipesFor(a: LayerAnalysis, built: readonly WeightSpec[], stored: StoredTensor[], kerasMajor: 1 | 2 | 3): Recipe[] | null {
  const expected = built.map((w) => w.shape);
  const shapes = stored.map((t) => t.shape);
  if (shapes.length === expected.length && shapes.every((s, i) => same(s, expected[i]))) {
    return expected.map((_, i) => ({ inputs: [i], conversion: null }));
  }
  const legacy = convertedLegacyLayout(a.node, expected, shapes, kerasMajor);
  return legacy ? legacy.recipes.map((r) => ({ ...r, conversion: legacy.conversion })) : null;
}

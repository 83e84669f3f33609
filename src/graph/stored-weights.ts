// Pairs a model's layers with the weights a file stores, the way Keras' own loaders pair them:
//  - legacy h5 (Keras 1/2, tf.keras, Keras 3 legacy): a group per layer name, listed in layer_names.
//    Keras' load_model/load_weights pair weighted layers by position; when every name agrees that
//    is the same as pairing by name, and names are what a reader can check, so: by name when all
//    weighted layers match by name, else by position when the weighted counts agree (what Keras
//    does), else by name as far as names go (Keras would refuse the file; the audit reports why).
//  - Keras 3 `.weights.h5`: by path. Keras walks model.layers (Sequential without its InputLayer)
//    and names each `layers/<snake_case(class)>` with a per-name counter (`dense`, `dense_1`, …),
//    recursing into nested models as `<path>/layers/…` (normalize/weight-owners.ts). Within a
//    layer, each weight comes from the `vars/<i>` of the sub-object that saves it
//    (WeightSpec.objects), so the tensors come in the layer's weight order, named after the weight.
//  - TensorFlow.js: by weight name (`<layer>/<weight>`, nested models' inner names resolved).
// Legacy tensors come in the order the loader assigns them to the layer's weights (inLoadOrder),
// tfjs tensors in the file's order; conversions of legacy layouts (Keras 1 LSTM gates, Theano
// kernels) are normalize/keras1-weights.ts' business.
import type { StoredLayer, StoredTensor, WeightStore } from '../readers/types.js';
import type { LayerNode } from '../normalize/types.js';
import { objectsOf, type WeightSpec } from '../types/shape.js';
import { assignKeras3Paths, ownerOfWeightName } from '../normalize/weight-owners.js';
import type { LayerAnalysis, ModelAnalysis } from './types.js';

export interface WeightMatch {
  /** how layers were paired with stored groups */
  by: 'name' | 'position' | 'path';
  /** stored tensors each top-level layer receives, by layer name (absent: the file has nothing for it) */
  byLayer: Map<string, StoredTensor[]>;
  /** the stored groups each layer received them from */
  groupsOf: Map<string, StoredLayer[]>;
  /** stored groups holding tensors that no layer takes */
  unmatched: StoredLayer[];
  /** layers that expect weights (or whose needs are unknown) and received no stored group */
  unfed: string[];
  /** files paired by path (Keras 3): the name of the layer weight each stored tensor loads into */
  names?: Map<StoredTensor, string>;
}

export function matchStoredWeights(analysis: ModelAnalysis, store: WeightStore): WeightMatch {
  if (store.layout === 'keras3') return byKeras3Path(analysis, store);
  if (store.layout === 'tfjs') return byWeightName(analysis, store);
  return byLegacyGroups(analysis, store);
}

const hasStored = (l: StoredLayer) => l.tensors.length > 0 || l.missing.length > 0;
/** true/false when known; null when the layer's weights could not be computed */
const expectsWeights = (a: LayerAnalysis): boolean | null => (a.weights === null ? null : a.weights.length > 0);

function byLegacyGroups(analysis: ModelAnalysis, store: WeightStore): WeightMatch {
  const layers = analysis.layers.filter((a) => !a.node.implicit);
  const storedByName = new Map(store.layers.map((l) => [l.name, l]));
  const configNames = new Set(layers.map((a) => a.node.name));
  const storedWeighted = store.layers.filter(hasStored);
  const configWeighted = layers.filter((a) => expectsWeights(a) === true || (expectsWeights(a) === null && storedByName.get(a.node.name)?.tensors.length));
  const namesAgree =
    configWeighted.every((a) => hasStoredNamed(storedByName, a.node.name)) && storedWeighted.every((l) => configNames.has(l.name));

  const byLayer = new Map<string, StoredTensor[]>();
  const groupsOf = new Map<string, StoredLayer[]>();
  const taken = new Set<StoredLayer>();
  const give = (a: LayerAnalysis, l: StoredLayer) => {
    byLayer.set(a.node.name, inLoadOrder(a.weights, l.tensors));
    groupsOf.set(a.node.name, [l]);
    taken.add(l);
  };
  let by: WeightMatch['by'] = 'name';
  if (!namesAgree && configWeighted.length === storedWeighted.length && storedWeighted.length > 0) {
    by = 'position';
    configWeighted.forEach((a, i) => give(a, storedWeighted[i]));
  } else {
    for (const a of layers) {
      const l = storedByName.get(a.node.name);
      if (l) give(a, l);
    }
  }
  return finish(by, layers, byLayer, groupsOf, [...store.unlisted, ...store.layers.filter((l) => !taken.has(l))]);
}

/**
 * Keras' legacy loader gives a layer's arrays, by position, to its trainable weights and then its
 * non-trainable ones (`_legacy_weights`; a nested model's across its layers, keras-formats.md §2.6
 * step 1). With as many arrays as weights, they are put in the order of the layer's weights, so
 * that the i-th tensor is the one weight i receives; with other counts Keras refuses the file and
 * they stay in the file's order.
 */
function inLoadOrder(weights: readonly WeightSpec[] | null, tensors: StoredTensor[]): StoredTensor[] {
  if (!weights || weights.length !== tensors.length) return tensors;
  const loaded = [...weights.keys()].sort((i, j) => Number(weights[j].trainable) - Number(weights[i].trainable) || i - j);
  const out: StoredTensor[] = new Array(tensors.length);
  loaded.forEach((w, i) => (out[w] = tensors[i]));
  return out;
}

function hasStoredNamed(storedByName: Map<string, StoredLayer>, name: string): boolean {
  const l = storedByName.get(name);
  return l !== undefined && hasStored(l);
}

/**
 * Keras 3 loads each object's `vars/<i>` into its variables by index (saving_lib walks the layer
 * and its sub-objects by attribute path): each weight a layer builds is taken from the objects
 * that save it (WeightSpec.objects), so the tensors come in the order of the layer's weights,
 * nested models' layers in turn, and whatever no weight takes comes after them.
 */
function byKeras3Path(analysis: ModelAnalysis, store: WeightStore): WeightMatch {
  const owners = assignKeras3Paths(analysis.graph, store.layers.map((l) => l.name));
  // per top-level layer, per layer that owns groups: its groups and `<object>#<i>` → tensor
  const held = new Map<LayerNode, Map<LayerNode, { groups: StoredLayer[]; at: Map<string, StoredTensor> }>>();
  for (const group of store.layers) {
    const owner = owners.get(group.name);
    if (!owner) continue;
    const top = held.get(owner.chain[0]) ?? new Map();
    held.set(owner.chain[0], top);
    const leaf = owner.chain[owner.chain.length - 1];
    const entry = top.get(leaf) ?? { groups: [], at: new Map() };
    top.set(leaf, entry);
    entry.groups.push(group);
    group.tensors.forEach((t, k) => entry.at.set(`${objectKey(owner.object)}#${varsIndex(t, k)}`, t));
  }
  const byLayer = new Map<string, StoredTensor[]>();
  const groupsOf = new Map<string, StoredLayer[]>();
  const names = new Map<StoredTensor, string>();
  const taken = new Set<StoredLayer>();
  const layers = analysis.layers.filter((a) => !a.node.implicit);
  for (const a of layers) {
    const top = held.get(a.node);
    if (!top) continue;
    // a weight's name as the layer lists it (a nested model's: `<inner layer>/<weight>`)
    const outerNames = (a.weights ?? []).map((w) => w.name);
    const tensors: StoredTensor[] = [];
    const leftovers: StoredTensor[] = [];
    for (const l of leafLayers(a)) {
      const entry = top.get(l.node);
      const used = new Set<StoredTensor>();
      const counters = new Map<string, number>();
      for (const w of l.weights ?? []) {
        const name = outerNames.shift() ?? w.name;
        let loaded: StoredTensor | undefined;
        // a weight Keras does not save (LoRA factors, folded into the kernel) takes no tensor
        for (const object of w.saved === false ? [] : objectsOf(w)) {
          const index = typeof w.saved === 'number' ? w.saved : (counters.get(object) ?? 0);
          counters.set(object, index + 1);
          const t = entry?.at.get(`${objectKey(object)}#${index}`);
          if (t) used.add((loaded = t));
        }
        if (loaded) {
          tensors.push(loaded);
          names.set(loaded, name);
        }
      }
      for (const g of entry?.groups ?? []) leftovers.push(...g.tensors.filter((t) => !used.has(t)));
    }
    const groups = [...top.values()].flatMap((e) => e.groups);
    groups.forEach((g) => taken.add(g));
    byLayer.set(a.node.name, [...tensors, ...leftovers]);
    groupsOf.set(a.node.name, groups);
  }
  return { ...finish('path', layers, byLayer, groupsOf, [...store.unlisted, ...store.layers.filter((l) => !taken.has(l))]), names };
}

/** The layers whose variables a top-level layer's tensors load into: itself, or a nested model's layers in turn. */
function leafLayers(a: LayerAnalysis): LayerAnalysis[] {
  return a.node.model && a.inner ? a.inner.layers.flatMap(leafLayers) : [a];
}

/**
 * A sub-object path without leading underscores: tf.keras 2.13-2.15 saved a private attribute under
 * its own name (`_query_dense`) where Keras 3 writes the public one: both name the same sub-object.
 */
function objectKey(path: string): string {
  return path.replace(/(^|\/)_+/g, '$1');
}

/** The `<i>` of a tensor saved as `vars/<i>`; else its place in the group. */
function varsIndex(t: StoredTensor, place: number): number {
  const last = t.name.slice(t.name.lastIndexOf('/') + 1);
  return /^\d+$/.test(last) ? Number(last) : place;
}

/** `dense/kernel:0` of layer `dense` → `kernel`; nested names keep their inner prefix. */
export function relativeWeightName(layer: string, name: string): string {
  const bare = name.replace(/:\d+$/, '');
  return bare.startsWith(`${layer}/`) ? bare.slice(layer.length + 1) : bare;
}

/** TensorFlow.js names weights `<layer>/<weight>`; a nested model's carry its inner layers' names. */
function byWeightName(analysis: ModelAnalysis, store: WeightStore): WeightMatch {
  const byLayer = new Map<string, StoredTensor[]>();
  const groupsOf = new Map<string, StoredLayer[]>();
  const taken = new Set<StoredLayer>();
  for (const group of store.layers) {
    const owner = group.tensors.length ? ownerOfWeightName(analysis.graph, group.tensors[0].name) : undefined;
    if (!owner) continue;
    const top = owner[0].name;
    byLayer.set(top, [...(byLayer.get(top) ?? []), ...group.tensors]);
    groupsOf.set(top, [...(groupsOf.get(top) ?? []), group]);
    taken.add(group);
  }
  const layers = analysis.layers.filter((a) => !a.node.implicit);
  return finish('name', layers, byLayer, groupsOf, [...store.unlisted, ...store.layers.filter((l) => !taken.has(l))]);
}

function finish(
  by: WeightMatch['by'],
  layers: LayerAnalysis[],
  byLayer: Map<string, StoredTensor[]>,
  groupsOf: Map<string, StoredLayer[]>,
  leftovers: StoredLayer[],
): WeightMatch {
  const unfed = layers.filter((a) => expectsWeights(a) !== false && !byLayer.get(a.node.name)?.length).map((a) => a.node.name);
  return { by, byLayer, groupsOf, unmatched: leftovers.filter(hasStored), unfed };
}

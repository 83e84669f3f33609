// Pairs a model's layers with the weights a file stores, the way Keras' own loaders pair them:
//  - legacy h5 (Keras 1/2, tf.keras, Keras 3 legacy): a group per layer name, listed in layer_names.
//    Keras' load_model/load_weights pair weighted layers by position; when every name agrees that
//    is the same as pairing by name, and names are what a reader can check, so: by name when all
//    weighted layers match by name, else by position when the weighted counts agree (what Keras
//    does), else by name as far as names go (Keras would refuse the file; the audit reports why).
//  - Keras 3 `.weights.h5`: by path. Keras walks model.layers (Sequential without its InputLayer)
//    and names each `layers/<snake_case(class)>` with a per-name counter (`dense`, `dense_1`, …),
//    recursing into nested models as `<path>/layers/…` (normalize/weight-owners.ts).
//  - TensorFlow.js: by weight name (`<layer>/<weight>`, nested models' inner names resolved).
// Within a layer, tensors stay in the file's order beside the expected list; conversions of legacy
// layouts (Keras 1 LSTM gates, Theano kernels) are the audit's business, not this module's.
import type { StoredLayer, StoredTensor, WeightStore } from '../readers/types.js';
import type { LayerNode, ModelGraph } from '../normalize/types.js';
import { assignKeras3Paths, ownerOfWeightName, type LayerChain } from '../normalize/weight-owners.js';
import type { LayerAnalysis, ModelAnalysis } from './types.js';
import { objectsOf, type WeightSpec } from '../types/shape.js';

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
    byLayer.set(a.node.name, l.tensors);
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

function hasStoredNamed(storedByName: Map<string, StoredLayer>, name: string): boolean {
  const l = storedByName.get(name);
  return l !== undefined && hasStored(l);
}

function byKeras3Path(analysis: ModelAnalysis, store: WeightStore): WeightMatch {
  const owners = assignKeras3Paths(analysis.graph, store.layers.map((l) => l.name));
  // Where each layer sits in the walk, so a nested model's groups follow its layers' order
  // (the order nestedWeights() lists them in): own vars first, then its layers in turn.
  const position = new Map<LayerNode, number>();
  const number = (g: ModelGraph) => g.layers.forEach((l, i) => {
    position.set(l, i);
    if (l.model) number(l.model);
  });
  number(analysis.graph);
  const key = (chain: LayerChain) => chain.map((l) => position.get(l) ?? 0);
  const weightsOf = layerWeights(analysis);
  const grouped = new Map<LayerNode, { group: StoredLayer; key: number[] }[]>();
  for (const group of store.layers) {
    const chain = owners.get(group.name);
    if (!chain) continue;
    const list = grouped.get(chain[0]) ?? [];
    list.push({ group, key: [...key(chain), objectRank(weightsOf.get(chain[chain.length - 1]), group.name)] });
    grouped.set(chain[0], list);
  }
  const byLayer = new Map<string, StoredTensor[]>();
  const groupsOf = new Map<string, StoredLayer[]>();
  const taken = new Set<StoredLayer>();
  for (const [node, list] of grouped) {
    list.sort((x, y) => compareKeys(x.key, y.key) || comparePaths(x.group.name, y.group.name));
    const groups = list.map((x) => x.group);
    groups.forEach((g) => taken.add(g));
    byLayer.set(node.name, groups.flatMap((g) => g.tensors));
    groupsOf.set(node.name, groups);
  }
  const layers = analysis.layers.filter((a) => !a.node.implicit);
  return finish('path', layers, byLayer, groupsOf, [...store.unlisted, ...store.layers.filter((l) => !taken.has(l))]);
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

/** Every layer's built weights, nested models' layers included. */
function layerWeights(analysis: ModelAnalysis): Map<LayerNode, WeightSpec[] | null> {
  const out = new Map<LayerNode, WeightSpec[] | null>();
  const visit = (m: ModelAnalysis) => m.layers.forEach((a) => {
    out.set(a.node, a.weights);
    if (a.inner) visit(a.inner);
  });
  visit(analysis);
  return out;
}

/**
 * Where a stored group's object comes in its layer's weights (WeightSpec.objects: `_self_attention_layer/query_dense`),
 * so a layer whose sub-objects hold its weights gets them in weight order; 0 when no weight says.
 */
function objectRank(weights: WeightSpec[] | null | undefined, group: string): number {
  if (!weights?.some((w) => w.objects)) return 0;
  const path = group.replace(/\/vars$/, '');
  const i = weights.findIndex((w) => objectsOf(w).some((o) => o !== '' && (path === o || path.endsWith(`/${o}`))));
  return i < 0 ? 0 : i;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Keras' variable order inside one layer: its own vars, then sub-objects, forward before backward. */
function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const rank = (s: string) => (s === 'forward_layer' ? 0 : s === 'backward_layer' ? 1 : 2);
    return rank(pa[i]) - rank(pb[i]) || (pa[i] < pb[i] ? -1 : 1);
  }
  return pa.length - pb.length;
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

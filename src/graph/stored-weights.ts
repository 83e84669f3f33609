// Pairs a model's layers with the weights a file stores, the way Keras' own loaders pair them:
//  - legacy h5 (Keras 1/2, tf.keras, Keras 3 legacy): a group per layer name, listed in layer_names.
//    Keras' load_model/load_weights pair weighted layers by position; when every name agrees that
//    is the same as pairing by name, and names are what a reader can check, so: by name when all
//    weighted layers match by name, else by position when the weighted counts agree (what Keras
//    does), else by name as far as names go (Keras would refuse the file; the audit reports why).
//  - Keras 3 `.weights.h5`: by path. Keras walks model.layers (Sequential without its InputLayer)
//    and names each `layers/<snake_case(class)>` with a per-name counter (`dense`, `dense_1`, …),
//    recursing into nested models as `<path>/layers/…`.
// Within a layer, tensors stay in the file's order beside the expected list; conversions of legacy
// layouts (Keras 1 LSTM gates, Theano kernels) are the audit's business, not this module's.
import type { StoredLayer, StoredTensor, WeightStore } from '../readers/types.js';
import type { LayerNode, ModelGraph } from '../normalize/types.js';
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
}

export function matchStoredWeights(analysis: ModelAnalysis, store: WeightStore): WeightMatch {
  return store.layout === 'keras3' ? byKeras3Path(analysis, store) : byLegacyGroups(analysis, store);
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
  const byLayer = new Map<string, StoredTensor[]>();
  const groupsOf = new Map<string, StoredLayer[]>();
  const taken = new Set<StoredLayer>();
  /** untaken groups at `prefix` (exact) or anywhere below it */
  const owned = (prefix: string, exact = false) =>
    store.layers
      .filter((l) => !taken.has(l) && (l.name === prefix || (!exact && l.name.startsWith(`${prefix}/`))))
      .sort((x, y) => comparePaths(x.name, y.name));
  const groupsFor = (node: LayerNode, path: string): StoredLayer[] => {
    if (!node.model) return owned(path);
    // A nested model: its own vars, then its layers in its order, so tensors follow nestedWeights().
    const out = owned(path, true);
    for (const inner of keras3Order(node.model)) for (const g of groupsFor(inner.node, `${path}/layers/${inner.path}`)) out.push(g);
    return out;
  };
  for (const { node, path } of keras3Order(analysis.graph)) {
    const groups = groupsFor(node, `layers/${path}`);
    groups.forEach((g) => taken.add(g));
    if (groups.length) {
      byLayer.set(node.name, groups.flatMap((g) => g.tensors));
      groupsOf.set(node.name, groups);
    }
  }
  const layers = analysis.layers.filter((a) => !a.node.implicit);
  return finish('path', layers, byLayer, groupsOf, [...store.unlisted, ...store.layers.filter((l) => !taken.has(l))]);
}

/** The layers Keras 3 saves, in model.layers order, with their path below `layers/`. */
export function keras3Order(graph: ModelGraph): { node: LayerNode; path: string }[] {
  const used = new Map<string, number>();
  const out: { node: LayerNode; path: string }[] = [];
  for (const node of graph.layers) {
    // Sequential.layers leaves out its InputLayer; Functional.layers keeps it.
    if (graph.sequential && node.className === 'InputLayer') continue;
    const base = snakeCase(node.className === 'Model' ? 'Functional' : node.className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    out.push({ node, path: n === undefined ? base : `${base}_${n + 1}` });
  }
  return out;
}

/** Keras' naming.to_snake_case. */
export function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
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

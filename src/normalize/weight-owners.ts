// Which layer owns a stored weight. Keras 3 weight files name objects by snake-cased class and a
// per-list counter, not by layer name (keras-formats.md §6.2: `layers/dense_1` may be the layer
// called "classifier"); TensorFlow.js and HDF5 weight names start with the layer's own name.
import { isKerasOperation, KERAS3_CLASS_ALIASES, pythonClassName } from './keras3.js';
import type { LayerNode, ModelGraph } from './types.js';

/** A layer together with the nested models that lead to it (outermost first). */
export type LayerChain = LayerNode[];

/** Keras' naming.to_snake_case: `Conv2DTranspose` → `conv2d_transpose`, `LSTM` → `lstm`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The class whose name Keras snake-cases: the Python class (`MyLayer` of `Custom>MyLayer`). */
function pythonClass(layer: LayerNode): string {
  const bare = pythonClassName(layer.origin.className);
  return KERAS3_CLASS_ALIASES[bare] ?? bare;
}

interface Container {
  /** path of the container's list, e.g. `layers/sequential/layers` */
  path: string;
  chain: LayerChain;
  /** the listed layers with their snake-cased class and per-class index */
  items: { layer: LayerNode; base: string; index: number; visited: boolean }[];
}

/**
 * The layer lists saving_lib walks: Sequential.layers without its InputLayer, Functional.layers with
 * them and without the operations recorded as layers (`x * 2.0`: not Layers). `classOf` is the class each layer is saved as (its Python class when reading a file; the
 * class a converter writes when writing one).
 */
function containers(graph: ModelGraph, classOf: (l: LayerNode) => string = pythonClass): Container[] {
  const out: Container[] = [];
  const visited = new Set<LayerNode | number>();
  const walk = (g: ModelGraph, path: string, chain: LayerChain) => {
    const used = new Map<string, number>();
    const listed = g.sequential ? g.layers.filter((l, i) => !(i === 0 && l.className === 'InputLayer')) : g.layers.filter((l) => !isKerasOperation(l.origin.module));
    const c: Container = { path, chain, items: [] };
    out.push(c);
    // depth first, as saving_lib saves each item (a nested model's layers included) before the next
    for (const layer of listed) {
      const base = toSnakeCase(classOf(layer));
      const index = used.get(base) ?? 0;
      used.set(base, index + 1);
      // An object already saved elsewhere keeps its first path (its counter is still used up).
      const key = layer.sharedObjectId ?? layer;
      const item = { layer, base, index, visited: visited.has(key) };
      c.items.push(item);
      visited.add(key);
      if (layer.model && !item.visited) walk(layer.model, `${path}/${pathName(base, index)}/layers`, [...chain, layer]);
    }
  };
  walk(graph, 'layers', []);
  return out;
}

/**
 * The model's own layers whose variables saving_lib saved under another path first: a layer object
 * listed in a nested model and again here (shared_object_id; a KerasHub CausalLM's token embedding)
 * owns no group of its own. Only weights matched by path (Keras 3) are saved once per object; `by`
 * is how the file's weights were matched to layers.
 */
export function savedElsewhere(graph: ModelGraph, by: 'name' | 'position' | 'path'): ReadonlySet<LayerNode> {
  if (by !== 'path') return new Set();
  return new Set(containers(graph)[0].items.filter((it) => it.visited).map((it) => it.layer));
}

const pathName = (base: string, index: number) => (index === 0 ? base : `${base}_${index}`);

/** A list item's name read back: `dense_3` → base `dense`, index 3; `dense` → index 0. */
export function parseItemName(name: string): { base: string; index: number } {
  const m = /^(.*?)(?:_(\d+))?$/.exec(name)!;
  return { base: m[1], index: m[2] ? Number(m[2]) : 0 };
}

/**
 * saving_lib's names for the items of one list attribute (a model's `layers`, StackedRNNCells'
 * `cells`, ViTEncoder's `encoder_layers`): each call names the next item by its class, `dense`,
 * `dense_1`, … counted per snake-cased class.
 */
export function listItemNamer(): (className: string) => string {
  const used = new Map<string, number>();
  return (className) => {
    const base = toSnakeCase(className);
    const index = used.get(base) ?? 0;
    used.set(base, index + 1);
    return pathName(base, index);
  };
}

/**
 * The `.weights.h5` path of every layer (`layers/dense_1`, `layers/sequential/layers/dense`), as
 * Keras 3's saving_lib names them: one counter per snake-cased class in each layer list.
 */
export function keras3WeightPaths(graph: ModelGraph, classOf?: (l: LayerNode) => string): Map<string, LayerChain> {
  const paths = new Map<string, LayerChain>();
  for (const c of containers(graph, classOf)) {
    for (const it of c.items) if (!it.visited) paths.set(`${c.path}/${pathName(it.base, it.index)}`, [...c.chain, it.layer]);
  }
  return paths;
}

/** A stored group's owner: the layer (with the models leading to it) and the object path below it. */
export interface Keras3Owner {
  chain: LayerChain;
  /** the group's path relative to the layer's (`key_dense`, `forward_layer/cell`; '' for its own vars) */
  object: string;
}

/** The object a stored Keras 3 group belongs to: its path without a leading `/` and the trailing `/vars`. */
export function keras3ObjectPath(group: string): string {
  return group.replace(/^\/+/, '').replace(/\/vars$/, '');
}

/**
 * Owners of stored Keras 3 weight paths (`layers/bidirectional/forward_layer/cell`, with or
 * without `/vars`): the layer whose path is the longest prefix. tf.keras 2.12-2.13 wrote
 * `_layer_checkpoint_dependencies` for `layers` and numbered some classes in steps of two, so
 * names its counters do not explain are matched in order within their class.
 */
export function assignKeras3Paths(graph: ModelGraph, stored: readonly string[]): Map<string, Keras3Owner | undefined> {
  const canonical = (p: string) => keras3ObjectPath(p).split('/').map((s) => (s === '_layer_checkpoint_dependencies' ? 'layers' : s)).join('/');
  const exact = keras3WeightPaths(graph);
  const result = new Map<string, Keras3Owner | undefined>();
  const unresolved: string[] = [];
  const legacy = stored.some((p) => p.includes('_layer_checkpoint_dependencies'));
  for (const p of stored) {
    const owner = legacy ? undefined : longestPrefix(exact, canonical(p));
    result.set(p, owner);
    if (!owner) unresolved.push(p);
  }
  if (unresolved.length === 0) return result;
  for (const c of containers(graph)) {
    // Children of this list that the counters did not place, per class, in numeric order.
    const byBase = new Map<string, { child: string; n: number }[]>();
    for (const p of unresolved) {
      const rest = canonical(p);
      if (!rest.startsWith(`${c.path}/`)) continue;
      const child = rest.slice(c.path.length + 1).split('/')[0];
      const { base, index } = parseItemName(child);
      const list = byBase.get(base) ?? [];
      if (!list.some((x) => x.child === child)) list.push({ child, n: index });
      byBase.set(base, list);
    }
    const owners = new Map<string, LayerChain>();
    for (const [base, children] of byBase) {
      const layers = c.items.filter((it) => it.base === base && !it.visited);
      children.sort((a, b) => a.n - b.n).forEach((ch, i) => layers[i] && owners.set(ch.child, [...c.chain, layers[i].layer]));
    }
    for (const p of unresolved) {
      const rest = canonical(p);
      if (!rest.startsWith(`${c.path}/`)) continue;
      const [child, ...object] = rest.slice(c.path.length + 1).split('/');
      const owner = owners.get(child);
      if (owner) result.set(p, { chain: owner, object: object.join('/') });
    }
  }
  return result;
}

function longestPrefix(paths: Map<string, LayerChain>, path: string): Keras3Owner | undefined {
  const parts = path.split('/');
  for (let n = parts.length; n >= 2; n--) {
    const chain = paths.get(parts.slice(0, n).join('/'));
    if (chain) return { chain, object: parts.slice(n).join('/') };
  }
  return undefined;
}

/**
 * The layer owning a weight named `<layer>/<weight>` (TensorFlow.js manifests, HDF5 weight names).
 * A nested model's weights carry its inner layers' names, so those resolve through the model.
 */
export function ownerOfWeightName(graph: ModelGraph, name: string): LayerChain | undefined {
  const first = name.replace(/:\d+$/, '').split('/')[0];
  const find = (g: ModelGraph, chain: LayerChain, depth: number): LayerChain | undefined => {
    const direct = g.layers.find((l) => l.name === first);
    if (direct) return [...chain, direct];
    if (depth > 64) return undefined;
    for (const l of g.layers) {
      if (!l.model) continue;
      const inner = find(l.model, [...chain, l], depth + 1);
      if (inner) return inner;
    }
    return undefined;
  };
  return find(graph, [], 0);
}

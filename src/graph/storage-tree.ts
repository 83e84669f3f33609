// The objects a weights file stores, as a tree: what can be said of a model whose layers are not
// known (a subclassed model's config lists none) from its stored weights alone. Keras 3 files name
// each object by the saving walk (keras3-variables.md: `layers/<snake_case class>[_N]` for list
// items, the attribute's name for sub-layers, `vars` for a layer's own variables); legacy files
// have one group per layer.
import type { StoredLayer, StoredTensor, WeightStore } from '../readers/types.js';
import { sizeOf } from '../types/shape.js';
import { keras3ObjectPath, parseItemName } from '../normalize/weight-owners.js';

export interface StorageNode {
  /** the object's key in its parent: `transformer_encoder_1`, `_self_attention_layer`, `query_dense` */
  key: string;
  /** its group path in the file without `/vars`: `layers/transformer_encoder_1/_self_attention_layer` */
  path: string;
  /** the layer's own name, when the file records it (Keras 3.6+ `vars` name attribute, legacy groups) */
  name?: string;
  /** its own stored variables, in the file's order */
  tensors: StoredTensor[];
  /** listed weight names without a dataset */
  missing: string[];
  /** values and bytes of this object and everything under it */
  params: number;
  bytes: number;
  children: StorageNode[];
}

export interface StorageTree {
  /** the top-level objects (optimizer state apart), in the saving walk's order as far as the file tells it */
  roots: StorageNode[];
  /** the model object's own variables (Keras 3 root `vars`, legacy top-level weights) */
  own: StoredTensor[];
  params: number;
  bytes: number;
}

const LIST = 'layers';

export function storageTree(store: WeightStore): StorageTree {
  const byPath = new Map<string, StorageNode>();
  const roots: StorageNode[] = [];
  const nodeAt = (path: string): StorageNode => {
    const known = byPath.get(path);
    if (known) return known;
    const segments = path.split('/');
    const node: StorageNode = { key: segments[segments.length - 1], path, tensors: [], missing: [], params: 0, bytes: 0, children: [] };
    byPath.set(path, node);
    const parent = parentPath(segments);
    (parent === null ? roots : nodeAt(parent).children).push(node);
    return node;
  };
  const keras3 = store.layout === 'keras3';
  const stored = new Set<string>();
  // Groups outside `layers` are the objects a subclassed model holds as attributes (`embed`,
  // `blocks/dense_1`): part of the model here, not strays.
  for (const group of [...store.layers, ...store.unlisted]) {
    const path = keras3 ? keras3ObjectPath(group.name) : group.name;
    // A legacy group is one layer; its name may contain '/' only as part of the layer name.
    const node = keras3 ? nodeAt(path) : addRoot(roots, byPath, path);
    stored.add(path);
    adopt(node, group);
  }
  // A path no group was stored for is a list or dict attribute (`blocks/dense_1`): its items are
  // ordered like a layer list's.
  const lists = new Set([...byPath.keys()].filter((p) => !stored.has(p)));
  const order = (a: StorageNode, b: StorageNode) => walkOrder(a, b, lists);
  const sum = (n: StorageNode): void => {
    n.children.sort(order);
    for (const c of n.children) {
      sum(c);
      n.params += c.params;
      n.bytes += c.bytes;
    }
  };
  if (keras3) roots.sort(order);
  const own = store.topLevel?.tensors ?? [];
  let params = countValues(own);
  let bytes = byteSize(own);
  for (const r of roots) {
    sum(r);
    params += r.params;
    bytes += r.bytes;
  }
  return { roots, own, params, bytes };
}

/** Every object of the tree, each before the objects under it (roots in order). */
export function storageNodes(tree: StorageTree): StorageNode[] {
  const out: StorageNode[] = [];
  const visit = (n: StorageNode): void => {
    out.push(n);
    n.children.forEach(visit);
  };
  tree.roots.forEach(visit);
  return out;
}

/** `layers/a/layers/b` → `layers/a`; `layers/a/_attn` → `layers/a`; a top-level object → null. */
function parentPath(segments: string[]): string | null {
  let end = segments.length - 1;
  if (end > 0 && segments[end - 1] === LIST) end--;
  return end > 0 ? segments.slice(0, end).join('/') : null;
}

function addRoot(roots: StorageNode[], byPath: Map<string, StorageNode>, path: string): StorageNode {
  const node: StorageNode = { key: path, path, name: path, tensors: [], missing: [], params: 0, bytes: 0, children: [] };
  byPath.set(path, node);
  roots.push(node);
  return node;
}

function adopt(node: StorageNode, group: StoredLayer): void {
  node.tensors.push(...group.tensors);
  node.missing.push(...group.missing);
  if (group.objectName !== undefined) node.name = group.objectName;
  node.params += countValues(group.tensors);
  node.bytes += byteSize(group.tensors);
}

/**
 * saving_lib walks a model's `layers` list first, then its attributes sorted by name with private
 * ones last. A list's order across classes is not in the file: items keep class then counter order
 * (`dense`, `dense_1`, …, `dense_10`).
 */
function walkOrder(a: StorageNode, b: StorageNode, lists: Set<string>): number {
  const ka = orderKey(a, lists);
  const kb = orderKey(b, lists);
  return ka.rank - kb.rank || (ka.base < kb.base ? -1 : ka.base > kb.base ? 1 : ka.n - kb.n);
}

function orderKey(n: StorageNode, lists: Set<string>): { rank: number; base: string; n: number } {
  const segments = n.path.split('/');
  const listed = segments.at(-2) === LIST || lists.has(segments.slice(0, -1).join('/'));
  if (listed) {
    const { base, index } = parseItemName(n.key);
    return { rank: 0, base, n: index };
  }
  return { rank: n.key.startsWith('_') ? 2 : 1, base: n.key, n: 0 };
}

export function countValues(tensors: readonly StoredTensor[]): number {
  let n = 0;
  for (const t of tensors) n += sizeOf(t.shape);
  return n;
}

export function byteSize(tensors: readonly StoredTensor[]): number {
  let n = 0;
  for (const t of tensors) n += t.byteLength;
  return n;
}

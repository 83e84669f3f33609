// Two subclassed models known only from storage (KerasHub presets, `.keras` files of a backbone or
// task), compared as far as the files tell: the class and the constructor arguments, then every
// stored object by its saving-walk path: added, removed, or with other params or tensor shapes.
import type { SubclassedModel } from '../normalize/subclassed.js';
import type { RawModel } from '../readers/types.js';
import { assembleDiff, configChanges, pushIfDiffers, type Change, type DiffSide, type LayerDiff, type ModelDiff } from './diff.js';
import { storageNodes, storageTree, type StorageNode, type StorageTree } from './storage-tree.js';

/** Constructor arguments that name or place the model rather than shape it. */
const IGNORED_ARGUMENT = /^(name|trainable|dtype)$/;

export interface StorageDiffInput {
  raw: RawModel;
  model: SubclassedModel;
}

export function diffStorage(a: StorageDiffInput, b: StorageDiffInput): ModelDiff {
  const ta = storageTree(a.raw.weights!);
  const tb = storageTree(b.raw.weights!);
  const model: Change[] = [];
  const name = (s: StorageDiffInput) => s.model.name ?? s.model.className;
  pushIfDiffers(model, 'model_name', name(a), name(b), false);
  pushIfDiffers(model, 'class_name', a.model.registeredName ?? a.model.className, b.model.registeredName ?? b.model.className);
  const shaping = (s: StorageDiffInput) => Object.fromEntries(Object.entries(s.model.config).filter(([k]) => !IGNORED_ARGUMENT.test(k)));
  model.push(...configChanges(shaping(a), shaping(b)));
  const objects = (t: StorageTree) => new Map(storageNodes(t).map((n) => [n.path, n]));
  const oa = objects(ta);
  const ob = objects(tb);
  const layers: LayerDiff[] = [];
  const shapes = (n: StorageNode) => n.tensors.map((t) => t.shape);
  for (const [path, nb] of ob) {
    const na = oa.get(path);
    if (!na) {
      layers.push({ status: 'added', name: path, class_name: nb.key, params: nb.params, changes: [] });
      continue;
    }
    const changes: Change[] = [];
    pushIfDiffers(changes, 'params', na.params, nb.params);
    pushIfDiffers(changes, 'stored', shapes(na), shapes(nb));
    layers.push({ status: changes.length ? 'changed' : 'same', name: path, class_name: nb.key, params: nb.params, changes });
  }
  for (const [path, na] of oa) if (!ob.has(path)) layers.push({ status: 'removed', name: path, class_name: na.key, params: na.params, changes: [] });
  return assembleDiff(side(a, ta.params), side(b, tb.params), model, layers);
}

function side(s: StorageDiffInput, params: number): DiffSide {
  return {
    file: s.raw.file,
    format: s.raw.format,
    name: s.model.name ?? s.model.className,
    class_name: s.model.className,
    ...(s.raw.kerasVersion ? { keras_version: s.raw.kerasVersion } : {}),
    total_params: params,
    stored_weights: true,
  };
}

// A Functional model's dict or nested inputs/outputs (ModelGraph.inputStructure/outputStructure):
// the structure rebuilt with each leaf, an index into the flat tensor list, replaced by a value.
import type { IoStructure, TensorRef } from './types.js';

export type IoTree<T> = T | IoTree<T>[] | { [key: string]: IoTree<T> };

export function ioTree<T>(s: IoStructure, refs: readonly TensorRef[], leaf: (ref: TensorRef) => T): IoTree<T> {
  if (typeof s === 'number') return leaf(refs[s]);
  if (Array.isArray(s)) return s.map((x) => ioTree(x, refs, leaf));
  return Object.fromEntries(Object.entries(s).map(([k, x]) => [k, ioTree(x, refs, leaf)]));
}

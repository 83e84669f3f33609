// Reads the values of planned weights: plain copies stream slab by slab straight from the store;
// converted ones (transposed, concatenated) are read whole, converted, and yielded once.
import type { WeightStore } from '../readers/types.js';
import type { TensorData } from '../readers/tensor-data.js';
import { concatLast, transpose } from './tensor-ops.js';
import type { PlannedWeight } from './types.js';

type Numeric = Exclude<TensorData, BigInt64Array | BigUint64Array>;

export function isPlainCopy(w: PlannedWeight): boolean {
  return w.source.paths.length === 1 && !w.source.perm;
}

/** The weight's values in C order, in slabs (valid until the next one is requested). */
export async function* weightSlabs(store: WeightStore, w: PlannedWeight): AsyncGenerator<TensorData> {
  if (isPlainCopy(w)) {
    yield* store.stream(w.source.paths[0]);
    return;
  }
  yield await readWeight(store, w);
}

/** The weight's values, whole. */
export async function readWeight(store: WeightStore, w: PlannedWeight): Promise<TensorData> {
  const { paths, shapes, perm } = w.source;
  const parts: { data: Numeric; shape: number[] }[] = [];
  for (const [i, p] of paths.entries()) {
    const data = (await store.read(p)) as Numeric;
    if (perm && shapes[i].length === perm.length) parts.push(transpose(data, shapes[i], perm));
    else parts.push({ data, shape: shapes[i] });
  }
  return parts.length === 1 ? parts[0].data : concatLast(parts).data;
}

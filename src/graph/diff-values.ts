// Stored tensors of two models compared by value (`kerascope diff --values`): each pair of
// tensors a layer pair stores, in the file's order, streamed from both lazy weight stores in
// lockstep, in bounded memory whatever the tensor size.
import type { StoredTensor, TensorData, WeightStore } from '../readers/types.js';
import type { DiffInput, ModelDiff, TensorDiff } from './diff.js';

export interface ValuesInput extends DiffInput {
  store: WeightStore;
}

/** Adds `weights` to every layer both models store tensors for, and the value counts to the diff. */
export async function compareStoredValues(diff: ModelDiff, a: ValuesInput, b: ValuesInput): Promise<ModelDiff> {
  const values = { identical: 0, changed: 0, not_compared: 0 };
  for (const layer of diff.layers) {
    if (layer.status === 'added' || layer.status === 'removed' || layer.name.includes('/')) continue;
    const ta = a.stored?.get(layer.previous_name ?? layer.name) ?? [];
    const tb = b.stored?.get(layer.name) ?? [];
    if (ta.length === 0 && tb.length === 0) continue;
    const weights: TensorDiff[] = [];
    for (let i = 0; i < Math.max(ta.length, tb.length); i++) {
      const d = await compareTensor(a.store, ta[i], b.store, tb[i]);
      weights.push(d);
      if (d.status === 'identical') values.identical++;
      else if (d.status === 'changed') values.changed++;
      else values.not_compared++;
    }
    layer.weights = weights;
    if (layer.status === 'same' && weights.some((w) => w.status !== 'identical')) layer.status = 'changed';
  }
  diff.counts = { same: 0, changed: 0, added: 0, removed: 0, renamed: 0 };
  for (const l of diff.layers) diff.counts[l.status]++;
  return { ...diff, values_compared: true, values };
}

async function compareTensor(sa: WeightStore, ta: StoredTensor | undefined, sb: WeightStore, tb: StoredTensor | undefined): Promise<TensorDiff> {
  const weight = tb?.name ?? ta!.name;
  if (!ta || !tb) return { weight, status: 'missing', note: `stored only in the ${ta ? 'first' : 'second'} file` };
  if (ta.shape.join() !== tb.shape.join()) return { weight, status: 'shape_differs', note: `[${ta.shape.join(', ')}] vs [${tb.shape.join(', ')}]` };
  try {
    const r = await streamDiff(sa.stream(ta.path), sb.stream(tb.path));
    return { weight, status: r.differing === 0 ? 'identical' : 'changed', max_abs_diff: r.maxAbsDiff, differing: r.differing, count: r.count };
  } catch (e) {
    return { weight, status: 'unreadable', note: e instanceof Error ? e.message : String(e) };
  }
}

/** Walks two value streams whose slabs need not line up. A slab is copied before the other stream advances. */
export async function streamDiff(a: AsyncIterable<TensorData>, b: AsyncIterable<TensorData>): Promise<{ maxAbsDiff: number; differing: number; count: number }> {
  const ia = a[Symbol.asyncIterator]();
  const ib = b[Symbol.asyncIterator]();
  let xa: TensorData = new Float32Array(0);
  let xb: TensorData = new Float32Array(0);
  let pa = 0;
  let pb = 0;
  let maxAbsDiff = 0;
  let differing = 0;
  let count = 0;
  for (;;) {
    if (pa >= xa.length) {
      const n = await ia.next();
      if (n.done) break;
      [xa, pa] = [n.value.slice(), 0];
      continue;
    }
    if (pb >= xb.length) {
      const n = await ib.next();
      if (n.done) throw new Error('the second tensor has fewer values');
      [xb, pb] = [n.value.slice(), 0];
      continue;
    }
    const len = Math.min(xa.length - pa, xb.length - pb);
    for (let i = 0; i < len; i++) {
      const u = Number(xa[pa + i]);
      const v = Number(xb[pb + i]);
      if (u === v || (Number.isNaN(u) && Number.isNaN(v))) continue;
      differing++;
      const d = Math.abs(u - v);
      // NaN against a number, or infinities of opposite sign: as far apart as values can be
      maxAbsDiff = Number.isNaN(d) || d === Infinity ? Number.MAX_VALUE : Math.max(maxAbsDiff, d);
    }
    pa += len;
    pb += len;
    count += len;
  }
  if (pb < xb.length || !(await ib.next()).done) throw new Error('the second tensor has more values');
  return { maxAbsDiff, differing, count };
}

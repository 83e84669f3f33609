// Matches one layer's stored weights to the weights it creates, the way the file's loader does:
//  - Keras 3 files (`path`): each stored tensor is already named after the weight Keras loads it
//    into (graph/stored-weights.ts), so names alone decide.
//  - legacy .h5 (`position`): Keras assigns the arrays by position (the pairing puts them in the
//    order of the weights they load into, graph/stored-weights.ts). With as many arrays as weights,
//    that is the pairing; a name that belongs to another weight of the layer is then a misplaced
//    tensor. With other counts Keras refuses the file, and names tell which weight is missing or extra.
//  - TensorFlow.js (`name`): by name; names that say nothing (positions only) pair by position.
import type { WeightSpec } from '../../types/shape.js';
import type { StoredWeight } from './pairing.js';

export type LoadsBy = 'path' | 'position' | 'name';

export interface LayerWeightMatch {
  pairs: { expected: WeightSpec; stored: StoredWeight }[];
  missing: WeightSpec[];
  extra: StoredWeight[];
  /** pairs whose stored tensor is named for another weight of the layer */
  misplaced: { expected: WeightSpec; stored: StoredWeight }[];
}

export function matchLayerWeights(expected: readonly WeightSpec[], stored: readonly StoredWeight[], loadsBy: LoadsBy): LayerWeightMatch {
  if (loadsBy === 'path') return byName(expected, stored, true)!;
  if (loadsBy === 'position' && expected.length === stored.length) return byLoadPosition(expected, stored);
  return byName(expected, stored, false) ?? byPosition(expected, stored);
}

/** The last path component, e.g. `lstm_cell/kernel` → `kernel`. */
function leaf(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** A stored name (relative to the layer, maybe with a nested model's or cell's scope) names weight `e`. */
function names(stored: StoredWeight, e: WeightSpec): boolean {
  return stored.name === e.name || stored.name.endsWith(`/${e.name}`) || e.name.endsWith(`/${stored.name}`);
}

function byName(expected: readonly WeightSpec[], stored: readonly StoredWeight[], exact: boolean): LayerWeightMatch | null {
  const free = new Set(stored.map((_, i) => i));
  const pairs: LayerWeightMatch['pairs'] = [];
  const missing: WeightSpec[] = [];
  for (const e of expected) {
    let hit = stored.findIndex((s, i) => free.has(i) && s.name === e.name);
    if (hit < 0 && !exact) hit = stored.findIndex((s, i) => free.has(i) && leaf(s.name) === leaf(e.name));
    if (hit < 0) {
      missing.push(e);
      continue;
    }
    free.delete(hit);
    pairs.push({ expected: e, stored: stored[hit] });
  }
  const extra = stored.filter((_, i) => free.has(i));
  // Names that match nothing on both sides (e.g. Keras 3 `vars/0`) say nothing: use positions.
  if (missing.length && extra.length && !exact) return null;
  return { pairs, missing, extra, misplaced: [] };
}

/** Legacy .h5 loading: the i-th stored tensor (in load order) goes to the i-th weight. */
function byLoadPosition(expected: readonly WeightSpec[], stored: readonly StoredWeight[]): LayerWeightMatch {
  const pairs = expected.map((e, i) => ({ expected: e, stored: stored[i] }));
  const misplaced = pairs.filter((p) => !names(p.stored, p.expected) && expected.some((o) => o !== p.expected && names(p.stored, o)));
  return { pairs, missing: [], extra: [], misplaced };
}

function byPosition(expected: readonly WeightSpec[], stored: readonly StoredWeight[]): LayerWeightMatch {
  const n = Math.min(expected.length, stored.length);
  return {
    pairs: expected.slice(0, n).map((e, i) => ({ expected: e, stored: stored[i] })),
    missing: expected.slice(n),
    extra: stored.slice(n),
    misplaced: [],
  };
}

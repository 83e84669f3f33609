// Matches one layer's stored weights to the weights it creates. Keras loads positionally (weight
// order within a layer), but names tell which one is missing when the counts differ: match by name
// when every name can be matched, else by position.
import type { WeightSpec } from '../../types/shape.js';
import type { StoredWeight } from './pairing.js';

export interface WeightMatch {
  pairs: { expected: WeightSpec; stored: StoredWeight }[];
  missing: WeightSpec[];
  extra: StoredWeight[];
}

/** `exactNames`: the stored names are what Keras loads them into (Keras 3 paths), so names alone decide. */
export function matchLayerWeights(expected: readonly WeightSpec[], stored: readonly StoredWeight[], exactNames = false): WeightMatch {
  return byName(expected, stored, exactNames) ?? byPosition(expected, stored);
}

/** The last path component, e.g. `lstm_cell/kernel` → `kernel`. */
function leaf(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function byName(expected: readonly WeightSpec[], stored: readonly StoredWeight[], exact: boolean): WeightMatch | null {
  const free = new Set(stored.map((_, i) => i));
  const pairs: WeightMatch['pairs'] = [];
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
  return { pairs, missing, extra };
}

function byPosition(expected: readonly WeightSpec[], stored: readonly StoredWeight[]): WeightMatch {
  const n = Math.min(expected.length, stored.length);
  return {
    pairs: expected.slice(0, n).map((e, i) => ({ expected: e, stored: stored[i] })),
    missing: expected.slice(n),
    extra: stored.slice(n),
  };
}

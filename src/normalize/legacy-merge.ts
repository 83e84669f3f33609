// The Keras 1 `Merge` layer (kept as a deprecated legacy layer through Keras 2.1.6). Its built-in
// modes are exactly Keras 2's merge layers, so it is normalized to the one Keras 2 would use;
// a function or lambda mode has no Keras 2 counterpart and stays a `Merge` the table does not know.
import type { JsonObject } from './config-access.js';
import type { MappedLayer } from './keras1.js';
import { lookupTable } from '../types/lookup.js';

const MODE_CLASSES: Readonly<Record<string, string>> = lookupTable({
  sum: 'Add',
  mul: 'Multiply',
  ave: 'Average',
  max: 'Maximum',
  concat: 'Concatenate',
  dot: 'Dot',
  cos: 'Dot',
});

export function legacyMerge(raw: JsonObject): MappedLayer {
  const mode = raw.mode ?? 'sum';
  const modeType = raw.mode_type ?? 'raw';
  const className = modeType === 'raw' && typeof mode === 'string' ? MODE_CLASSES[mode] : undefined;
  if (!className) {
    // The branch models are graph structure, not configuration (see mergeBranches).
    const { layers: _branches, ...rest } = raw;
    return { className: 'Merge', config: rest };
  }
  const base: JsonObject = { name: raw.name, trainable: raw.trainable ?? true, merge_mode: mode };
  if (className === 'Concatenate') return { className, config: { ...base, axis: raw.concat_axis ?? -1 } };
  // Keras 1 `cos` is the cosine proximity: Keras 2's Dot with normalize=True has the same shape rule.
  if (className === 'Dot') return { className, config: { ...base, axes: raw.dot_axes ?? -1, normalize: mode === 'cos' } };
  return { className, config: base };
}

/** A Keras 1 Sequential starting with a Merge lists the merged branch models in the Merge config. */
export function mergeBranches(firstLayer: unknown): unknown[] | undefined {
  if (typeof firstLayer !== 'object' || firstLayer === null) return undefined;
  const { class_name: cls, config } = firstLayer as JsonObject;
  if (cls !== 'Merge' || typeof config !== 'object' || config === null) return undefined;
  const branches = (config as JsonObject).layers;
  return Array.isArray(branches) && branches.length > 0 ? branches : undefined;
}

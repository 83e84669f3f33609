// Keras 3 dialect (and the Keras-3-style object dicts tf.keras 2.13+ writes in .keras archives).
// Layer entries are `{module, class_name, config, registered_name, build_config, shared_object_id}`;
// the envelope keys are read by the graph builder, the config keys are already Keras 2/3 names.
import { isObject, type JsonObject } from './config-access.js';
import type { MappedLayer } from './keras1.js';
import { lookupTable } from '../types/lookup.js';

/** Keras 3 configs that name an export alias rather than the class (summary-format.md D). */
export const KERAS3_CLASS_ALIASES: Readonly<Record<string, string>> = lookupTable({ GroupQueryAttention: 'GroupedQueryAttention' });

export function keras3Layer(fileClass: string, raw: JsonObject): MappedLayer {
  const config: JsonObject = {};
  for (const [k, v] of Object.entries(raw)) config[k] = plainValue(v, 0);
  return { className: KERAS3_CLASS_ALIASES[fileClass] ?? fileClass, config };
}

/**
 * A Keras 3 config's module for an operation recorded as a layer (`keras.src.ops.numpy`: `x * 2.0`,
 * `x[:, 0]`): not a Layer, so not among `model.layers` (functional.py), and its class name may be a
 * layer's too (`Multiply`).
 */
export function isKerasOperation(module: string | undefined): boolean {
  return module !== undefined && /^keras\.(src\.)?ops(\.|$)/.test(module);
}

/** Tuples and TensorShapes serialized as `{"class_name": "__tuple__" | "TensorShape", "items": [...]}`. */
function plainValue(v: unknown, depth: number): unknown {
  if (depth > 8) return v;
  if (Array.isArray(v)) return v.map((x) => plainValue(x, depth + 1));
  if (isObject(v) && (v.class_name === '__tuple__' || v.class_name === 'TensorShape') && Array.isArray(v.items)) {
    return v.items.map((x) => plainValue(x, depth + 1));
  }
  return v;
}

/** The Python class of a registered class name: `MyLayer` of `Custom>MyLayer`; a plain name as it is. */
export function pythonClassName(registered: string): string {
  return registered.slice(registered.lastIndexOf('>') + 1);
}

/** The id Keras 3 gives an object serialized more than once in one model (python `id()`). */
export function sharedObjectId(raw: unknown): number | undefined {
  return isObject(raw) && typeof raw.shared_object_id === 'number' ? raw.shared_object_id : undefined;
}

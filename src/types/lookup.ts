// Lookup tables keyed by names a file chooses (class names, modes, extensions): with a null
// prototype, so that `__proto__`, `constructor` or `toString` in a hostile config finds nothing
// instead of Object.prototype's members.

/** A frozen table whose only keys are `entries`' own. */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

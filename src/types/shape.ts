/** A tensor shape as Keras prints it: `null` for an unknown dimension (the batch). */
export type Dim = number | null;
export type Shape = Dim[];
/** A layer's output: one shape, or a list when the layer returns several tensors. */
export type OutputShape = Shape | Shape[];

/** A weight a layer must own, as Keras' `build()` creates it. */
export interface WeightSpec {
  /** name relative to the layer, e.g. `kernel`, `lstm_cell/kernel`, `forward_lstm/lstm_cell/bias` */
  name: string;
  shape: number[];
  trainable: boolean;
  /**
   * Where Keras 3's saving_lib keeps the variable in `.keras` / `.weights.h5`: the paths, relative
   * to the layer, of the objects whose `vars/<i>` hold it ('' is the layer's own `vars`), in the
   * order Keras loads them (a variable two objects track is saved by both, the last load wins).
   * `<i>` is the variable's place among the layer's weights saved by the same object. Absent: [''].
   */
  objects?: string[];
}

/** The objects holding a weight in Keras 3 files (see WeightSpec.objects). */
export function objectsOf(w: WeightSpec): string[] {
  return w.objects ?? [''];
}

/**
 * Weights a sub-object builds, seen from its owner: names scoped `scope/…` when given, saved under
 * `object/…` (an attribute path of saving_lib's walk: `cell`, `forward_layer`, `key_dense`).
 */
export function ownedBy(object: string, weights: readonly WeightSpec[], scope?: string): WeightSpec[] {
  return weights.map((x) => ({
    ...x,
    ...(scope ? { name: `${scope}/${x.name}` } : {}),
    objects: objectsOf(x).map((o) => (o ? `${object}/${o}` : object)),
  }));
}

export function isShapeList(s: OutputShape): s is Shape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

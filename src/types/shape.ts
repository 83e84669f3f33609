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
   * dtype the variable is created in. A layer function sets it only where it differs from the
   * layer's policy (an int8 kernel, float32 LoRA or float8 scales); the analysis fills in the rest.
   */
  dtype?: string;
  /**
   * Where a Keras 3 `.keras`/`.weights.h5` holds it among the layer's `vars/<i>` when that is not
   * the creation order (`save_own_variables`: a quantized kernel, bias, then its scales); false
   * when Keras does not save it (LoRA factors are folded into the kernel on save).
   */
  saved?: number | false;
  /**
   * dtype Keras 3 writes it in (`.keras`/`.weights.h5`) when that is not `dtype`: a LoRA layer saves
   * its table merged with the LoRA product, computed in the compute dtype, or re-quantized with a
   * float32 scale.
   */
  savedDtype?: string;
  /**
   * Where Keras 3's saving_lib keeps the variable in `.keras` / `.weights.h5`: the paths, relative
   * to the layer, of the objects whose `vars/<i>` hold it ('' is the layer's own `vars`), in the
   * order Keras loads them (a variable two objects track is saved by both, the last load wins).
   * `<i>` is `saved`, else the variable's place among the layer's weights saved by the same object.
   * Absent: [''].
   */
  objects?: string[];
}

/** The objects holding a weight in Keras 3 files (see WeightSpec.objects). */
export function objectsOf(w: WeightSpec): string[] {
  return w.objects ?? [''];
}

/**
 * The weights a Keras 3 weights file holds, in the layer's order (the pairing finds each at its own
 * `vars/<i>`, WeightSpec.saved): those Keras does not save (LoRA factors) left out.
 */
export function keras3SavedWeights(weights: readonly WeightSpec[]): WeightSpec[] {
  return weights.filter((w) => w.saved !== false);
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

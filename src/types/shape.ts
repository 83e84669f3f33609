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
}

export function isShapeList(s: OutputShape): s is Shape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

import type { LayerNode, ModelGraph, NormalizedModel } from '../normalize/types.js';
import type { LayerCost, LayerSpec } from '../layers/types.js';
import type { OutputShape, Shape, WeightSpec } from '../types/shape.js';
import type { WeightMatch } from './stored-weights.js';

/** Everything computed for one layer of one model. */
export interface LayerAnalysis {
  node: LayerNode;
  /** undefined when the class is not in our table */
  spec?: LayerSpec;
  /** per call: the input shapes it received (null when unknown) */
  callInputs: (Shape[] | null)[];
  /** per call: its output (null when unknown) */
  callOutputs: (OutputShape | null)[];
  /** the weights Keras' build() creates, or null when they cannot be computed */
  weights: WeightSpec[] | null;
  /** per call: its arithmetic for one sample (null when unknown, see costProblem) */
  callCosts: (LayerCost | null)[];
  /** why a call's cost is unknown */
  costProblem?: string;
  /** why a shape or the weights are unknown */
  problem?: string;
  /** `weights` were taken from the file's stored tensors: the config could not tell them (stored-params.ts) */
  weightsFromStorage?: boolean;
  /** analysis of a nested model's own layers (from its first call) */
  inner?: ModelAnalysis;
}

export interface ModelAnalysis {
  graph: ModelGraph;
  layers: LayerAnalysis[];
  byName: Map<string, LayerAnalysis>;
  /** shapes of the model's outputs */
  outputs: (Shape | null)[];
  /** the model's inputs declare no shape, so Keras never built it */
  unbuilt: boolean;
}

export interface AnalyzedModel extends NormalizedModel {
  analysis: ModelAnalysis;
  /** the file's stored weights paired with the layers, when weights were read */
  weightMatch?: WeightMatch;
}

// Layers whose weights the config cannot tell — a custom class, or a known one whose input shape
// could not be inferred (downstream of a custom layer) — but whose tensors the file stores: Keras
// built those weights, so the layer's params are the stored ones and the totals stay exact. Their
// output shape stays unknown. No format records which stored tensors are trainable (Keras lists
// trainable weights first but not how many), so they follow the layer's own `trainable` flag.
import { relativeWeightName, type WeightMatch } from './stored-weights.js';
import type { ModelAnalysis } from './types.js';

/** Gives each top-level layer without computable weights the tensors stored for it; returns their names. */
export function countStoredWeights(analysis: ModelAnalysis, match: WeightMatch): string[] {
  const counted: string[] = [];
  for (const a of analysis.layers) {
    if (a.weights !== null || a.node.implicit) continue;
    const stored = match.byLayer.get(a.node.name);
    if (!stored?.length) continue;
    a.weights = stored.map((t) => ({ name: relativeWeightName(a.node.name, t.name), shape: t.shape, trainable: a.node.trainable }));
    a.weightsFromStorage = true;
    counted.push(a.node.name);
  }
  return counted;
}

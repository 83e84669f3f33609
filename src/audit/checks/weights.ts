// Per layer: stored weights against the weights the layer creates.
import { sizeOf } from '../../types/shape.js';
import type { Finding } from '../finding.js';
import type { Check } from '../types.js';
import { layerMatch, type LayerPair } from '../weights/pairing.js';
import { needsPairing } from './applies.js';

export const layerWeightsCheck: Check = {
  id: 'layer-weights',
  appliesTo: needsPairing,
  run: (m) => m.pairing!.layers.flatMap(checkLayer),
};

export function checkLayer(p: LayerPair): Finding[] {
  if (p.expected === null) {
    return p.stored?.length ? [{ code: 'weights-unchecked', layer: p.layer, reason: p.problem ?? 'weights unknown' }] : [];
  }
  const expectedParams = p.expected.reduce((n, w) => n + sizeOf(w.shape), 0);
  if (p.stored === null || p.stored.length === 0) {
    return p.expected.length ? [{ code: 'missing-layer-weights', layer: p.layer, weights: p.expected.length, params: expectedParams }] : [];
  }
  if (p.legacy) return [{ code: 'legacy-weight-layout', layer: p.layer, conversion: p.legacy.conversion, tensors: p.stored.length }];
  const out: Finding[] = [];
  const { pairs, missing, extra, misplaced } = layerMatch(p);
  for (const { expected, stored } of misplaced) out.push({ code: 'misplaced-weight', layer: p.layer, weight: expected.name, stored: stored.name });
  for (const { expected, stored } of pairs) {
    if (!sameShape(expected.shape, stored.shape)) {
      out.push({ code: 'weight-shape-mismatch', layer: p.layer, weight: expected.name, expected: expected.shape, stored: stored.shape });
    }
  }
  for (const w of missing) out.push({ code: 'missing-weight', layer: p.layer, weight: w.name, expected: w.shape });
  for (const w of extra) out.push({ code: 'unexpected-weight', layer: p.layer, weight: w.name, stored: w.shape });
  const storedParams = p.stored.reduce((n, w) => n + sizeOf(w.shape), 0);
  if (storedParams !== expectedParams) out.push({ code: 'layer-params-mismatch', layer: p.layer, expected: expectedParams, stored: storedParams });
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

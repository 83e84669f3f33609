// Whole-model weight checks: total parameter count and the number of layers with weights, the two
// numbers Keras itself compares when it loads weights positionally.
import { sizeOf } from '../../types/shape.js';
import type { Finding } from '../finding.js';
import type { Check } from '../types.js';
import { needsPairing } from './applies.js';

export const modelWeightsCheck: Check = {
  id: 'model-weights',
  appliesTo: needsPairing,
  run: (m) => {
    const { layers, unmatched } = m.pairing!;
    const out: Finding[] = [];
    for (const u of unmatched) {
      out.push({ code: 'unexpected-layer-weights', layer: u.name, tensors: u.tensors.length, params: u.tensors.reduce((n, t) => n + sizeOf(t.shape), 0) });
    }
    const storedLayers = layers.filter((l) => l.stored?.length).length + unmatched.length;
    if (layers.some((l) => l.expected === null)) return out; // expected totals unknown
    const expectedLayers = layers.filter((l) => l.expected!.length > 0).length;
    if (storedLayers !== expectedLayers) out.push({ code: 'layer-count-mismatch', expected: expectedLayers, stored: storedLayers });
    const expected = layers.reduce((n, l) => n + l.expected!.reduce((k, w) => k + sizeOf(w.shape), 0), 0);
    const stored =
      layers.reduce((n, l) => n + (l.stored ?? []).reduce((k, w) => k + sizeOf(w.shape), 0), 0) +
      unmatched.reduce((n, u) => n + u.tensors.reduce((k, w) => k + sizeOf(w.shape), 0), 0);
    if (stored !== expected) out.push({ code: 'total-params-mismatch', expected, stored });
    return out;
  },
};

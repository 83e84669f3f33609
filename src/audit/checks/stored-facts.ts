// Facts about what the file stores that are worth knowing but not wrong: weights-only files and
// optimizer state; and the container anomalies the reader noticed.
import { sizeOf } from '../../types/shape.js';
import { containerFindings } from '../container.js';
import type { Check } from '../types.js';
import { needsWeights } from './applies.js';

export const weightsOnlyCheck: Check = {
  id: 'weights-only',
  appliesTo: needsWeights,
  run: (m) => {
    if (m.raw.config !== null) return [];
    const layers = m.raw.weights!.layers.filter((l) => l.tensors.length > 0);
    const storedParams = layers.reduce((n, l) => n + l.tensors.reduce((k, t) => k + sizeOf(t.shape), 0), 0);
    return [{ code: 'weights-only', layers: layers.length, storedParams }];
  },
};

export const optimizerCheck: Check = {
  id: 'optimizer-state',
  appliesTo: needsWeights,
  run: (m) => {
    const opt = m.raw.weights!.optimizer;
    if (opt.length === 0) return [];
    return [{ code: 'optimizer-state', tensors: opt.length, params: opt.reduce((n, t) => n + sizeOf(t.shape), 0) }];
  },
};

export const containerCheck: Check = {
  id: 'container',
  appliesTo: () => true,
  run: (m) => containerFindings(m.raw),
};

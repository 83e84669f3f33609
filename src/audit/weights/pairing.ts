// Expected weights (from the layer table via graph analysis) beside stored weights (from the file),
// per layer: the one interface the weight checks read. Built from the pairing graph/stored-weights.ts
// makes the way Keras' loaders pair groups with layers (legacy h5 by name or position, Keras 3 by path).
import type { ModelAnalysis } from '../../graph/types.js';
import { relativeWeightName, type WeightMatch } from '../../graph/stored-weights.js';
import type { DType, StoredTensor, WeightStore } from '../../readers/types.js';
import { keras3SavedWeights, type WeightSpec } from '../../types/shape.js';
import { convertedLegacyLayout, type LegacyWeightLayout } from '../../normalize/keras1-weights.js';
import { savedElsewhere } from '../../normalize/weight-owners.js';
import { matchLayerWeights, type LayerWeightMatch, type LoadsBy } from './match.js';

export interface StoredWeight {
  /** name relative to the layer, as WeightSpec names it (`kernel`, `lstm_cell/kernel`) */
  name: string;
  /** path in the container, for WeightStore.read */
  path: string;
  shape: number[];
  dtype: DType;
}

export interface LayerPair {
  layer: string;
  className: string;
  /** config dtype of the layer's weights */
  dtype: string;
  /** weights the layer creates; null when they cannot be computed */
  expected: WeightSpec[] | null;
  /** why `expected` is null */
  problem?: string;
  /** weights stored for the layer; null when the file has no entry for it */
  stored: StoredWeight[] | null;
  /** how the file's loader gives the stored tensors to the layer's weights (weights/match.ts) */
  loadsBy: LoadsBy;
  /** the stored tensors are in a legacy layout that Keras' loader converts (Keras 1 layouts, Theano kernels) */
  legacy?: LegacyWeightLayout & { conversion: string };
}

export interface StoredOnlyLayer {
  name: string;
  tensors: StoredWeight[];
}

export interface WeightPairing {
  /** config layers in model order */
  layers: LayerPair[];
  /** stored layers the config does not have */
  unmatched: StoredOnlyLayer[];
  optimizer: StoredTensor[];
}

export function pairWeights(analysis: ModelAnalysis, store: WeightStore, match: WeightMatch, kerasMajor: 1 | 2 | 3): WeightPairing {
  const loadsBy: LoadsBy = store.layout === 'keras3' ? 'path' : store.layout === 'tfjs' ? 'name' : 'position';
  // a Keras 3 file saves a shared layer object once, where the walk first meets it
  const elsewhere = savedElsewhere(analysis.graph, match.by);
  const layers: LayerPair[] = analysis.layers
    .filter((a) => !a.node.implicit)
    .map((a) => {
      if (elsewhere.has(a.node)) return { layer: a.node.name, className: a.node.className, dtype: a.node.dtype, expected: [], stored: null, loadsBy };
      const stored = match.byLayer.get(a.node.name);
      const legacy = a.weights && stored ? convertedLegacyLayout(a.node, a.weights.map((w) => w.shape), stored.map((t) => t.shape), kerasMajor) : null;
      return {
        ...(legacy ? { legacy } : {}),
        layer: a.node.name,
        className: a.node.className,
        dtype: a.node.dtype,
        // a Keras 3 file holds what save_own_variables writes, in its order
        expected: a.weights && match.by === 'path' ? keras3SavedWeights(a.weights) : a.weights,
        ...(a.weights === null ? { problem: a.problem ?? 'weights unknown' } : {}),
        stored: stored ? stored.map((t) => storedWeight(a.node.name, t, match.names)) : null,
        loadsBy,
      };
    });
  // Groups layer_names does not list are container findings (see container.ts), not stray layers.
  const unlisted = new Set(store.unlisted);
  const unmatched = match.unmatched
    .filter((l) => !unlisted.has(l) && l.tensors.length > 0)
    .map((l) => ({ name: l.name, tensors: l.tensors.map((t) => storedWeight(l.name, t)) }));
  return { layers, unmatched, optimizer: store.optimizer };
}

function storedWeight(layer: string, t: StoredTensor, names?: Map<StoredTensor, string>): StoredWeight {
  return { name: names?.get(t) ?? relativeWeightName(layer, t.name), path: t.path, shape: t.shape, dtype: t.dtype };
}

const matches = new WeakMap<LayerPair, LayerWeightMatch>();

/** The layer's stored tensors matched to its weights (weights/match.ts), once per layer for every check. */
export function layerMatch(p: LayerPair): LayerWeightMatch {
  let m = matches.get(p);
  if (!m) matches.set(p, (m = matchLayerWeights(p.expected ?? [], p.stored ?? [], p.loadsBy)));
  return m;
}

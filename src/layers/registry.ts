// The static name → spec table, built from the family modules' exported lists. Frozen: nothing
// registers at run time, and no class name from a file is ever imported or evaluated.
import { coreLayers } from './core.js';
import { convLayers } from './conv.js';
import { poolingLayers } from './pooling.js';
import { reshapingLayers } from './reshaping.js';
import { mergingLayers } from './merging.js';
import { normalizationLayers } from './normalization.js';
import { activationLayers } from './activation.js';
import { embeddingLayers } from './embedding.js';
import { einsumDense } from './einsum-dense.js';
import { preprocessingLayers } from './preprocessing.js';
import { recurrentLayers } from './recurrent.js';
import { wrapperLayers } from './wrappers.js';
import { attentionLayers } from './attention.js';
import { legacyLayers } from './legacy.js';
import { tfOpLayers } from './tf-ops.js';
import type { LayerSpec } from './types.js';
import { opLayers } from './ops.js';
import { kerasHubLayers } from './kerashub/index.js';
import { isKerasOperation } from '../normalize/keras3.js';

export const ALL_LAYER_SPECS: readonly LayerSpec[] = Object.freeze([
  ...coreLayers,
  ...convLayers,
  ...poolingLayers,
  ...reshapingLayers,
  ...mergingLayers,
  ...normalizationLayers,
  ...activationLayers,
  ...embeddingLayers,
  einsumDense,
  ...preprocessingLayers,
  ...recurrentLayers,
  ...wrapperLayers,
  ...attentionLayers,
  ...legacyLayers,
  ...tfOpLayers,
  ...opLayers,
  ...kerasHubLayers,
]);

function byName(specs: readonly LayerSpec[]): ReadonlyMap<string, LayerSpec> {
  const m = new Map<string, LayerSpec>();
  for (const spec of specs) {
    for (const name of spec.names) {
      if (m.has(name)) throw new Error(`layer class ${name} registered twice`);
      m.set(name, spec);
    }
  }
  return m;
}

const LAYERS = byName(ALL_LAYER_SPECS.filter((s) => !s.op));
const OPERATIONS = byName(ALL_LAYER_SPECS.filter((s) => s.op));

/**
 * The spec of a class name. `module` (a Keras 3 config's) tells an operation from a layer of the
 * same name; without one, a layer first, then an operation (GetItem, NotEqual).
 */
export function layerSpec(className: string, module?: string): LayerSpec | undefined {
  if (isKerasOperation(module)) return OPERATIONS.get(className);
  return LAYERS.get(className) ?? OPERATIONS.get(className);
}

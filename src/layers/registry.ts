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

const BY_NAME: ReadonlyMap<string, LayerSpec> = (() => {
  const m = new Map<string, LayerSpec>();
  for (const spec of ALL_LAYER_SPECS) {
    for (const name of spec.names) {
      if (m.has(name)) throw new Error(`layer class ${name} registered twice`);
      m.set(name, spec);
    }
  }
  return m;
})();

export function layerSpec(className: string): LayerSpec | undefined {
  return BY_NAME.get(className);
}

// Per-dialect spelling rules. Each dialect maps its own keys onto the Keras 2/3 names that the
// layer table reads; the graph builder stays dialect-free.
import { asShape, type JsonObject } from './config-access.js';
import { keras1Layer, type MappedLayer } from './keras1.js';
import { legacyMerge } from './legacy-merge.js';
import { keras3Layer } from './keras3.js';
import { variableDtypeOf } from './dtype-policy.js';
import type { Dialect, LayerNode } from './types.js';
import type { Shape } from '../types/shape.js';
import { lookupTable } from '../types/lookup.js';

/**
 * Where a `[layer, node, tensor]` reference sits: a call's inputs, or the model's input/output list;
 * `printed`: a call's input as the live model's summary numbers it (Connected to).
 */
export type RefSite = 'call' | 'model-io' | 'printed';

export interface DialectRules {
  dialect: Dialect;
  /** file class name + config → the Keras 2/3 class name and keys */
  mapLayer(fileClass: string, config: JsonObject): MappedLayer;
  /** input shape declared on a layer (batch dimension included) */
  inputShapeOf(config: JsonObject): Shape | undefined;
  dtypeOf(config: JsonObject): string;
  /** how the file's node indices of `target` relate to its calls (nested models' own first node) */
  nodeOffset(target: LayerNode, site: RefSite): number;
}


export function declaredInputShape(config: JsonObject): Shape | undefined {
  const batch = asShape(config.batch_input_shape) ?? asShape(config.batch_shape);
  if (batch) return batch;
  const noBatch = asShape(config.input_shape) ?? asShape(config.shape);
  if (noBatch) return [null, ...noBatch];
  return undefined;
}

/** Class names of tf.keras 2.0 pre-releases that the tfjs converter also renames. */
const TF_KERAS_RENAMES: Readonly<Record<string, string>> = lookupTable({
  BatchNormalizationV1: 'BatchNormalization',
  BatchNormalizationV2: 'BatchNormalization',
  UnifiedGRU: 'GRU',
  UnifiedLSTM: 'LSTM',
});

const keras2: DialectRules = {
  dialect: 'keras2',
  // Keras 2.0-2.1.6 still carried the Keras 1 Merge as a legacy layer.
  mapLayer: (cls, config) => (cls === 'Merge' ? legacyMerge(config) : { className: TF_KERAS_RENAMES[cls] ?? cls, config }),
  inputShapeOf: (config) => declaredInputShape(config),
  dtypeOf: (config) => variableDtypeOf(config.dtype),
  // Keras 1/2 number a nested model's calls after the node that links its own inputs to outputs
  // (Keras 2.2 Network.get_config; tf.keras `_should_skip_first_node`).
  // A Sequential built on its first call had no node of its own before it in the live model that
  // printed the summary, though the saved file counts one (seen in a tf.keras 2.15 notebook).
  nodeOffset: (target, site) => (target.model && target.model.inputs.length > 0 && !(site === 'printed' && target.model.builtOnCall) ? 1 : 0),
};

const keras1: DialectRules = { ...keras2, dialect: 'keras1', mapLayer: keras1Layer };

const keras3: DialectRules = {
  ...keras2,
  dialect: 'keras3',
  mapLayer: keras3Layer,
  // Keras 3 re-bases call references (serialize_node drops foreign nodes), but input/output
  // lists keep a nested Functional's built-in first node; a Keras 3 Sequential has none.
  nodeOffset: (target, site) => (site === 'model-io' && target.model && !target.model.sequential ? 1 : 0),
};

const tfjs: DialectRules = { ...keras2, dialect: 'tfjs' };

const RULES: Record<Dialect, DialectRules> = { keras1, keras2, keras3, tfjs };

export function dialectFor(d: Dialect): DialectRules {
  return RULES[d];
}

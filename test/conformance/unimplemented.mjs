// Layer classes in a model config that kerascope's layer table does not know yet, looking inside
// nested models and wrappers too (their layers decide the outer shapes and params). This only words
// a skip's reason: whether the skip is allowed is expected-skips.tsv's say, so a layer dropped from
// the table turns its cases into failures (unlisted skips), not into quiet skips.
import { layerSpec } from '../../dist/index.js';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
const WRAPPED_KEYS = ['layer', 'forward_layer', 'backward_layer'];

export function unimplementedClasses(config) {
  const missing = new Set();
  const visitLayer = (obj) => {
    if (!obj || typeof obj !== 'object' || typeof obj.class_name !== 'string') return;
    if (!MODEL_CLASSES.has(obj.class_name) && !layerSpec(obj.class_name)) missing.add(obj.class_name);
    visitConfig(obj.config);
  };
  const visitConfig = (cfg) => {
    if (Array.isArray(cfg)) return cfg.forEach(visitLayer); // Keras 1 / early 2 Sequential
    if (!cfg || typeof cfg !== 'object') return;
    if (Array.isArray(cfg.layers)) cfg.layers.forEach(visitLayer);
    for (const k of WRAPPED_KEYS) visitLayer(cfg[k]);
  };
  visitLayer(config);
  return [...missing].sort();
}

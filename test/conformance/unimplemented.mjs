// Which layer classes of a read model our table does not know yet, nested models and wrapped
// layers included: such cases are skipped with the class names as the reason.
import { layerSpec } from '../../dist/index.js';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** @param {import('../../dist/index.js').LoadedModel} model */
export function unimplementedClasses(model) {
  const missing = new Set();
  const walkGraph = (graph) => {
    for (const node of graph.layers) {
      if (node.model) walkGraph(node.model);
      else if (!layerSpec(node.className)) missing.add(node.className);
      walkSerialized(node.config, 0);
    }
  };
  // Layers serialized inside a config (wrappers' `layer`, RNN `cell`, Bidirectional `backward_layer`).
  const walkSerialized = (v, depth) => {
    if (depth > 12 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walkSerialized(x, depth + 1));
    if (typeof v.class_name === 'string' && v.config && typeof v.config === 'object' && 'name' in v.config && looksLikeLayer(v)) {
      if (!MODEL_CLASSES.has(v.class_name) && !layerSpec(v.class_name)) missing.add(v.class_name);
    }
    for (const x of Object.values(v)) walkSerialized(x, depth + 1);
  };
  walkGraph(model.analysis.graph);
  const walkAnalysis = (analysis) => {
    for (const a of analysis.layers) {
      const m = /^unknown layer class "(.+)"$/.exec(a.problem ?? '');
      if (m) missing.add(m[1]);
      if (a.inner) walkAnalysis(a.inner);
    }
  };
  walkAnalysis(model.analysis);
  return [...missing].sort();
}

// Initializers, regularizers and constraints also have class_name + config, but no name.
function looksLikeLayer(v) {
  return typeof v.config.trainable === 'boolean' || 'dtype' in v.config;
}

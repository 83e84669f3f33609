// A tfjs model.json that TensorFlow.js Layers will not load: a layer class its registry lacks, or
// Keras 3's `batch_shape` (tfjs reads `batch_input_shape`, and its InputLayer then has no shape).
// Information for whoever ships the file to a browser; Keras itself may load it fine.
import { TFJS_LAYER_CLASSES } from '../security/tfjs-classes.js';
import { isEnvelope, walkConfig } from '../security/walk.js';
import type { Finding } from '../finding.js';
import type { Check } from '../types.js';

export const tfjsCompatCheck: Check = {
  id: 'tfjs-compat',
  appliesTo: (m) => (m.raw.format === 'tfjs-layers' && m.raw.config !== null ? true : 'not a tfjs model.json'),
  run: (m) => {
    const out: Finding[] = [];
    for (const v of walkConfig(m.raw.config, 'config')) {
      if (!v.isLayer || !isEnvelope(v.value)) continue;
      const layer = v.layer ?? v.value.class_name;
      if (!TFJS_LAYER_CLASSES.has(v.value.class_name)) out.push({ code: 'tfjs-unloadable', layer, reason: `class ${v.value.class_name} is not in tfjs-layers` });
      const cfg = v.value.config;
      if (cfg !== null && typeof cfg === 'object' && 'batch_shape' in cfg && !('batch_input_shape' in cfg)) {
        out.push({ code: 'tfjs-unloadable', layer, reason: 'its shape is Keras 3 batch_shape, which tfjs-layers does not read (it expects batch_input_shape)' });
      }
    }
    return out;
  },
};

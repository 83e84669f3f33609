// Names in configs that need code from outside Keras: layer classes Keras does not have, activation
// strings that are not Keras activations, layers that load external code or files, and config
// values that are paths or URLs Keras reads at load time.
import { ACTIVATION_KEYS, KERAS_ACTIVATIONS, isKnownLayerClass } from '../security/keras-names.js';
import { configRoots, isEnvelope, walkConfig } from '../security/walk.js';
import type { Finding } from '../finding.js';
import type { Check } from '../types.js';
import { needsConfig } from './applies.js';

/** Layers whose loading reads a SavedModel or unpickles a torch module. */
const CODE_LOADING_LAYERS: ReadonlySet<string> = new Set(['TFSMLayer', 'TorchModuleWrapper']);

// Keys whose string values Keras opens as files or URLs.
const PATH_KEYS = /^(vocabulary|vocabulary_path|filepath|file_path|path|origin|url|.*_path|.*_file|.*_url)$/;
const PATH_LIKE = /^(\/|~\/|\.{1,2}\/|[A-Za-z]:[\\/]|\\\\|file:|https?:|ftp:|gs:|s3:|hdfs:)/;

export const layerClassesCheck: Check = {
  id: 'layer-classes',
  appliesTo: needsConfig,
  run: (m) => {
    const out: Finding[] = [];
    for (const v of walkConfig(m.raw.config, 'config')) {
      if (!v.isLayer || !isEnvelope(v.value)) continue;
      const className = v.value.class_name;
      const layer = v.layer ?? className;
      if (CODE_LOADING_LAYERS.has(className)) out.push({ code: 'code-loading-layer', layer, className });
      else if (!isKnownLayerClass(className)) out.push({ code: 'unknown-layer-class', layer, className });
    }
    return out;
  },
};

export const configStringsCheck: Check = {
  id: 'config-strings',
  appliesTo: needsConfig,
  run: (m) => {
    const out: Finding[] = [];
    for (const [root, rootName] of configRoots(m.raw)) {
      for (const v of walkConfig(root, rootName)) {
        if (typeof v.value !== 'string') continue;
        const layer = v.layer;
        if (ACTIVATION_KEYS.has(v.key) && !KERAS_ACTIVATIONS.has(v.value)) {
          out.push({ code: 'unknown-function-name', layer, path: v.path, key: v.key, value: v.value });
        } else if (PATH_KEYS.test(v.key) && PATH_LIKE.test(v.value)) {
          out.push({ code: 'path-in-config', layer, path: v.path, key: v.key, value: v.value });
        }
      }
    }
    return out;
  },
};

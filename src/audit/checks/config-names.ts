// Names in configs that need code from outside Keras: layer classes Keras does not have, activation
// strings that are not Keras activations, layers that load external code or files, and config
// values that are paths or URLs Keras reads at load time.
import { ACTIVATION_KEYS, KERAS_ACTIVATIONS, isKnownLayerClass } from '../security/keras-names.js';
import { isEnvelope } from '../security/walk.js';
import { configValueCheck } from './config-walk.js';

/** Layers whose loading reads a SavedModel or unpickles a torch module. */
const CODE_LOADING_LAYERS: ReadonlySet<string> = new Set(['TFSMLayer', 'TorchModuleWrapper']);

// Keys whose string values Keras opens as files or URLs.
const PATH_KEYS = /^(vocabulary|vocabulary_path|filepath|file_path|path|origin|url|.*_path|.*_file|.*_url)$/;
const PATH_LIKE = /^(\/|~\/|\.{1,2}\/|[A-Za-z]:[\\/]|\\\\|file:|https?:|ftp:|gs:|s3:|hdfs:)/;

export const layerClassesCheck = configValueCheck(
  'layer-classes',
  (v) => {
    if (!v.isLayer || !isEnvelope(v.value)) return null;
    const className = v.value.class_name;
    const layer = v.layer ?? className;
    if (CODE_LOADING_LAYERS.has(className)) return { code: 'code-loading-layer', layer, className };
    return isKnownLayerClass(className) ? null : { code: 'unknown-layer-class', layer, className };
  },
  'model',
);

export const configStringsCheck = configValueCheck('config-strings', (v) => {
  if (typeof v.value !== 'string') return null;
  const { layer, path, key, value } = { ...v, value: v.value };
  if (ACTIVATION_KEYS.has(key) && !KERAS_ACTIVATIONS.has(value)) return { code: 'unknown-function-name', layer, path, key, value };
  if (PATH_KEYS.test(key) && PATH_LIKE.test(value)) return { code: 'path-in-config', layer, path, key, value };
  return null;
});

// What the audit knows of each format, in one table: the container its bytes are (the container,
// extension and polyglot findings name it) and which Keras loader builds the model config it carries
// (what the loader notes of a code-bearing finding say, security/loaders.ts).
import type { FormatId } from '../readers/types.js';

export type Container = 'json' | 'hdf5' | 'zip' | 'folder';
/**
 * `legacy`: load_model of a full-model HDF5 (Keras 2 / tf.keras, Keras 3's legacy path); `json`:
 * model_from_json; `archive`: Keras 3 load_model of a .keras archive (a KerasHub preset likewise);
 * `none`: no Keras model config, or one no Python Keras loader reads.
 */
export type ConfigLoader = 'legacy' | 'json' | 'archive' | 'none';

export const FORMATS: Readonly<Record<FormatId, { container: Container; loader: ConfigLoader }>> = {
  'keras-json': { container: 'json', loader: 'json' },
  'tfjs-layers': { container: 'json', loader: 'none' },
  'keras-h5': { container: 'hdf5', loader: 'legacy' },
  'keras-weights-h5': { container: 'hdf5', loader: 'none' },
  'keras-v3': { container: 'zip', loader: 'archive' },
  'keras-v3-weights-h5': { container: 'hdf5', loader: 'none' },
  'keras-v3-sharded-weights': { container: 'json', loader: 'none' },
  'keras-hub-preset': { container: 'folder', loader: 'archive' },
};

/**
 * The loader of the config a polyglot's other reading in `container` carries: each container holds
 * one format with a Keras config (zip: keras-v3, hdf5: keras-h5, json: keras-json).
 */
export function configLoaderIn(container: string): ConfigLoader {
  return Object.values(FORMATS).find((f) => f.container === container && f.loader !== 'none')?.loader ?? 'none';
}

// The HDF5 reader: Keras full models, weights-only files of every era and Keras 3 weights files.
import { bufferSource, type ByteSource } from '../source.js';
import type { OpenOptions, RawModel, WeightStore } from '../types.js';
import type { Hdf5Choice } from './file.js';
import { readKerasH5, readKerasH5Config, type KerasH5Content } from './keras-layout.js';
import { withHdf5 } from './open.js';
import { hdf5WeightStore } from './store.js';

export { findHdf5Signature, readSuperblock } from './signature.js';
export { HDF5_CHOICES, type Hdf5Choice, type Hdf5Backend } from './file.js';
export { h5wasmFootprint } from './h5wasm-backend.js';

export interface Hdf5Weights {
  content: KerasH5Content;
  store: WeightStore;
  /** the library that read the file, and why auto mode switched to it if it did */
  backend: { name: 'jsfive' | 'h5wasm'; switched?: string };
}

/**
 * Opens any Keras HDF5 (from a file source or bytes, e.g. a `.keras` archive's model.weights.h5)
 * and returns its content plus a lazy store. The caller closes the store.
 */
export async function openHdf5Weights(input: ByteSource | { name: string; bytes: Uint8Array }, hdf5: Hdf5Choice = 'auto'): Promise<Hdf5Weights> {
  const source = 'bytes' in input ? bufferSource(input.name, input.bytes) : input;
  const opened = await withHdf5(source, hdf5, (h5) => readKerasH5(h5, source.name));
  const store = hdf5WeightStore(opened.h5, opened.result, source, opened.close);
  return { content: opened.result, store, backend: { name: opened.h5.backend, ...(opened.switched ? { switched: opened.switched } : {}) } };
}

export async function openKerasHdf5(source: ByteSource, options: OpenOptions): Promise<RawModel> {
  const { content, store, backend } = await openHdf5Weights(source, options.hdf5 ?? 'auto');
  return {
    format: content.format,
    file: source.name,
    config: content.config,
    kerasVersion: content.kerasVersion,
    backend: content.backend,
    trainingConfig: content.trainingConfig,
    weights: store,
    meta: { hdf5Backend: backend.name, ...(backend.switched ? { hdf5Switched: backend.switched } : {}) },
  };
}

/**
 * The format and config of a Keras HDF5 file from its root alone, its weight groups not walked and no
 * store kept: the second reading of a file another reader claims too (readers/index.ts).
 */
export async function readKerasHdf5Config(source: ByteSource, options: OpenOptions): Promise<Pick<RawModel, 'format' | 'config' | 'trainingConfig'>> {
  const opened = await withHdf5(source, options.hdf5 ?? 'auto', (h5) => readKerasH5Config(h5, source.name));
  await opened.close();
  return opened.result;
}

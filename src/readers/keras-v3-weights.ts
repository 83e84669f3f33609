// The weights member of a .keras archive (`model.weights.h5`, Keras 3 layout: `layers/<path>/vars/N`),
// opened with the HDF5 reader as a lazy WeightStore. A stored member is handed over as a byte
// range of the archive, a deflated one as its inflated bytes; jsfive copies what it reads at open,
// so the store does not depend on the archive staying open.
import { openHdf5Weights } from './hdf5/index.js';
import type { ByteSource } from './source.js';
import type { OpenOptions, WeightStore } from './types.js';

export async function openKeras3WeightsH5(member: ByteSource, options: OpenOptions): Promise<WeightStore> {
  return (await openHdf5Weights(member, options.hdf5 ?? 'auto')).store;
}

// The weights member of a .keras archive (`model.weights.h5`, Keras 3 layout: `layers/<path>/vars/N`),
// opened with the HDF5 reader as a lazy WeightStore. A stored member (what Keras writes) is handed
// over as a region of the archive on disk, paged in through a handle of the store's own like any
// .h5 file, so it does not depend on the archive's handle staying open; a deflated one as its
// inflated bytes.
import { openHdf5Weights } from './hdf5/index.js';
import type { ByteSource } from './source.js';
import type { OpenOptions, WeightStore } from './types.js';

export async function openKeras3WeightsH5(member: ByteSource, options: OpenOptions): Promise<WeightStore> {
  return (await openHdf5Weights(member, options.hdf5 ?? 'auto')).store;
}

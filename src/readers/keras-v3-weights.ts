// The weights member of a .keras archive (`model.weights.h5`, Keras 3 layout: `layers/<path>/vars/N`).
//
// HDF5 INTEGRATION POINT: the HDF5 reader (src/readers/hdf5/, branch `hdf5`) provides the lazy
// WeightStore for Keras 3 weight files. Until it is merged, the archive's weights are described
// (member name, size, storage) in RawModel.meta.weightsMember but not opened; once it is, this
// function opens `member` with it — a lazy byte range of the archive when the member is stored,
// the inflated bytes when it is deflated — and returns that store. openModelFile closes the
// archive's source when open() returns, so a store that reads lazily must take its own handle.
import type { ByteSource } from './source.js';
import type { OpenOptions, WeightStore } from './types.js';

export async function openKeras3WeightsH5(_member: ByteSource, _options: OpenOptions): Promise<WeightStore | undefined> {
  return undefined;
}

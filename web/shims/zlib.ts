// node:zlib's inflateSync for jsfive-backend.ts (HDF5's deflate filter is zlib-wrapped), on fflate.
// Node throws when the output would pass maxOutputLength; fflate would cut it short, so one byte
// more is allowed and its use is the overflow.
import { unzlibSync } from 'fflate';

export function inflateSync(data: Uint8Array, options: { maxOutputLength?: number } = {}): Uint8Array {
  if (options.maxOutputLength === undefined) return unzlibSync(data);
  const out = unzlibSync(data, { out: new Uint8Array(options.maxOutputLength + 1) });
  if (out.length > options.maxOutputLength) throw new RangeError(`inflated data exceeds ${options.maxOutputLength} bytes`);
  return out;
}

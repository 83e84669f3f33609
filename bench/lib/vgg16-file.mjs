// The ~553 MB VGG16-sized tf.keras .h5 the HDF5 and convert benchmarks share: generated once into
// bench/out/ (never committed) by make_vgg16_h5.py with BENCH_PYTHON (default python3) and h5py.
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const OUT = fileURLToPath(new URL('../out', import.meta.url));
export const VGG16_FILE = `${OUT}/vgg16_like.h5`;
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** The file's path, or `{ skipped }` with the reason it cannot be generated here. */
export function ensureVgg16File() {
  if (existsSync(VGG16_FILE)) return VGG16_FILE;
  const python = process.env.BENCH_PYTHON ?? 'python3';
  if (spawnSync(python, ['-c', 'import h5py'], { stdio: 'ignore' }).status !== 0) {
    return { skipped: `${python} with h5py is needed to generate the file (BENCH_PYTHON=..., or apt-get install python3-h5py)` };
  }
  mkdirSync(OUT, { recursive: true });
  const r = spawnSync(python, [fileURLToPath(new URL('../hdf5/make_vgg16_h5.py', import.meta.url)), VGG16_FILE], { stdio: 'inherit' });
  return r.status === 0 ? VGG16_FILE : { skipped: 'generating the file failed' };
}

// The ~553 MB VGG16-sized tf.keras .h5 the HDF5 and convert benchmarks share: generated once into
// bench/out/ (never committed) by make_vgg16_h5.py with BENCH_PYTHON (default python3) and h5py.
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { canMeasure, measure } from './measure.mjs';

export const OUT = fileURLToPath(new URL('../out', import.meta.url));
export const VGG16_FILE = `${OUT}/vgg16_like.h5`;
/** Keras' count for VGG16, which the file reproduces. */
export const VGG16_PARAMS = 138357544;
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

/**
 * What each VGG16 benchmark needs before timing: the file, GNU time, and the file in the page cache
 * (the figures are warm-cache ones). The file's path, or `{ skipped }` with the reason.
 */
export function vgg16Ready() {
  const file = ensureVgg16File();
  if (typeof file !== 'string') return file;
  if (!canMeasure()) return { skipped: 'GNU time (/usr/bin/time) is needed (apt-get install time)' };
  measure('sh', ['-c', `cat '${file}' > /dev/null`]);
  return file;
}

// Options several commands share, declared once so that their names, choices and help agree.
import type { Options } from 'yargs';
import { HDF5_CHOICES } from '../index.js';


export const HDF5_OPTION = {
  choices: HDF5_CHOICES,
  default: 'auto' as const,
  describe: 'HDF5 library: auto = jsfive (reading only the pages it needs), h5wasm for layouts jsfive misreads and files over 4 GiB',
} satisfies Options;

export const WEIGHTS_OPTION = {
  type: 'string',
  describe: 'weights file or URL (.h5, .weights.h5, or a sharded .weights.json index beside its shards) to pair with a config-only model file',
} as const satisfies Options;

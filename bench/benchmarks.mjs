// The benchmark list for run.mjs.
import { vgg16H5 } from './hdf5/vgg16.mjs';
import { manyLayers } from './layers/many-layers.mjs';
import { convertTfjs } from './convert/tfjs.mjs';
import { urlRead } from './http/url-read.mjs';

export const BENCHMARKS = [manyLayers, vgg16H5, convertTfjs, urlRead];

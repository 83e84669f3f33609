// The benchmark list for run.mjs.
import { vgg16H5 } from './hdf5/vgg16.mjs';
import { manyLayers } from './layers/many-layers.mjs';
import { conversions } from './convert/conversions.mjs';
import { urlRead } from './http/url-read.mjs';

export const BENCHMARKS = [manyLayers, vgg16H5, conversions, urlRead];

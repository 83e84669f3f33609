export { layerSpec, ALL_LAYER_SPECS } from './registry.js';
export { LayerConfig } from './config.js';
export type { LayerSpec, LayerContext, InnerLayer, Category } from './types.js';

export { layerSpec, ALL_LAYER_SPECS } from './registry.js';
export { LayerConfig } from './config.js';
export type { LayerSpec, LayerContext, InnerLayer, Category } from './types.js';
/** TensorFlow functions tf.keras saved as TFOpLambda layers, by the `function` name the config records */
export { TF_OPS, tfOp, type TfOp, type TfOpKind } from './tf-ops.js';

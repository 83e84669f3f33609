// @tensorflow/tfjs-layers (a TypeScript port of Keras 2) as an in-test oracle for whole models: the
// test builds a model with tfjs, serializes it as Keras 2 JSON, and compares what tfjs itself built
// (output shapes, weights) with what kerascope reconstructs from that JSON.
import '@tensorflow/tfjs-backend-cpu';
// Tensor methods (`x.flatten()`) that the Orthogonal initializer of recurrent kernels calls.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tfl from '@tensorflow/tfjs-layers';
import type { OutputShape } from '../../src/types/shape.js';
import type { LayerFacts } from './model-harness.js';

export { tfl };

/** What tfjs built, per layer (InputLayers left out), weight names relative to the layer. */
export function tfjsFacts(model: tfl.LayersModel): LayerFacts[] {
  return model.layers
    .filter((l) => l.getClassName() !== 'InputLayer')
    .map((l) => {
      const weights = l.weights.map((v) => ({
        name: v.originalName.startsWith(`${l.name}/`) ? v.originalName.slice(l.name.length + 1) : v.originalName,
        shape: v.shape as number[],
        trainable: v.trainable,
      }));
      return {
        name: l.name,
        class_name: l.getClassName(),
        output_shape: l.outputShape as OutputShape,
        params: l.countParams(),
        weights,
      };
    });
}

/** The Keras 2 JSON tfjs writes for a model (`keras_version: "tfjs-layers …"`). */
export function tfjsJson(model: tfl.LayersModel): Record<string, unknown> {
  return model.toJSON(null, false) as Record<string, unknown>;
}

// @tensorflow/tfjs-layers (a TypeScript port of Keras 2) as an in-test oracle: it builds the same
// snake_case config that a Keras 2 file holds and reports the layer's output shape and weights.
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { sizeOf, type OutputShape, type Shape } from '../../src/types/shape.js';
import type { LayerResult } from './harness.js';

/** Builds `Input(s) → layer` as a Keras 2 functional config and lets tfjs-layers load it. */
export async function tfjsLayer(className: string, config: Record<string, unknown>, inputs: Shape[]): Promise<LayerResult | 'error'> {
  const inputLayers = inputs.map((shape, i) => ({
    class_name: 'InputLayer',
    name: `in${i}`,
    config: { batch_input_shape: shape, dtype: 'float32', name: `in${i}` },
    inbound_nodes: [],
  }));
  const topology = {
    class_name: 'Model',
    config: {
      name: 'oracle',
      layers: [
        ...inputLayers,
        { class_name: className, name: 'target', config: { ...config, name: 'target' }, inbound_nodes: [inputs.map((_, i) => [`in${i}`, 0, 0, {}])] },
      ],
      input_layers: inputs.map((_, i) => [`in${i}`, 0, 0]),
      output_layers: [['target', 0, 0]],
    },
  };
  let model: tfl.LayersModel;
  try {
    model = await tfl.models.modelFromJSON({ modelTopology: topology } as never);
  } catch {
    return 'error';
  }
  const layer = model.getLayer('target');
  // tfjs makes variable names unique across the process with a `_N` suffix.
  const weights = layer.weights.map((w) => ({ name: w.name.slice(w.name.lastIndexOf('/') + 1).replace(/_\d+$/, ''), shape: w.shape as number[], trainable: w.trainable }));
  const out = layer.outputShape as OutputShape;
  model.dispose();
  return { output_shape: out, weights, params: weights.reduce((n, w) => n + sizeOf(w.shape), 0) };
}

// Writing the Functional config a KerasHub model builds in its constructor: the layer list in the
// Keras 3 `to_json()` form (`inbound_nodes: [{args, kwargs}]`, tensors as `__keras_tensor__`), so
// the one graph builder reads it like any Functional model a file stores.
import type { JsonObject } from '../config-access.js';

export type Tensor = JsonObject;

/** Output `tensor` of call `node` of `layer`, as a Keras 3 config refers to it. */
export function tensor(layer: string, node = 0, index = 0): Tensor {
  return { class_name: '__keras_tensor__', config: { keras_history: [layer, node, index] } };
}

export interface FunctionalBuilder {
  layers: JsonObject[];
  /** a layer called once on `args` (and tensors or values in `kwargs`); returns its output tensor */
  call(className: string, name: string, config: JsonObject, args: unknown[], kwargs?: JsonObject, registeredName?: string): Tensor;
  input(name: string, batchShape: (number | null)[], dtype: string): Tensor;
  /** a model (its serialized envelope, e.g. a backbone inside a task) called once on `args` */
  nest(envelope: JsonObject, name: string, args: unknown[]): Tensor;
  /** the Functional envelope: name, layers, inputs and outputs */
  model(name: string, inputs: Tensor[], outputs: Tensor[]): JsonObject;
}

/** `dtype`: the model's dtype policy, which KerasHub passes to every layer it makes. */
export function functionalBuilder(dtype: unknown): FunctionalBuilder {
  const layers: JsonObject[] = [];
  const history = (t: Tensor) => (t.config as { keras_history: unknown[] }).keras_history;
  return {
    layers,
    call(className, name, config, args, kwargs = {}, registeredName) {
      layers.push({
        class_name: className,
        config: { name, trainable: true, ...(dtype !== undefined ? { dtype } : {}), ...config },
        ...(registeredName ? { registered_name: registeredName } : {}),
        name,
        inbound_nodes: [{ args, kwargs }],
      });
      return tensor(name);
    },
    nest(envelope, name, args) {
      layers.push({ ...envelope, name, inbound_nodes: [{ args, kwargs: {} }] });
      return tensor(name);
    },
    input(name, batchShape, inputDtype) {
      layers.push({ class_name: 'InputLayer', config: { name, batch_shape: batchShape, dtype: inputDtype, sparse: false }, name, inbound_nodes: [] });
      return tensor(name);
    },
    model(name, inputs, outputs) {
      return { name, trainable: true, layers, input_layers: inputs.map(history), output_layers: outputs.map(history) };
    },
  };
}

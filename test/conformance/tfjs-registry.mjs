// What TensorFlow.js can load, asked of tfjs-layers itself (a dev dependency): the layer classes its
// deserializer knows. Registering happens as tfjs-layers is imported; the registry also holds
// initializers, constraints, regularizers, optimizers and activations (`Identity` is an
// initializer), so only subclasses of its Layer class count.
import * as tfl from '@tensorflow/tfjs-layers';
import { serialization } from '@tensorflow/tfjs-core';

/** tfjs-layers' Layer base class: the ancestor of Dense right below Serializable. */
function layerBase() {
  let cls = tfl.layers.dense({ units: 1 }).constructor;
  while (Object.getPrototypeOf(cls) !== serialization.Serializable) cls = Object.getPrototypeOf(cls);
  return cls;
}

/** Class names tfjs-layers registers as layers (models and RNN cells included). */
export function tfjsLayerClasses() {
  const Layer = layerBase();
  const map = serialization.SerializationMap.getMap().classNameMap;
  return new Set(Object.entries(map).filter(([, [cls]]) => cls.prototype instanceof Layer).map(([name]) => name));
}

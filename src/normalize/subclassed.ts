// A subclassed Keras 3 model (a KerasHub backbone or task, a user's own class) saves only its
// constructor arguments from get_config(): no layer list to rebuild a graph from.
import type { RawModel } from '../readers/types.js';
import { isObject, type JsonObject } from './config-access.js';
import { isKerasHubModel } from './kerashub/index.js';

/** What a subclassed model's config says about it. */
export interface SubclassedModel {
  className: string;
  /** `keras_hub>BertBackbone`, `MyPackage>MyModel`; null when the file names none */
  registeredName: string | null;
  /** the Python module of the class, when recorded */
  module: string | null;
  /** the model's name (config.name), when it has one */
  name: string | null;
  /** get_config() as stored: the constructor arguments */
  config: JsonObject;
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** Keras' own model classes, whose configs list their layers. */
export function isModelClass(className: string): boolean {
  return MODEL_CLASSES.has(className);
}

/**
 * The envelope of a model class that is not one of Keras' own (it carries a registered name, or
 * its module is null) and whose config holds no layer list; null for anything else, and for the
 * KerasHub families we rebuild unless `rebuilt` asks for those too.
 */
export function subclassedModel(envelope: unknown, rebuilt = false): SubclassedModel | null {
  if (!isObject(envelope) || typeof envelope.class_name !== 'string' || isModelClass(envelope.class_name)) return null;
  const custom = typeof envelope.registered_name === 'string' || envelope.module === null;
  const config = isObject(envelope.config) ? envelope.config : {};
  // KerasHub families we rebuild from their arguments are models like any Functional one.
  if (!custom || Array.isArray(config.layers) || (!rebuilt && isKerasHubModel(envelope))) return null;
  return {
    className: envelope.class_name,
    registeredName: typeof envelope.registered_name === 'string' ? envelope.registered_name : null,
    module: typeof envelope.module === 'string' ? envelope.module : null,
    name: typeof config.name === 'string' ? config.name : null,
    config,
  };
}

/** A subclassed model whose file stores weights: what can be summarized from storage (else null). */
export function storedSubclassedModel(raw: RawModel, rebuilt = false): SubclassedModel | null {
  return raw.weights && raw.config !== null ? subclassedModel(raw.config, rebuilt) : null;
}

// KerasHub models whose layers we rebuild from their constructor arguments, by registered name.
// A family not listed here is summarized from its stored weights (normalize/subclassed.ts).
import { isObject, type JsonObject } from '../config-access.js';
import { albertBackbone, bertBackbone, distilBertBackbone, gpt2Backbone, robertaBackbone } from './text-backbones.js';
import { gemmaBackbone, llamaBackbone, mistralBackbone, qwenBackbone } from './decoder-backbones.js';
import { denseNetBackbone } from './densenet.js';
import { isRebuiltResNet, resnetBackbone, vitBackbone } from './vision-backbones.js';
import { buildTask, TASK_SPECS, type TaskSpec } from './tasks.js';
import { lookupTable } from '../../types/lookup.js';
import { parseDtypePolicy, policyMapEntries } from '../dtype-policy.js';

type Family = (config: JsonObject, file: string) => JsonObject;

const FAMILIES: Readonly<Record<string, Family>> = lookupTable({
  'keras_hub>BertBackbone': bertBackbone,
  'keras_hub>DistilBertBackbone': distilBertBackbone,
  'keras_hub>GPT2Backbone': gpt2Backbone,
  'keras_hub>ViTBackbone': vitBackbone,
  'keras_hub>ResNetBackbone': resnetBackbone,
  'keras_hub>LlamaBackbone': llamaBackbone,
  'keras_hub>RobertaBackbone': robertaBackbone,
  'keras_hub>AlbertBackbone': albertBackbone,
  'keras_hub>MistralBackbone': mistralBackbone,
  'keras_hub>QwenBackbone': qwenBackbone,
  'keras_hub>DenseNetBackbone': denseNetBackbone,
  'keras_hub>GemmaBackbone': gemmaBackbone,
});

/** Backbone configs a task has rebuilt already (tasks.ts): nested as they are. */
const REBUILT = new WeakSet<JsonObject>();

function familyOf(envelope: unknown): Family | undefined {
  if (!isObject(envelope) || typeof envelope.registered_name !== 'string') return undefined;
  const config = isObject(envelope.config) ? envelope.config : {};
  if (REBUILT.has(config)) return () => config;
  const task = TASKS[envelope.registered_name];
  if (task) return taskOf(task, config);
  const family = FAMILIES[envelope.registered_name];
  if (!family) return undefined;
  if (envelope.registered_name === 'keras_hub>ResNetBackbone' && !isRebuiltResNet(config)) return undefined;
  return plainDtype(config.dtype) || (QUANTIZATION_MODELLED.has(envelope.registered_name) && readablePolicies(config.dtype)) ? family : undefined;
}

/** Tasks wrap a backbone: rebuilt when their backbone is (quantized only when their head is the backbone's own layers). */
const TASKS = lookupTable(TASK_SPECS);

function taskOf(task: TaskSpec, config: JsonObject): Family | undefined {
  const backbone = config.backbone;
  const family = familyOf(backbone);
  if (!family || !isObject(backbone)) return undefined;
  const backboneConfig = isObject(backbone.config) ? backbone.config : {};
  if (!task.headOfBackbone && !plainDtype(backboneConfig.dtype)) return undefined;
  return (taskConfig, file) => {
    const rebuilt = { ...backboneConfig, ...family(backboneConfig, file) };
    REBUILT.add(rebuilt);
    return buildTask(task, taskConfig, { ...backbone, config: rebuilt }, file);
  };
}

/**
 * Families whose layers build every quantizable sub-layer (Dense, EinsumDense, Embedding and
 * ReversibleEmbedding) under the dtype policy the model passes down, as Keras builds them
 * (layers/quantized.ts `tableWeights`, `sublayerTableWeights`): a quantized policy or a per-layer
 * DTypePolicyMap (what `model.quantize()` saves) is modelled for them. ResNet and DenseNet are not
 * listed: Keras quantizes none of their layers (`quantize()` leaves their policy float).
 */
const QUANTIZATION_MODELLED = new Set([
  'keras_hub>AlbertBackbone', 'keras_hub>BertBackbone', 'keras_hub>DistilBertBackbone', 'keras_hub>RobertaBackbone', 'keras_hub>GPT2Backbone', 'keras_hub>GemmaBackbone',
  'keras_hub>LlamaBackbone', 'keras_hub>MistralBackbone', 'keras_hub>QwenBackbone', 'keras_hub>ViTBackbone',
]);

/** Every policy a dtype value names is one we read (a DTypePolicyMap's entries and default, or the one policy). */
function readablePolicies(dtype: unknown): boolean {
  return (policyMapEntries(dtype) ?? [parseDtypePolicy(dtype)]).every((p) => p !== undefined);
}

/**
 * A float dtype policy, the same for every layer. Quantized policies (`int8_from_float32`,
 * QuantizedDTypePolicy) and per-layer DTypePolicyMaps change what the layers build: a quantized
 * ResNet or DenseNet (not one Keras makes) and a quantized classifier task are summarized from storage.
 */
function plainDtype(dtype: unknown): boolean {
  if (dtype === undefined || dtype === null) return true;
  if (typeof dtype === 'string') return !dtype.includes('_from_');
  return isObject(dtype) && dtype.class_name === 'DTypePolicy' && !(isObject(dtype.config) && String(dtype.config.name).includes('_from_'));
}

/** True when the envelope is a KerasHub model we rebuild. */
export function isKerasHubModel(envelope: unknown): boolean {
  return familyOf(envelope) !== undefined;
}

/** The Functional config the model's constructor builds, or null for a class we do not rebuild. */
export function kerasHubFunctional(envelope: unknown, file: string): JsonObject | null {
  const family = familyOf(envelope);
  if (!family || !isObject(envelope)) return null;
  return family(isObject(envelope.config) ? envelope.config : {}, file);
}

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

interface FamilySpec {
  build: Family;
  /** the configs the builder covers (all when absent) */
  covers?: (config: JsonObject) => boolean;
  /**
   * Keras quantizes none of its layers (convolutions and norms only: `quantize()` leaves their
   * policy float), so a quantized policy is not one Keras saves: summarized from storage. Every
   * other family's layers build their quantizable sub-layers (Dense, EinsumDense, Embedding,
   * ReversibleEmbedding) under the policy the model passes down, a per-layer DTypePolicyMap
   * included (layers/quantized.ts `tableWeights`, `sublayerTableWeights`).
   */
  unquantized?: true;
}

const FAMILIES: Readonly<Record<string, FamilySpec>> = lookupTable({
  'keras_hub>BertBackbone': { build: bertBackbone },
  'keras_hub>DistilBertBackbone': { build: distilBertBackbone },
  'keras_hub>GPT2Backbone': { build: gpt2Backbone },
  'keras_hub>ViTBackbone': { build: vitBackbone },
  'keras_hub>ResNetBackbone': { build: resnetBackbone, covers: isRebuiltResNet, unquantized: true },
  'keras_hub>LlamaBackbone': { build: llamaBackbone },
  'keras_hub>RobertaBackbone': { build: robertaBackbone },
  'keras_hub>AlbertBackbone': { build: albertBackbone },
  'keras_hub>MistralBackbone': { build: mistralBackbone },
  'keras_hub>QwenBackbone': { build: qwenBackbone },
  'keras_hub>DenseNetBackbone': { build: denseNetBackbone, unquantized: true },
  'keras_hub>GemmaBackbone': { build: gemmaBackbone },
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
  if (!family || family.covers?.(config) === false) return undefined;
  return plainDtype(config.dtype) || (!family.unquantized && readablePolicies(config.dtype)) ? family.build : undefined;
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

/** Every policy a dtype value names is one we read (a DTypePolicyMap's entries and default, or the one policy). */
function readablePolicies(dtype: unknown): boolean {
  return (policyMapEntries(dtype) ?? [parseDtypePolicy(dtype)]).every((p) => p !== undefined);
}

/**
 * A float dtype policy, the same for every layer. Quantized policies (`int8_from_float32`,
 * QuantizedDTypePolicy) and per-layer DTypePolicyMaps change what the layers build: a quantized
 * family marked `unquantized` (not one Keras saves) and a quantized classifier task are summarized from storage.
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

// A refusal of the tfjs target is a verified outcome only when the consumer shows the gap: each kind
// of refusal message has a check that asks tfjs-layers (and tfjs-core) itself, plus what the source
// file and Keras (the case's expected.json, written by Keras) say, never kerascope's own tables.
// A check answers {verified: why} (the refusal is right), {problems} (tfjs can do it after all, or
// the source has no such thing: the refusal is wrong or stale), or null: the consumer cannot show
// the gap here, so the case stays a listed skip.
import './tfjs-cpu.mjs';
import * as tfc from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { tfjsLayerClasses } from './tfjs-registry.mjs';

const TFJS_CLASSES = tfjsLayerClasses();

/**
 * What the checks know of a case: `config` as the source file stores it, `keras` (name → the layer
 * in the expected.json Keras wrote, or null), `inputs` (name → the layer's input shape, from the
 * analysis of the source; scaffolding to build a layer, never the thing asserted).
 */
export async function verifyTfjsRefusal(message, source) {
  for (const { re, check } of CHECKS) {
    const m = re.exec(message);
    if (m) return check(source, ...m.slice(1));
  }
  return null;
}

const REF = String.raw`^layer "([^"]+)" \(([^)]+)\): `;
const CHECKS = [
  { re: new RegExp(`${REF}TensorFlow\\.js layers has no (\\w+) layer`), check: (s, name, _cls, missing) => classAbsent(s, name, missing) },
  // a custom class from the author's Python code: tfjs-layers registers none of that name either
  { re: new RegExp(`${REF}its weights are unknown \\(unknown layer class "([^"]+)"\\)`), check: (s, name, _cls, custom) => classAbsent(s, name, custom) },
  { re: new RegExp(`${REF}TensorFlow\\.js cannot run Python code \\(Lambda layers\\)`), check: (s, name) => classAbsent(s, name, 'Lambda') },
  { re: new RegExp(`${REF}it is quantized \\((\\w+)\\)`), check: quantized },
  { re: new RegExp(`${REF}it has LoRA \\(lora_rank (\\d+)\\)`), check: lora },
  { re: new RegExp(`${REF}dtype (\\w+) cannot be expressed in TensorFlow\\.js`), check: (s, name, _cls, dtype) => dtypeAbsent(s, name, dtype) },
  { re: new RegExp(`${REF}TensorFlow\\.js GRU has no reset_after=True`), check: (s, name) => optionGap(s, name, 'reset_after') },
  { re: new RegExp(`${REF}TensorFlow\\.js convolutions have no groups`), check: (s, name) => optionGap(s, name, 'groups') },
  { re: new RegExp(`${REF}TensorFlow\\.js transposed convolutions have no output_padding`), check: (s, name) => optionGap(s, name, 'output_padding') },
  { re: new RegExp(`${REF}TensorFlow\\.js global pooling has no keepdims=True`), check: (s, name) => optionGap(s, name, 'keepdims') },
  { re: new RegExp(`${REF}TensorFlow\\.js convolutions have no padding='causal'`), check: causalPadding },
  { re: new RegExp(`${REF}option "(\\w+)" = .* has no Keras 2 counterpart`), check: (s, name, _cls, key) => optionGap(s, name, key) },
  { re: new RegExp(`${REF}TensorFlow\\.js Flatten needs every input dimension known`), check: flattenUnknown },
  { re: new RegExp(`${REF}TensorFlow\\.js \\w+ works out its output shape without the batch axis`), check: batchless },
];

/** The layer object named `name` anywhere in a stored config (nested models and wrappers too). */
export function findLayer(config, name, depth = 0) {
  if (!config || typeof config !== 'object' || depth > 64) return undefined;
  if (typeof config.class_name === 'string' && (config.config?.name === name || config.name === name)) return config;
  for (const v of Array.isArray(config) ? config : Object.values(config)) {
    const hit = findLayer(v, name, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

function sourceLayer(s, name, cls) {
  const layer = findLayer(s.config, name);
  if (!layer) return { problems: [`the source config has no layer "${name}"`] };
  if (cls && layer.class_name !== cls) return { problems: [`the source's layer "${name}" is a ${layer.class_name}, not a ${cls}`] };
  return { layer };
}

function classAbsent(s, name, cls) {
  const { layer, problems } = sourceLayer(s, name);
  if (problems) return { problems };
  // the class may be the layer's or one it wraps (Bidirectional(Lambda) is refused for the Lambda);
  // a stored alias (Keras 3's GroupQueryAttention for GroupedQueryAttention) is asked for too
  const names = JSON.stringify(layer).includes(`"class_name":"${cls}"`) ? [cls] : [cls, layer.class_name];
  const known = names.filter((n) => TFJS_CLASSES.has(n));
  if (known.length) return { problems: [`tfjs-layers registers ${known.join(', ')}: the refusal is wrong`] };
  return { verified: `tfjs-layers registers no ${names.join(' or ')} (the source's layer "${name}")` };
}

/** The dtype policy a stored layer config names: a string, or a policy object's name / mode. */
function policyOf(config) {
  const d = config?.dtype;
  if (typeof d === 'string') return { name: d };
  const c = d?.config ?? {};
  return { name: c.name, mode: c.mode, className: d?.class_name };
}

function quantized(s, name, cls, mode) {
  const { layer, problems } = sourceLayer(s, name, cls);
  if (problems) return { problems };
  const p = policyOf(layer.config);
  // Keras names a block-wise int4 mode with its block size ("int4/128")
  const isQuantized = p.mode === mode || p.mode?.startsWith?.(`${mode}/`) || (typeof p.name === 'string' && p.name.startsWith(`${mode}_from_`));
  if (!isQuantized) return { problems: [`the source's layer "${name}" has the dtype policy ${JSON.stringify(layer.config.dtype)}, not a ${mode} one`] };
  return kerasOnlyVariables(s, name, layer, `its ${mode} dtype policy`);
}

function lora(s, name, cls, rank) {
  const { layer, problems } = sourceLayer(s, name, cls);
  if (problems) return { problems };
  if (String(layer.config.lora_rank) !== rank) return { problems: [`the source's layer "${name}" has lora_rank ${layer.config.lora_rank}, not ${rank}`] };
  return kerasOnlyVariables(s, name, layer, `lora_rank ${rank}`);
}

/**
 * The variables Keras' layer holds (expected.json) that tfjs-layers' class, built from the same
 * config, does not: the weights a tfjs model could not hold. No class at all is the gap too.
 */
async function kerasOnlyVariables(s, name, layer, what) {
  if (!TFJS_CLASSES.has(layer.class_name)) return { verified: `${what}; and tfjs-layers registers no ${layer.class_name}` };
  const keras = kerasLayer(s.keras, name)?.weights.map((w) => w.name);
  if (!keras) return null;
  const built = await buildLayer(layer, s.inputs.get(name));
  if (!built.layer) return null;
  const tfjsNames = new Set(built.layer.weights.map((w) => w.name.split('/').pop()));
  const extra = keras.filter((n) => !tfjsNames.has(n));
  built.dispose();
  if (!extra.length) return { problems: [`tfjs-layers' ${layer.class_name} builds every variable Keras' "${name}" holds (${keras.join(', ')}): the refusal is stale`] };
  return { verified: `${what}: Keras' "${name}" holds ${extra.join(', ')}, which tfjs-layers' ${layer.class_name} does not build` };
}

/**
 * Keras' layer from the case's expected.json: its own entry, or, for a layer of a nested model, its
 * weights (`{name, shape}`) from the nested model's entries under `<name>/` (no output shape).
 */
function kerasLayer(keras, name) {
  const own = keras?.get(name);
  if (own) return { output_shape: own.output_shape, weights: own.weights.map((w) => ({ ...w, name: w.name.split('/').pop() })) };
  const prefix = `${name}/`;
  const nested = [...(keras?.values() ?? [])].flatMap((l) => l.weights ?? []).filter((w) => w.name.startsWith(prefix));
  return nested.length ? { weights: nested.map((w) => ({ ...w, name: w.name.slice(prefix.length) })) } : null;
}

function dtypeAbsent(s, name, dtype) {
  const { layer, problems } = sourceLayer(s, name);
  if (problems) return { problems };
  if (policyOf(layer.config).name !== dtype) return { problems: [`the source's layer "${name}" has the dtype policy ${JSON.stringify(layer.config.dtype)}, not ${dtype}`] };
  // tfjs-core's own weight decoder is the consumer of a manifest's dtypes
  try {
    tfc.io.decodeWeights(new ArrayBuffer(8), [{ name: 'w', shape: [1], dtype }]);
  } catch (e) {
    // only the decoder's word on the dtype shows the gap (no backend registered would throw too)
    if (!String(e?.message).includes(`Unsupported dtype in weight 'w': ${dtype}`)) return null;
    return { verified: `the source's "${name}" is ${dtype}, and tfjs-core's weight decoder says: ${e.message}` };
  }
  return { problems: [`tfjs-core decodes ${dtype} weights: the refusal is stale`] };
}

/**
 * An option tfjs cannot express: tfjs-layers builds the source's layer without it, and with it
 * either throws, or drops it (its getConfig() does not give the value back) and so builds another
 * layer than Keras did (other output shape or weight shapes than the case's expected.json). Found
 * in the layer's config or one it wraps (`layer`, `cell`, `cells`). Dropped to no effect Keras
 * shows is no gap the consumer can show: null.
 */
async function optionGap(s, name, key) {
  const { layer, problems } = sourceLayer(s, name);
  if (problems) return { problems };
  const holder = configHolding(layer, key);
  if (!holder) return { problems: [`the source's layer "${name}" sets no ${key}`] };
  const value = holder.config[key];
  // every cell of a stack may set it (StackedRNNCells of GRUCells)
  const without = await buildLayer(layer, s.inputs.get(name), (cfg) => omit(cfg, key));
  if (!without.layer) return null; // tfjs cannot build it even without the option: it cannot show this gap
  without.dispose();
  const withIt = await buildLayer(layer, s.inputs.get(name));
  if (withIt.error) return { verified: `tfjs-layers builds "${name}" without ${key}, and with ${key}=${JSON.stringify(value)} throws: ${withIt.error}` };
  const kept = valueIn(withIt.layer.getConfig(), camel(key));
  const differences = kerasDifferences(withIt.layer, kerasLayer(s.keras, name));
  withIt.dispose();
  if (kept !== undefined && JSON.stringify(kept) === JSON.stringify(value)) return { problems: [`tfjs-layers keeps ${key}=${JSON.stringify(value)}: the refusal is stale`] };
  if (!differences?.length) return null;
  return { verified: `tfjs-layers drops ${key}=${JSON.stringify(value)} of "${name}" (its config gives ${kept === undefined ? 'no such option' : JSON.stringify(kept)}), and ${differences.join(', ')}` };
}

/** How a layer tfjs-layers built differs from Keras' (output shape, weight shapes); null without Keras' layer. */
function kerasDifferences(built, keras) {
  if (!keras) return null;
  const out = [];
  const shapes = (ws) => JSON.stringify(ws.map((w) => w.shape));
  if (keras.output_shape && JSON.stringify(built.outputShape) !== JSON.stringify(keras.output_shape)) out.push(`it outputs ${JSON.stringify(built.outputShape)} where Keras' outputs ${JSON.stringify(keras.output_shape)}`);
  if (shapes(built.weights) !== shapes(keras.weights)) out.push(`it builds weights ${shapes(built.weights)} where Keras' has ${shapes(keras.weights)}`);
  return out;
}

function configHolding(layer, key, depth = 0) {
  if (!layer || typeof layer !== 'object' || depth > 16) return undefined;
  if (layer.config && typeof layer.config === 'object' && layer.config[key] != null) return layer;
  for (const k of ['layer', 'forward_layer', 'backward_layer', 'cell', 'cells']) {
    for (const inner of [layer.config?.[k]].flat()) {
      const hit = configHolding(inner, key, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * tfjs-layers builds the source's layer with padding='causal' (giving it the output shape of
 * 'valid'), and running it throws for that padding. Another failure shows nothing: null.
 */
async function causalPadding(s, name) {
  const { layer, problems } = sourceLayer(s, name);
  if (problems) return { problems };
  const holder = configHolding(layer, 'padding');
  if (holder?.config.padding !== 'causal') return { problems: [`the source's layer "${name}" has no padding='causal'`] };
  const input = s.inputs.get(name);
  const built = await buildLayer(layer, input);
  if (!built.layer) return null;
  try {
    tfc.tidy(() => built.layer.apply(tfc.zeros(input.map((d) => d ?? 4))));
  } catch (e) {
    const why = String(e?.message ?? e).split('\n')[0];
    return /causal/i.test(why) ? { verified: `tfjs-layers builds "${name}" with padding='causal', and running it throws: ${why}` } : null;
  } finally {
    built.dispose();
  }
  return { problems: [`tfjs-layers runs "${name}" with padding='causal': the refusal is stale`] };
}

/**
 * Keras says the Flatten's output has a dimension of unknown size, and tfjs-layers cannot build it
 * on its input, though it can once those sizes are known.
 */
async function flattenUnknown(s, name) {
  const keras = s.keras?.get(name);
  const input = s.inputs.get(name);
  if (!keras || !input) return null;
  if (!keras.output_shape.slice(1).some((d) => d === null)) return { problems: [`Keras gives "${name}" the output shape ${JSON.stringify(keras.output_shape)}, every dimension known`] };
  const { layer, problems } = sourceLayer(s, name, 'Flatten');
  if (problems) return { problems };
  const known = await buildLayer(layer, input.map((d, i) => (i > 0 && d === null ? 1 : d)));
  if (!known.layer) return null;
  known.dispose();
  const built = await buildLayer(layer, input);
  if (built.error) return { verified: `Keras' "${name}" outputs ${JSON.stringify(keras.output_shape)}, and tfjs-layers says: ${built.error}` };
  built.dispose();
  return { problems: [`tfjs-layers builds "${name}" on ${JSON.stringify(input)}: the refusal is stale`] };
}

/** tfjs-layers works out another output shape for the layer than Keras printed. */
async function batchless(s, name) {
  const keras = s.keras?.get(name);
  if (!keras) return null;
  const { layer, problems } = sourceLayer(s, name);
  if (problems) return { problems };
  const built = await buildLayer(layer, s.inputs.get(name));
  if (!built.layer) return null;
  const got = built.layer.outputShape;
  built.dispose();
  if (JSON.stringify(got) === JSON.stringify(keras.output_shape)) return { problems: [`tfjs-layers gives "${name}" Keras' output shape ${JSON.stringify(got)}: the refusal is stale`] };
  return { verified: `Keras' "${name}" outputs ${JSON.stringify(keras.output_shape)}, tfjs-layers' ${JSON.stringify(got)}` };
}

const camel = (k) => k.replace(/_(\w)/g, (_, c) => c.toUpperCase());
const omit = (cfg, key) => Object.fromEntries(Object.entries(cfg).filter(([k]) => k !== key));

function valueIn(v, key, depth = 0) {
  if (!v || typeof v !== 'object' || depth > 16) return undefined;
  if (!Array.isArray(v) && key in v) return v[key];
  for (const x of Object.values(v)) {
    const hit = valueIn(x, key, depth + 1);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * The stored layer config as tfjs-layers reads one (Keras 2 form): plain values kept, Keras 3
 * objects (dtype policies, initializers, …) left to tfjs' defaults, wrapped layers kept when tfjs
 * registers their class. Activations are left out too: they decide neither a layer's variables nor
 * its shapes, and Keras 3 names some tfjs spells otherwise (silu). `edit` may change any (nested)
 * layer config on the way.
 */
const PROBE_DROPS = new Set(['dtype', 'name', 'activation', 'recurrent_activation']);
function tfjsForm(layer, edit = (c) => c) {
  const config = {};
  for (const [k, v] of Object.entries(edit(layer.config ?? {}))) {
    if (PROBE_DROPS.has(k)) continue;
    if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && typeof x.class_name === 'string')) config[k] = v.map((x) => tfjsForm(x, edit));
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (typeof v.class_name === 'string' && TFJS_CLASSES.has(v.class_name)) config[k] = tfjsForm(v, edit);
    } else config[k] = v;
  }
  return { class_name: layer.class_name, config };
}

/**
 * Builds one stored layer in tfjs-layers on `inputShape`: {layer, dispose} or {error}. A functional
 * probe (the first output its output), so that a layer of several outputs (an RNN's return_state)
 * builds too.
 */
let probes = 0;
async function buildLayer(layer, inputShape, edit) {
  if (!Array.isArray(inputShape)) return { error: 'no input shape to build on' };
  const { class_name, config } = tfjsForm(layer, edit);
  // a name of its own per probe: tfjs would suffix the weight names of a name built before
  const name = `probe_${++probes}`;
  const input = { class_name: 'InputLayer', name: `${name}_input`, config: { name: `${name}_input`, batch_input_shape: inputShape }, inbound_nodes: [] };
  const probed = { class_name, name, config: { ...config, name }, inbound_nodes: [[[`${name}_input`, 0, 0, {}]]] };
  try {
    const model = await tfl.models.modelFromJSON({ modelTopology: { class_name: 'Model', config: { name, layers: [input, probed], input_layers: [[`${name}_input`, 0, 0]], output_layers: [[name, 0, 0]] } } });
    return { layer: model.getLayer(name), dispose: () => model.dispose() };
  } catch (e) {
    return { error: String(e?.message ?? e).split('\n')[0] };
  }
}

// Builds the internal graph from a Keras model config of any dialect. Dialect-specific key
// spellings are mapped by the dialect modules; the topology (Sequential list, Functional
// inbound nodes in the Keras 1/2 list form or the Keras 3 `__keras_tensor__` form) is here.
import { ErrorCode, KerascopeError } from '../errors.js';
import { MAX_NESTING } from '../readers/limits.js';
import { asShape, badConfig, isObject, type JsonObject } from './config-access.js';
import type { Dialect, IoStructure, LayerCall, LayerNode, ModelGraph, PositionalConstant, TensorRef } from './types.js';
import type { Shape } from '../types/shape.js';
import { dialectFor, type DialectRules, type RefSite } from './dialects.js';
import { mergeBranches } from './legacy-merge.js';
import { sharedObjectId } from './keras3.js';
import { isModelClass, subclassedModel } from './subclassed.js';
import { isKerasHubModel, kerasHubFunctional } from './kerashub/index.js';

interface BuildContext {
  file: string;
  rules: DialectRules;
  depth: number;
  /** Keras' name counter for models the file leaves unnamed, shared by the whole load */
  uids: { sequential: number };
}

export function buildModelGraph(envelope: unknown, file: string, dialect: Dialect): ModelGraph {
  return buildModel(envelope, { file, rules: dialectFor(dialect), depth: 0, uids: { sequential: 0 } });
}

function buildModel(envelope: unknown, ctx: BuildContext): ModelGraph {
  if (ctx.depth > MAX_NESTING) throw badConfig(ctx.file, `models nested deeper than ${MAX_NESTING} levels`);
  if (!isObject(envelope) || typeof envelope.class_name !== 'string') {
    throw badConfig(ctx.file, 'model config has no "class_name"');
  }
  const className = envelope.class_name;
  if (!isModelClass(className)) {
    const rebuilt = kerasHubFunctional(envelope, ctx.file);
    if (rebuilt) return buildFunctional(className, rebuilt, ctx);
    throw notAModel(envelope, ctx.file);
  }
  const config = envelope.config;
  if (className === 'Sequential') return buildSequential(config, ctx);
  return buildFunctional(className, config, ctx);
}

/** A subclassed model saves only its own get_config(): no layer list to rebuild it from. */
function notAModel(envelope: JsonObject, file: string): KerascopeError {
  const sub = subclassedModel(envelope);
  if (sub) {
    return new KerascopeError(
      ErrorCode.Unsupported,
      `the model is a subclassed "${sub.className}" whose config has no layer list; it cannot be reconstructed without its Python code`,
      file,
    );
  }
  return badConfig(file, `top-level class "${String(envelope.class_name)}" is not a model (Sequential, Functional or Model)`);
}

function buildSequential(config: unknown, ctx: BuildContext): ModelGraph {
  // Keras 1 and 2.0-2.1 store the layer list directly as `config`.
  const layerList = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(layerList)) throw badConfig(ctx.file, 'Sequential config has no "layers" list');
  // A bare list saves no name: Keras 2's loader makes `Sequential()`, named `sequential_<n>` by its
  // per-session counter (from 1), the outer model before the ones inside it. kerascope counts the
  // same way, as a fresh session loading this file would; the top level keeps its old default.
  const unnamed = !(isObject(config) && typeof config.name === 'string');
  if (unnamed) ctx.uids.sequential++;
  const name = !unnamed ? (config as JsonObject).name as string : ctx.depth > 0 ? `sequential_${ctx.uids.sequential}` : 'sequential';
  const branches = mergeBranches(layerList[0]);
  if (branches) return buildMergeSequential(name, branches, layerList, ctx);
  const layers: LayerNode[] = [];
  const seen = new Set<string>();
  // Indexed loops here and below: `entries()` made an [index, value] pair per layer.
  for (let i = 0; i < layerList.length; i++) {
    const node = buildLayer(layerList[i], ctx, 'layers', i);
    if (seen.has(node.name)) throw badConfig(ctx.file, `Sequential "${name}" has two layers named "${node.name}"`);
    seen.add(node.name);
    layers.push(node);
  }
  // Keras creates an InputLayer from the first layer's batch_input_shape (or the model's
  // build_config) and hides it from the layer list. Without a shape it is still the model's
  // input: a nested Sequential learns its shape from the call.
  if (layers.length > 0 && layers[0].className !== 'InputLayer') {
    const first = layers[0];
    const buildShape = isObject(config) ? asShape(config.build_input_shape) ?? (isObject(config.build_config) ? asShape(config.build_config.input_shape) : undefined) : undefined;
    // Keras 2 takes a first nested model's input shape from its deepest first layer
    const shape = (first.model ? modelInputShape(first.model, ctx) : ctx.rules.inputShapeOf(first.config)) ?? buildShape;
    layers.unshift(implicitInput(uniqueName(`${first.name}_input`, seen), shape, first.dtype));
    seen.add(layers[0].name);
  }
  if (layers.length > 0) layers[0].implicit = true;
  chain(layers, 1);
  const last = layers[layers.length - 1];
  // tf.keras names the InputLayer it infers on a Sequential's first call `<first layer>_input`
  const second = layers[1];
  const builtOnCall = !!second && layers[0].name === `${second.name}_input` && !ctx.rules.inputShapeOf(second.config);
  return {
    name,
    className: 'Sequential',
    sequential: true,
    layers,
    inputs: layers.length > 0 ? [{ layer: layers[0].name, node: 0, tensor: 0 }] : [],
    outputs: last ? [{ layer: last.name, node: 0, tensor: 0 }] : [],
    dialect: ctx.rules.dialect,
    ...(builtOnCall ? { builtOnCall } : {}),
  };
}

/** The shape a model's first input declares. */
function modelInputShape(model: ModelGraph, ctx: BuildContext): Shape | undefined {
  const input = model.layers.find((l) => l.name === model.inputs[0]?.layer);
  return input ? ctx.rules.inputShapeOf(input.config) : undefined;
}

/** Each layer from `from` on is called once, on the previous layer's output. */
function chain(layers: LayerNode[], from: number): void {
  for (let i = Math.max(1, from); i < layers.length; i++) {
    layers[i].calls = [{ inputs: [{ layer: layers[i - 1].name, node: 0, tensor: 0 }] }];
  }
}

/**
 * `name`, or `name_1`, `name_2`, … : the first not in `taken`. `next` remembers, per name, where
 * the search ended, so that naming n copies of one name costs n steps, not n² (a Keras 1 Merge of
 * 11,000 branches with the same input name took 16 s). Valid because `taken` only grows.
 */
function uniqueName(name: string, taken: Set<string>, next = new Map<string, number>()): string {
  if (!taken.has(name)) return name;
  let i = next.get(name) ?? 1;
  while (taken.has(`${name}_${i}`)) i++;
  next.set(name, i + 1);
  return `${name}_${i}`;
}

/**
 * Keras 1 (and 2.0-2.1 legacy) `Sequential([Merge([branch_a, branch_b]), ...])`: the merged
 * branch models are nested models fed by their own inputs, and the Merge takes their outputs
 * (keras/legacy/models.py rebuilt it the same way).
 */
function buildMergeSequential(name: string, branches: unknown[], layerList: unknown[], ctx: BuildContext): ModelGraph {
  const taken = new Set<string>();
  const suffixes = new Map<string, number>();
  const inputs: LayerNode[] = [];
  const branchNodes = branches.map((raw, i) => {
    const node = buildLayer(raw, ctx, 'layers[0].config.layers', i);
    if (!node.model) throw badConfig(ctx.file, `Merge branch ${i} is not a model`);
    if (!isObject(raw) || !isObject(raw.config) || typeof raw.config.name !== 'string') node.name = `sequential_${i + 1}`;
    node.model.name = node.name;
    // The branch's own input becomes the outer model's input, as get_source_inputs found it.
    const ins = node.model.inputs.map((ref) => {
      const inner = node.model!.layers.find((l) => l.name === ref.layer)!;
      const shape = ctx.rules.inputShapeOf(inner.config);
      const input = implicitInput(uniqueName(inner.name, taken, suffixes), shape, inner.dtype);
      taken.add(input.name);
      inputs.push(input);
      return { layer: input.name, node: 0, tensor: 0 };
    });
    node.calls = [{ inputs: ins }];
    return node;
  });
  const layers: LayerNode[] = [...inputs, ...branchNodes];
  for (const l of branchNodes) {
    if (taken.has(l.name)) throw badConfig(ctx.file, `Sequential "${name}" has two layers named "${l.name}"`);
    taken.add(l.name);
  }
  const rest = layerList.map((raw, i) => buildLayer(raw, ctx, 'layers', i));
  for (const l of rest) {
    if (taken.has(l.name)) throw badConfig(ctx.file, `Sequential "${name}" has two layers named "${l.name}"`);
    taken.add(l.name);
  }
  rest[0].calls = [{ inputs: branchNodes.map((b) => ({ layer: b.name, node: 0, tensor: 0 })) }];
  const start = layers.length;
  layers.push(...rest);
  chain(layers, start + 1);
  const last = layers[layers.length - 1];
  return {
    name,
    className: 'Sequential',
    sequential: false,
    layers,
    inputs: inputs.map((l) => ({ layer: l.name, node: 0, tensor: 0 })),
    outputs: [{ layer: last.name, node: 0, tensor: 0 }],
    dialect: ctx.rules.dialect,
  };
}

function implicitInput(name: string, shape: Shape | undefined, dtype: string): LayerNode {
  return {
    name,
    className: 'InputLayer',
    config: { ...(shape ? { batch_input_shape: shape } : {}), name, dtype },
    calls: [],
    trainable: true,
    dtype,
    implicit: true,
    origin: { className: 'InputLayer', raw: null },
  };
}

function buildFunctional(className: string, config: unknown, ctx: BuildContext): ModelGraph {
  if (!isObject(config) || !Array.isArray(config.layers)) {
    throw badConfig(ctx.file, `${className} config has no "layers" list`);
  }
  const name = typeof config.name === 'string' ? config.name : 'model';
  const layers: LayerNode[] = [];
  const rawNodes: unknown[] = [];
  const byName = new Map<string, LayerNode>();
  for (let i = 0; i < config.layers.length; i++) {
    const raw: unknown = config.layers[i];
    const node = buildLayer(raw, ctx, 'layers', i);
    // Functional configs carry the name beside class_name as well as inside config.
    if (isObject(raw) && typeof raw.name === 'string') node.name = raw.name;
    if (byName.has(node.name)) throw badConfig(ctx.file, `${className} "${name}" has two layers named "${node.name}"`);
    byName.set(node.name, node);
    layers.push(node);
    rawNodes.push(isObject(raw) ? raw.inbound_nodes : undefined);
  }
  const resolve = (ref: TensorRef, where: string, site: RefSite): TensorRef => {
    const target = byName.get(ref.layer);
    if (!target) throw badConfig(ctx.file, `${where} refers to unknown layer "${ref.layer}"`);
    return { ...ref, node: ref.node - ctx.rules.nodeOffset(target, site) };
  };
  for (const [i, node] of layers.entries()) {
    node.calls = parseInboundNodes(rawNodes[i], ctx, node.name).map((call) => ({
      ...call,
      inputs: call.inputs.map((r) => resolve(r, `layer "${node.name}"`, 'call')),
    }));
  }
  const inputList = parseRefList(config.input_layers, ctx, 'input_layers');
  const outputList = parseRefList(config.output_layers, ctx, 'output_layers');
  return {
    name,
    className,
    sequential: false,
    layers,
    inputs: inputList.refs.map((r) => resolve(r, 'input_layers', 'model-io')),
    outputs: outputList.refs.map((r) => resolve(r, 'output_layers', 'model-io')),
    ...(inputList.structure !== undefined ? { inputStructure: inputList.structure } : {}),
    ...(outputList.structure !== undefined ? { outputStructure: outputList.structure } : {}),
    dialect: ctx.rules.dialect,
  };
}

/** Layer `index` of the list at `list`; that path (`layers[3]`) names it in errors and when it has no name. */
function buildLayer(raw: unknown, ctx: BuildContext, list: string, index: number): LayerNode {
  if (!isObject(raw) || typeof raw.class_name !== 'string') {
    throw badConfig(ctx.file, `${list}[${index}] is not a layer (no "class_name")`);
  }
  const rawConfig: JsonObject = isObject(raw.config) ? raw.config : {};
  const { className, config } = ctx.rules.mapLayer(raw.class_name, rawConfig);
  const name = typeof config.name === 'string' ? config.name : typeof raw.name === 'string' ? raw.name : `${list}[${index}]`;
  const node: LayerNode = {
    name,
    className,
    config,
    calls: [],
    trainable: config.trainable !== false,
    dtype: ctx.rules.dtypeOf(config),
    origin: {
      className: raw.class_name,
      module: typeof raw.module === 'string' ? raw.module : undefined,
      registeredName: typeof raw.registered_name === 'string' ? raw.registered_name : undefined,
      raw,
    },
  };
  const shared = sharedObjectId(raw);
  if (shared !== undefined) node.sharedObjectId = shared;
  if (isObject(raw.build_config)) {
    const s = raw.build_config.input_shape;
    const one = asShape(s);
    const many = Array.isArray(s) && s.every((x) => asShape(x)) ? (s as Shape[]) : undefined;
    node.buildInputShape = one ?? many;
  }
  if (isModelClass(className) || isKerasHubModel(raw)) {
    node.model = buildModel(raw, { ...ctx, depth: ctx.depth + 1 });
    // a model saved without a name (Keras 2.0-2.1 Sequential) is named by Keras' counter
    if (Array.isArray(raw.config) && typeof raw.name !== 'string') node.name = node.model.name;
    else node.model.name = name;
  }
  return node;
}

/**
 * Keras 1/2: `[[["name", node, tensor, {kwargs}], …], …]`; Keras 3: `[{args, kwargs}, …]`. Tensors
 * passed as keyword arguments (MHA `value`/`key`, RNN `initial_state`) are inputs too, after the
 * positional ones, each tagged with its keyword.
 */
function parseInboundNodes(raw: unknown, ctx: BuildContext, layer: string): LayerCall[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badConfig(ctx.file, `layer "${layer}" has malformed inbound_nodes`);
  return raw.map((node, i) => {
    const where = `layer "${layer}" inbound node ${i}`;
    const inputs: TensorRef[] = [];
    const inputKeywords: (string | null)[] = [];
    const add = (keyword: string | null) => (ref: TensorRef) => {
      inputs.push(ref);
      inputKeywords.push(keyword);
    };
    if (isObject(node)) {
      const declaredShapes: (Shape | undefined)[] = [];
      const keras = (keyword: string | null) => (ref: TensorRef, shape: Shape | undefined) => {
        add(keyword)(ref);
        declaredShapes.push(shape);
      };
      collectKerasTensors(node.args, keras(null), 0);
      const kwargs = isObject(node.kwargs) ? node.kwargs : {};
      for (const [k, v] of Object.entries(kwargs)) collectKerasTensors(v, keras(k), 0);
      return { inputs, kwargs, inputKeywords, declaredShapes, ...(Array.isArray(node.args) ? { args: node.args } : {}) };
    }
    if (!Array.isArray(node)) throw badConfig(ctx.file, `${where} is malformed`);
    // tf.keras attaches the same kwargs (every argument after the first) to each first-argument tensor
    let kwargs: JsonObject | undefined;
    const constants: PositionalConstant[] = [];
    const entries = firstArgEntries(node);
    if (!entries) throw badConfig(ctx.file, `${where} is malformed`);
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[k];
      if (entry[0] === CONSTANT_VALUE) constants.push({ index: k, value: entry[2] });
      else add(null)(parseRef(entry)!);
      if (isObject(entry[3])) kwargs ??= entry[3];
    }
    // in tf.nest.flatten order (keys sorted), the order Keras' Node lists its inputs in
    for (const k of Object.keys(kwargs ?? {}).sort()) collectListRefs(kwargs![k], add(k), 0);
    return constants.length ? { inputs, kwargs, inputKeywords, constants } : { inputs, kwargs, inputKeywords };
  });
}

/** tf.keras' stand-in for a constant in a call's first argument: `["_CONSTANT_VALUE", -1, value, kwargs]`. */
const CONSTANT_VALUE = '_CONSTANT_VALUE';

/**
 * The tensor entries (`["name", node, tensor, kwargs?]`) of a Keras 1/2 inbound node, flattened in
 * order. A node is usually a list of entries; a layer that keeps its first argument's structure
 * (tf.keras TFOpLambda, `_preserve_input_structure_in_config`) stores a single tensor as the entry
 * itself, and a list argument (`tf.concat([a, b])`) as a list of entries. Undefined when malformed.
 */
function firstArgEntries(node: unknown[]): unknown[][] | undefined {
  if (typeof node[0] === 'string') return [node];
  const out: unknown[][] = [];
  const walk = (v: unknown, depth: number): boolean => {
    if (!Array.isArray(v) || depth > MAX_NESTING) return false;
    if (typeof v[0] === 'string') {
      out.push(v);
      return true;
    }
    return v.every((x) => walk(x, depth + 1));
  };
  return node.every((e) => walk(e, 0)) ? out : undefined;
}

function collectKerasTensors(v: unknown, add: (ref: TensorRef, shape: Shape | undefined) => void, depth: number): void {
  if (depth > MAX_NESTING) return;
  if (Array.isArray(v)) {
    for (const x of v) collectKerasTensors(x, add, depth + 1);
  } else if (isObject(v)) {
    if (v.class_name === '__keras_tensor__' && isObject(v.config)) {
      const ref = parseRef(v.config.keras_history);
      if (ref) add(ref, asShape(v.config.shape));
      return;
    }
    for (const x of Object.values(v)) collectKerasTensors(x, add, depth + 1);
  }
}

/** Keras 2 kwargs name a tensor as `["layer", node, tensor]` (tf.keras `convert_inner_node_data`). */
function collectListRefs(v: unknown, add: (ref: TensorRef) => void, depth: number): void {
  if (depth > MAX_NESTING || !Array.isArray(v)) return;
  if (v.length === 3 && typeof v[0] === 'string' && Number.isInteger(v[1]) && Number.isInteger(v[2])) {
    add({ layer: v[0], node: v[1], tensor: v[2] });
    return;
  }
  for (const x of v) collectListRefs(x, add, depth + 1);
}

function parseRef(entry: unknown): TensorRef | undefined {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string') return undefined;
  const node = typeof entry[1] === 'number' ? entry[1] : 0;
  const tensor = typeof entry[2] === 'number' ? entry[2] : 0;
  return { layer: entry[0], node, tensor };
}

/**
 * `[["a",0,0],["b",0,0]]`, or a single `["a",0,0]` (Keras 3 with one input/output). Keras 3 keeps
 * the structure of nested inputs and outputs: lists (an RNN over stacked cells returning
 * `[out, [h1], [h2, c2]]` gives `[["rnn",0,0], [["rnn",0,1]], …]`) and dicts
 * (`{"num": ["num",0,0], "tok": ["tok",0,0]}`, also inside lists). The flattened order is Keras'
 * `tree.flatten`: list order, dict keys sorted. The structure is kept when it has a dict or nesting.
 */
function parseRefList(raw: unknown, ctx: BuildContext, key: string): { refs: TensorRef[]; structure?: IoStructure } {
  if (raw === undefined || raw === null) return { refs: [] };
  if (!Array.isArray(raw) && !isObject(raw)) throw badConfig(ctx.file, `"${key}" is malformed`);
  const refs: TensorRef[] = [];
  let nested = isObject(raw);
  const walk = (v: unknown, depth: number): IoStructure => {
    if (depth > MAX_NESTING) throw badConfig(ctx.file, `"${key}" is malformed`);
    const ref = parseRef(v);
    if (ref && Array.isArray(v) && !Array.isArray(v[0]) && !isObject(v[0])) {
      refs.push(ref);
      return refs.length - 1;
    }
    if (isObject(v)) {
      nested = true;
      const keys = Object.keys(v);
      if (keys.length === 0) throw badConfig(ctx.file, `"${key}" is malformed`);
      const out: Record<string, IoStructure> = {};
      for (const k of [...keys].sort()) out[k] = walk(v[k], depth + 1);
      return Object.fromEntries(keys.map((k) => [k, out[k]]));
    }
    if (!Array.isArray(v) || (v.length === 0 && depth > 0)) throw badConfig(ctx.file, `"${key}" is malformed`);
    if (depth > 0) nested = true;
    return v.map((e) => walk(e, depth + 1));
  };
  const structure = walk(raw, 0);
  return nested ? { refs, structure } : { refs };
}

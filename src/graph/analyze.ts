// Shape inference and weight computation over the normalized graph, in one topological pass
// (Kahn's algorithm over layer calls: linear in layers + connections, no recursion on chains).
import { variableDtypeOf } from '../normalize/dtype-policy.js';
import { ErrorCode, KerascopeError } from '../errors.js';
import { LayerConfig } from '../layers/config.js';
import { layerSpec } from '../layers/registry.js';
import type { CallArgs, InnerLayer, LayerContext, LayerCost, LayerSpec } from '../layers/types.js';
import { FREE, plus } from '../layers/cost-math.js';
import { buildModelGraph } from '../normalize/graph-builder.js';
import { isModelClass } from '../normalize/subclassed.js';
import { isObject } from '../normalize/config-access.js';
import type { LayerNode, ModelGraph, NormalizedModel, TensorRef } from '../normalize/types.js';
import { isShapeList, type OutputShape, type Shape, type WeightSpec } from '../types/shape.js';
import type { AnalyzedModel, LayerAnalysis, ModelAnalysis } from './types.js';
import { MAX_LAYER_EVALUATIONS } from '../readers/limits.js';

export function analyzeModel(model: NormalizedModel, file = ''): AnalyzedModel {
  const ctx = new Analyzer(model.kerasMajor, file, model.graph.dialect, model.kerasVersion);
  return { ...model, analysis: ctx.analyze(model.graph, null) };
}

/** How many calls a layer node has in the dependency graph: an InputLayer has one, with no inputs. */
function callCount(node: LayerNode): number {
  return node.className === 'InputLayer' ? 1 : node.calls.length;
}

/** Picks tensor `index` of a layer output (a single shape is tensor 0). */
export function tensorOf(out: OutputShape | null, index: number): Shape | null {
  if (out === null) return null;
  if (isShapeList(out)) return out[index] ?? null;
  return index === 0 ? out : null;
}

class Analyzer {
  readonly layerCtx: LayerContext;
  private evaluations = 0;
  /** a nested model called again with the same input shapes gives the same analysis */
  private readonly nested = new Map<ModelGraph, Map<string, ModelAnalysis>>();
  constructor(readonly kerasMajor: 1 | 2 | 3, readonly file: string, readonly dialect: ModelGraph['dialect'], readonly kerasVersion?: string) {
    this.layerCtx = this.contextFor(undefined);
  }

  /** Analyzes `graph`; `inputShapes` overrides the InputLayers' shapes (nested model calls). */
  analyze(graph: ModelGraph, inputShapes: (Shape | null)[] | null): ModelAnalysis {
    // Per-call arrays are made at their final length: an array grown from [] by its first
    // assignment reserves 17 slots, and three of those per layer were most of the analysis' garbage.
    // Layers are found by name once, while the graph is built; later steps go by index.
    const indexOf = new Map<string, number>();
    const layers = graph.layers.map((node, i) => {
      const n = callCount(node);
      indexOf.set(node.name, i);
      return { node, spec: layerSpec(node.className, node.origin.module), callInputs: new Array(n).fill(null), callOutputs: new Array(n).fill(null), weights: null, callCosts: new Array(n).fill(null) } as LayerAnalysis;
    });
    const byName = (name: string): LayerAnalysis | undefined => {
      const i = indexOf.get(name);
      return i === undefined ? undefined : layers[i];
    };
    const override = new Map<string, Shape | null>();
    if (inputShapes) graph.inputs.forEach((ref, i) => override.set(ref.layer, inputShapes[i] ?? null));
    const declared = declaredOutputs(graph);

    // Nodes of the dependency graph: one per layer call (InputLayers have one call with no
    // inputs), numbered layer by layer; edges from a call to the calls that consume its outputs,
    // kept as one flat list per source (offsets + targets) rather than an array per call.
    const first = new Int32Array(layers.length + 1);
    for (let i = 0; i < layers.length; i++) first[i + 1] = first[i] + layers[i].callOutputs.length;
    const total = first[layers.length];
    const idLayer = new Int32Array(total);
    for (let i = 0; i < layers.length; i++) idLayer.fill(i, first[i], first[i + 1]);
    const pending = new Int32Array(total);
    const edgeStart = new Int32Array(total + 1);
    // Per call, the layer index of each of its inputs in order (from refStart[id]): evalCall reads them.
    const refStart = new Int32Array(total + 1);
    const refLayer: number[] = [];
    const sources: number[] = [];
    // Indexed loops: this function runs once per model, often before V8 optimizes it, and a for-of
    // there allocates an iterator result per element.
    for (let id = 0; id < total; id++) {
      const a = layers[idLayer[id]];
      const refs = a.node.calls[id - first[idLayer[id]]]?.inputs ?? [];
      for (let r = 0; r < refs.length; r++) {
        const src = this.source(indexOf, layers, refs[r], a.node.name);
        pending[id]++;
        refLayer.push(src);
        sources.push(first[src] + refs[r].node);
      }
      refStart[id + 1] = refLayer.length;
    }
    for (let e = 0; e < sources.length; e++) edgeStart[sources[e] + 1]++;
    for (let id = 0; id < total; id++) edgeStart[id + 1] += edgeStart[id];
    const dependents = new Int32Array(sources.length);
    const cursor = edgeStart.slice(0, total);
    for (let id = 0; id < total; id++) for (let e = refStart[id]; e < refStart[id + 1]; e++) dependents[cursor[sources[e]]++] = id;

    const queue = new Int32Array(total);
    let queued = 0;
    for (let id = 0; id < total; id++) if (pending[id] === 0) queue[queued++] = id;
    let done = 0;
    while (queued > done) {
      const id = queue[done++];
      const a = layers[idLayer[id]];
      this.evalCall(a, id - first[idLayer[id]], layers, refLayer, refStart[id], override, declared);
      for (let e = edgeStart[id]; e < edgeStart[id + 1]; e++) if (--pending[dependents[e]] === 0) queue[queued++] = dependents[e];
    }
    if (done < total) {
      const stuck = layers[idLayer[pending.findIndex((p) => p > 0)]].node.name;
      throw new KerascopeError(ErrorCode.BadConfig, `the layer graph has a cycle (through layer "${stuck}")`, this.file);
    }
    for (let i = 0; i < layers.length; i++) if (layers[i].callOutputs.length === 0) this.evalUncalled(layers[i]);
    const outputs = graph.outputs.map((ref) => {
      const a = byName(ref.layer);
      return a ? tensorOf(a.callOutputs[ref.node] ?? null, ref.tensor) : null;
    });
    // A model whose inputs declare no shape was never built (a Sequential with no input shape):
    // Keras shows its layers as unbuilt, which is a state, not a problem to report.
    const unbuilt = graph.inputs.some((ref) => {
      const a = byName(ref.layer);
      return a?.node.className === 'InputLayer' && !a.callOutputs[0];
    });
    if (unbuilt) for (const a of layers) if (a.weights === null && !a.node.buildInputShape) a.problem = undefined;
    return new Analysis(graph, layers, outputs, unbuilt);
  }

  /** The index of the layer `ref` names, once the reference is checked. */
  private source(indexOf: Map<string, number>, layers: LayerAnalysis[], ref: TensorRef, consumer: string): number {
    const i = indexOf.get(ref.layer);
    if (i === undefined) throw new KerascopeError(ErrorCode.BadConfig, `layer "${consumer}" refers to unknown layer "${ref.layer}"`, this.file);
    const calls = callCount(layers[i].node);
    // A node index of 1.5 (or 1e-9) passed a range check alone and indexed nothing.
    if (!Number.isInteger(ref.node) || ref.node < 0 || ref.node >= calls) {
      throw new KerascopeError(ErrorCode.BadConfig, `layer "${consumer}" refers to call ${ref.node} of "${ref.layer}", which has ${calls}`, this.file);
    }
    return i;
  }

  /** Evaluates one call; its i-th input comes from layers[refLayer[firstRef + i]]. */
  private evalCall(a: LayerAnalysis, call: number, layers: LayerAnalysis[], refLayer: number[], firstRef: number, override: Map<string, Shape | null>, declared: Map<string, Shape[]>): void {
    const refs = a.node.calls[call]?.inputs ?? [];
    let inputs: Shape[] | null = new Array<Shape>(refs.length);
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      const s = tensorOf(layers[refLayer[firstRef + i]].callOutputs[ref.node] ?? null, ref.tensor);
      if (s === null) {
        inputs = null;
        break;
      }
      inputs[i] = s;
    }
    if (a.node.className === 'InputLayer' && override.has(a.node.name)) {
      a.callInputs[call] = [];
      a.callOutputs[call] = override.get(a.node.name)!;
      a.weights = [];
      a.callCosts[call] = FREE;
      return;
    }
    // Call arguments only where the file recorded some (layers without them see no `call`).
    const recorded = a.node.calls[call];
    let args: CallArgs | undefined =
      recorded && (recorded.kwargs || recorded.inputKeywords)
        ? { kwargs: recorded.kwargs ?? {}, inputKeywords: recorded.inputKeywords ?? refs.map(() => null), constants: recorded.constants, ...(recorded.args ? { args: recorded.args } : {}) }
        : undefined;
    // Keras 3 records the shape each layer was built with; use it when upstream is unknown.
    if (inputs === null && call === 0 && a.node.buildInputShape) {
      inputs = asShapes(a.node.buildInputShape);
      args = undefined;
    }
    a.callInputs[call] = inputs;
    if (inputs === null) {
      a.callOutputs[call] = declaredOutput(declared, a.node.name, call);
      a.callCosts[call] = null;
      // A layer that owns no weights owns none whatever its input: its params are known (0).
      if (a.spec && !a.spec.weights && !a.node.model) a.weights = [];
      a.problem ??= 'input shape unknown';
      return;
    }
    try {
      this.apply(a, inputs, args, call);
    } catch (e) {
      if (isLimit(e)) throw e;
      a.callOutputs[call] = declaredOutput(declared, a.node.name, call);
      a.callCosts[call] = null;
      if (a.spec && !a.spec.weights && !a.node.model) a.weights ??= [];
      a.problem ??= problemText(e);
    }
  }

  /** A layer nobody calls: Keras 3 still knows its build shape; otherwise it is unbuilt. */
  private evalUncalled(a: LayerAnalysis): void {
    if (!a.node.buildInputShape) {
      a.weights = a.spec && !a.spec.weights ? [] : null;
      return;
    }
    try {
      this.apply(a, asShapes(a.node.buildInputShape), undefined, -1);
    } catch (e) {
      if (isLimit(e)) throw e;
      a.problem ??= problemText(e);
    }
  }

  /**
   * Builds `a` on `inputs` as its call number `call` does: the call's output shape and cost go to
   * that call's slots, the weights are kept from the first call (Keras builds then; every call
   * must be able to build them). `call` -1: a layer nobody calls, of which only the weights are kept. Results are written in place: result
   * objects per call were a tenth of a large model's garbage.
   */
  private apply(a: LayerAnalysis, inputs: Shape[], args: CallArgs | undefined, call: number): void {
    if (++this.evaluations > MAX_LAYER_EVALUATIONS) {
      throw new KerascopeError(ErrorCode.LimitExceeded, `shape inference needs more than ${MAX_LAYER_EVALUATIONS} layer evaluations (layers called or nested too often)`, this.file);
    }
    const node = a.node;
    if (node.model) {
      const inner = this.analyzeNested(node.model, inputs);
      a.inner ??= inner;
      const outs = inner.outputs;
      if (outs.some((s) => s === null)) throw new Error('nested model output shape unknown');
      // worked out on every call: a call they cannot be built for fails
      const weights = nestedWeights(inner, this.dialect);
      if (call <= 0) a.weights = ownWeights(node, weights);
      if (call < 0) return;
      a.callOutputs[call] = outs.length === 1 ? outs[0]! : (outs as Shape[]);
      try {
        a.callCosts[call] = nestedCost(inner);
      } catch (e) {
        costFailed(a, call, e);
      }
      return;
    }
    const spec = a.spec;
    if (!spec) throw new UnknownClass(node.className);
    const cfg = new LayerConfig(node.name, node.className, node.config, spec.defaults);
    const ctx = args ? this.contextFor(args) : this.layerCtx;
    const output = spec.outputShape(cfg, inputs, ctx);
    const weights = spec.weights ? spec.weights(cfg, inputs, ctx) : [];
    if (call <= 0) a.weights = ownWeights(node, weights);
    if (call < 0) return;
    a.callOutputs[call] = output;
    try {
      a.callCosts[call] = specCost(spec, cfg, inputs, output, ctx);
    } catch (e) {
      costFailed(a, call, e);
    }
  }

  /** The context layer functions see; built field by field (`{ ...ctx, call }` took a third of a 1,000-layer analysis). */
  private contextFor(call: CallArgs | undefined): LayerContext {
    return { kerasMajor: this.kerasMajor, kerasVersion: this.kerasVersion, dialect: this.dialect, resolveInner: (s) => this.resolveInner(s), call };
  }

  private analyzeNested(graph: ModelGraph, inputs: Shape[]): ModelAnalysis {
    let byShapes = this.nested.get(graph);
    if (!byShapes) this.nested.set(graph, (byShapes = new Map()));
    const key = JSON.stringify(inputs);
    let inner = byShapes.get(key);
    if (!inner) byShapes.set(key, (inner = this.analyze(graph, inputs)));
    return inner;
  }

  private resolveInner(serialized: unknown): InnerLayer {
    if (!isObject(serialized) || typeof serialized.class_name !== 'string') {
      throw new KerascopeError(ErrorCode.BadConfig, 'a wrapped layer has no "class_name"', this.file);
    }
    const config = isObject(serialized.config) ? serialized.config : {};
    const className = serialized.class_name;
    const name = typeof config.name === 'string' ? config.name : className.toLowerCase();
    if (isModelClass(className)) {
      const graph = buildModelGraph(serialized, this.file, this.dialect);
      return {
        name,
        className,
        outputShape: (inputs) => {
          const outs = this.analyze(graph, inputs).outputs;
          if (outs.some((s) => s === null)) throw new Error('nested model output shape unknown');
          return outs.length === 1 ? outs[0]! : (outs as Shape[]);
        },
        weights: (inputs) => nestedWeights(this.analyze(graph, inputs), this.dialect),
        cost: (inputs) => nestedCost(this.analyze(graph, inputs)),
      };
    }
    const spec = layerSpec(className);
    if (!spec) throw new UnknownClass(className);
    const cfg = new LayerConfig(name, className, config, spec.defaults);
    const trainable = config.trainable !== false;
    return {
      name,
      className,
      outputShape: (inputs) => spec.outputShape(cfg, inputs, this.layerCtx),
      weights: (inputs) => {
        const ws = spec.weights ? spec.weights(cfg, inputs, this.layerCtx) : [];
        // a wrapped layer's variables are in its own policy's dtype when it names one (else the wrapper's)
        const dtype = config.dtype === undefined ? undefined : variableDtypeOf(config.dtype);
        return ws.map((w) => ({ ...w, trainable: w.trainable && trainable, ...(w.dtype ?? dtype ? { dtype: w.dtype ?? dtype } : {}) }));
      },
      cost: (inputs) => specCost(spec, cfg, inputs, spec.outputShape(cfg, inputs, this.layerCtx), this.layerCtx),
    };
  }
}

/**
 * The shapes the file declares for each layer call's output tensors, by `layer|call`: Keras 3 writes
 * a tensor's shape where it is consumed. Used where a call's output cannot be inferred (a custom
 * class), so that the layers after it are inferred as usual.
 */
function declaredOutputs(graph: ModelGraph): Map<string, Shape[]> {
  const out = new Map<string, Shape[]>();
  for (const node of graph.layers) {
    for (const call of node.calls) {
      call.declaredShapes?.forEach((shape, i) => {
        const ref = call.inputs[i];
        if (!shape || !ref) return;
        const key = `${ref.layer}|${ref.node}`;
        const tensors = out.get(key) ?? [];
        tensors[ref.tensor] ??= shape;
        out.set(key, tensors);
      });
    }
  }
  return out;
}

/** The declared output of a call: its one tensor's shape, or all of them when each is declared; else null. */
function declaredOutput(declared: Map<string, Shape[]>, layer: string, call: number): OutputShape | null {
  const tensors = declared.get(`${layer}|${call}`);
  if (!tensors || tensors.length === 0) return null;
  for (let i = 0; i < tensors.length; i++) if (!tensors[i]) return null;
  return tensors.length === 1 ? tensors[0] : tensors;
}

/**
 * A model's analysis; `byName` is made on first use: the analysis goes by index, and a summary
 * never looks a layer up by name (a 10,000-entry map was a tenth of a large summary's memory).
 */
class Analysis implements ModelAnalysis {
  private names?: Map<string, LayerAnalysis>;
  constructor(
    public graph: ModelGraph,
    public layers: LayerAnalysis[],
    public outputs: (Shape | null)[],
    public unbuilt: boolean,
  ) {}
  get byName(): Map<string, LayerAnalysis> {
    return (this.names ??= new Map(this.layers.map((a) => [a.node.name, a])));
  }
}

/**
 * A layer's weights as it owns them: all frozen when the layer is not trainable; each in its own
 * dtype, the layer policy's variable dtype unless the layer function named another.
 */
function ownWeights(node: LayerNode, weights: WeightSpec[]): WeightSpec[] {
  return weights.map((w) => ({ ...w, trainable: w.trainable && node.trainable, dtype: w.dtype ?? node.dtype }));
}

/** A cost that cannot be worked out never fails the analysis: the call's cost is unknown, and why is noted. */
function costFailed(a: LayerAnalysis, call: number, e: unknown): void {
  if (isLimit(e)) throw e;
  a.callCosts[call] = null;
  a.costProblem ??= problemText(e);
}

/** A layer without a cost function costs nothing when it owns no weights, and is unknown when it does. */
function specCost(spec: LayerSpec, cfg: LayerConfig, inputs: Shape[], output: OutputShape, ctx: LayerContext): LayerCost {
  if (spec.cost) return spec.cost(cfg, inputs, output, ctx);
  if (!spec.weights) return FREE;
  throw new Error(`cost of ${cfg.className} is not modelled`);
}

/** A nested model costs what its layers' calls cost. */
function nestedCost(inner: ModelAnalysis): LayerCost {
  const costs: LayerCost[] = [];
  for (const l of inner.layers) {
    for (const c of l.callCosts) {
      if (c === null) throw new Error(`cost of nested layer "${l.node.name}" unknown${l.costProblem ? ` (${l.costProblem})` : ''}`);
      costs.push(c);
    }
  }
  return plus(...costs);
}

export class UnknownClass extends Error {
  constructor(readonly className: string) {
    super(`unknown layer class "${className}"`);
  }
}

function isLimit(e: unknown): boolean {
  return e instanceof KerascopeError && e.code === ErrorCode.LimitExceeded;
}

function problemText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function asShapes(s: Shape | Shape[]): Shape[] {
  return isShapeList(s) ? s : [s];
}

/** A nested model owns its layers' weights, named `<layer>/<weight>` as Keras names them. */
function nestedWeights(inner: ModelAnalysis, dialect: ModelGraph['dialect']): WeightSpec[] {
  if (dialect === 'keras3') return keras3VariablePaths(inner).map((w) => ({ ...w, name: w.name.split('/').slice(1).join('/') }));
  const out: WeightSpec[] = [];
  for (const l of inner.layers) {
    if (!l.weights) throw new Error(`weights of nested layer "${l.node.name}" unknown`);
    for (const w of l.weights) out.push({ ...w, name: `${l.node.name}/${w.name}` });
  }
  return out;
}

/**
 * Keras 3 names a variable after the scope that built its layer: a Sequential builds its layers
 * under its own name (`seq/dense/kernel`), a Functional's layers were built when called
 * (`dense/kernel`). A nested model's weights are listed by that path below its first part.
 */
function keras3VariablePaths(analysis: ModelAnalysis): WeightSpec[] {
  const g = analysis.graph;
  const out: WeightSpec[] = [];
  for (const l of analysis.layers) {
    if (l.node.model && l.inner) {
      const frozen = !l.node.trainable;
      for (const w of keras3VariablePaths(l.inner)) out.push(frozen ? { ...w, trainable: false } : w);
      continue;
    }
    if (!l.weights) throw new Error(`weights of nested layer "${l.node.name}" unknown`);
    const scope = g.sequential ? `${g.name}/` : '';
    for (const w of l.weights) out.push({ ...w, name: `${scope}${l.node.name}/${w.name}` });
  }
  return out;
}

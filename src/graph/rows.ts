// Per-layer records for the summary: what one row of Keras' table says, as data.
import type { LayerAnalysis, ModelAnalysis } from './types.js';
import type { OutputShape, WeightSpec } from '../types/shape.js';
import { sizeOf } from '../types/shape.js';
import { dialectFor } from '../normalize/dialects.js';
import { pythonClassName } from '../normalize/keras3.js';

export interface LayerRow {
  name: string;
  className: string;
  /** output of each call, in call order (null = unknown) */
  outputs: (OutputShape | null)[];
  /** null when the weights could not be computed */
  params: number | null;
  weights: WeightSpec[] | null;
  /** per call, the tensors it consumed as `[layer, node, tensor]`, nodes numbered as Keras numbers them */
  connections: [string, number, number][][];
  /** nesting depth (0 = top level), for expand_nested */
  depth: number;
  dtype: string;
  trainable: boolean;
  /** Keras never built it: a model without inputs, and no recorded build shape */
  unbuilt: boolean;
  problem?: string;
  unknownClass: boolean;
  /** absent for rows read from storage alone (graph/storage-tree.ts) */
  analysis?: LayerAnalysis;
}

export function paramsOf(weights: WeightSpec[] | null): number | null {
  if (!weights) return null;
  let n = 0;
  for (const w of weights) n += sizeOf(w.shape);
  return n;
}

/** A row and, for a nested model, the rows of its own layers. */
export interface LayerRowTree {
  row: LayerRow;
  children: LayerRowTree[];
}

/** Rows as Keras lists them: Sequential hides its InputLayer; nested rows follow their model when expanded. */
export function layerRows(analysis: ModelAnalysis, options: { expandNested?: boolean } = {}): LayerRow[] {
  const out: LayerRow[] = [];
  const visit = (trees: LayerRowTree[]) => {
    for (const t of trees) {
      out.push(t.row);
      visit(t.children);
    }
  };
  visit(layerRowTree(analysis, options));
  return out;
}

const NO_CHILDREN: readonly LayerRowTree[] = Object.freeze([]);

export function layerRowTree(analysis: ModelAnalysis, options: { expandNested?: boolean } = {}, depth = 0): LayerRowTree[] {
  const trees: LayerRowTree[] = [];
  for (const a of analysis.layers) {
    if (a.node.implicit) continue;
    const children = options.expandNested && a.inner ? layerRowTree(a.inner, options, depth + 1) : (NO_CHILDREN as LayerRowTree[]);
    trees.push({ row: new Row(a, analysis, depth), children });
  }
  return trees;
}

/**
 * A LayerRow read from its layer's analysis when asked. `connections` is worked out on each read
 * (once per render): a Sequential's table never shows it. Fields copied into each row were a
 * tenth of a 10,000-layer summary's memory.
 */
class Row implements LayerRow {
  constructor(
    readonly analysis: LayerAnalysis,
    private readonly model: ModelAnalysis,
    readonly depth: number,
  ) {}

  get name(): string {
    return this.analysis.node.name;
  }
  get className(): string {
    // A registered custom class is saved as `Package>Name`; Keras prints the Python class name.
    const c = this.analysis.node.className;
    return this.analysis.spec ? c : pythonClassName(c);
  }
  get outputs(): (OutputShape | null)[] {
    return this.analysis.callOutputs;
  }
  get params(): number | null {
    return paramsOf(this.analysis.weights);
  }
  get weights(): WeightSpec[] | null {
    return this.analysis.weights;
  }
  get dtype(): string {
    return this.analysis.node.dtype;
  }
  get trainable(): boolean {
    return this.analysis.node.trainable;
  }
  get unbuilt(): boolean {
    const a = this.analysis;
    return this.model.unbuilt && !a.node.buildInputShape && a.weights === null && Boolean(a.spec?.weights);
  }
  get problem(): string | undefined {
    return this.analysis.problem;
  }
  get unknownClass(): boolean {
    return !this.analysis.spec && !this.analysis.node.model;
  }

  get connections(): [string, number, number][][] {
    // The graph re-bases node indices to calls; Keras prints its own numbering.
    const rules = dialectFor(this.model.graph.dialect);
    const kerasNode = (layer: string, call: number) => {
      const target = this.model.byName.get(layer)?.node;
      return target ? call + rules.nodeOffset(target, 'printed') : call;
    };
    return this.analysis.node.calls.map((c) => c.inputs.map((r) => [r.layer, kerasNode(r.layer, r.node), r.tensor] as [string, number, number]));
  }
}

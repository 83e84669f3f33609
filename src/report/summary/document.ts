// What a summary says, before any layout: the model's name, its columns, the row tree and the
// totals. Each Keras layout (format-keras2.ts, format-keras3.ts) renders this one record.
import type { AnalyzedModel } from '../../graph/types.js';
import { layerRowTree, type LayerRowTree } from '../../graph/rows.js';
import { isSequentialLike } from '../../graph/sequential-like.js';
import { modelTotals, type Totals } from '../../graph/stats.js';
import { summaryColumns, type Column } from './columns.js';
import { modelCost, type ModelCost } from '../../graph/cost.js';

/** Optimizer variables that Keras 3 counts into the totals once the optimizer is built. */
export interface OptimizerTotals {
  count: number;
  bytes: number;
}

export interface SummaryDocument {
  modelName: string;
  sequentialLike: boolean;
  columns: Column[];
  rows: LayerRowTree[];
  totals: Totals;
  /** the trainable split is not known (a summary from storage): those totals print as `?` */
  splitUnknown?: boolean;
  optimizer?: OptimizerTotals;
  /** with --cost: per-row costs and their totals */
  cost?: ModelCost;
}

export interface DocumentOptions {
  expandNested?: boolean;
  showTrainable?: boolean;
  optimizer?: OptimizerTotals;
  /** add the cost columns for `batch` samples */
  cost?: { batch: number };
}

export function summaryDocument(model: AnalyzedModel, options: DocumentOptions = {}): SummaryDocument {
  const analysis = model.analysis;
  const sequentialLike = isSequentialLike(analysis.graph);
  return {
    modelName: analysis.graph.name,
    sequentialLike,
    columns: summaryColumns(sequentialLike, options.showTrainable ?? false, options.cost !== undefined),
    rows: layerRowTree(analysis, { expandNested: options.expandNested }),
    totals: modelTotals(analysis),
    ...(options.optimizer ? { optimizer: options.optimizer } : {}),
    ...(options.cost ? { cost: modelCost(model, options.cost.batch) } : {}),
  };
}

// The summary's columns and their titles, shared by every Keras layout.
import type { LayerRow } from '../../graph/rows.js';
import { COST_COLUMNS, COST_COLUMN_TITLES, type CostColumn } from './cost-columns.js';

export type KerasColumn = 'layer' | 'output' | 'params' | 'connected' | 'trainable';
export type Column = KerasColumn | CostColumn;

export const COLUMN_TITLES: Record<Column, string> = {
  layer: 'Layer (type)',
  output: 'Output Shape',
  params: 'Param #',
  connected: 'Connected to',
  trainable: 'Trainable',
  ...COST_COLUMN_TITLES,
};

/**
 * Sequential-like models get 3 columns, others add "Connected to"; show_trainable adds one more;
 * kerascope's cost columns come last.
 */
export function summaryColumns(sequentialLike: boolean, showTrainable: boolean, cost = false): Column[] {
  const cols: Column[] = ['layer', 'output', 'params'];
  if (!sequentialLike) cols.push('connected');
  if (showTrainable) cols.push('trainable');
  if (cost) cols.push(...COST_COLUMNS);
  return cols;
}

/** The Connected to entries, `name[node][tensor]` for every tensor of every call. */
export function connectionNames(row: LayerRow): string[] {
  return row.connections.flat().map(([layer, node, tensor]) => `${layer}[${node}][${tensor}]`);
}

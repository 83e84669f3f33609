// The summary's columns and their titles, shared by every Keras layout.
import type { LayerRow } from '../../graph/rows.js';

export type Column = 'layer' | 'output' | 'params' | 'connected' | 'trainable';

export const COLUMN_TITLES: Record<Column, string> = {
  layer: 'Layer (type)',
  output: 'Output Shape',
  params: 'Param #',
  connected: 'Connected to',
  trainable: 'Trainable',
};

/** Sequential-like models get 3 columns, others add "Connected to"; show_trainable adds one more. */
export function summaryColumns(sequentialLike: boolean, showTrainable: boolean): Column[] {
  const cols: Column[] = ['layer', 'output', 'params'];
  if (!sequentialLike) cols.push('connected');
  if (showTrainable) cols.push('trainable');
  return cols;
}

/** The Connected to entries, `name[node][tensor]` for every tensor of every call. */
export function connectionNames(row: LayerRow): string[] {
  return row.connections.flat().map(([layer, node, tensor]) => `${layer}[${node}][${tensor}]`);
}

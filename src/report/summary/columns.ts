// The summary's columns and their titles, shared by every Keras layout.

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

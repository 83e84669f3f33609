// The columns and totals `--cost` adds to a Keras summary (docs/cost.md). They come after Keras'
// own columns, each of a fixed width, so that Keras' columns keep the widths Keras gives them.
import type { LayerRow } from '../../graph/rows.js';
import type { ModelCost } from '../../graph/cost.js';
import { readableBytes, withCommas } from './numbers.js';

export type CostColumn = 'macs' | 'activations' | 'weight_memory';
export const COST_COLUMNS: readonly CostColumn[] = ['macs', 'activations', 'weight_memory'];

export const COST_COLUMN_TITLES: Record<CostColumn, string> = {
  macs: 'MACs',
  activations: 'Activation mem',
  weight_memory: 'Weight mem',
};

/** Content width of each cost column: 999,999,999,999 MACs, "1023.99 KB" and the titles fit. */
export const COST_COLUMN_WIDTHS: Record<CostColumn, number> = { macs: 15, activations: 14, weight_memory: 12 };
/** What a column adds to a table's width besides its content: padding or gaps, and a border. */
export const COST_COLUMN_SPACING = 3;

export function isCostColumn(c: string): c is CostColumn {
  return (COST_COLUMNS as readonly string[]).includes(c);
}

export function costCellText(col: CostColumn, row: LayerRow, cost: ModelCost | undefined): string {
  const c = row.analysis && cost?.byLayer.get(row.analysis);
  const value = c ? { macs: c.macs, activations: c.activationBytes, weight_memory: c.weightBytes }[col] : null;
  if (value === null) return '?';
  return col === 'macs' ? withCommas(value) : readableBytes(value, 'B');
}

/** Lines after Keras' totals: the model's MACs and FLOPs, activation and weight memory. */
export function costTotalsLines(cost: ModelCost): string[] {
  const t = cost.totals;
  const per = t.batch === 1 ? 'per sample' : `batch of ${t.batch}`;
  const lines = [
    `Total MACs: ${withCommas(t.macs)} (${per})`,
    `Total FLOPs: ${withCommas(t.flops)} (${per})`,
    `Activation memory: ${readableBytes(t.activationBytes, 'B')} (${per})`,
    `Weight memory: ${readableBytes(t.weightBytes, 'B')}`,
  ];
  if (t.unknown.length) lines.push(`Cost unknown (left out of the totals): ${t.unknown.join(', ')}`);
  return lines;
}

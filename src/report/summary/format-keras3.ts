// Keras 3 summaries (keras/src/utils/summary_utils.py): a rich table, HEAVY_HEAD box with a rule
// between rows, column widths from the relative positions, param counts with commas, then the
// totals with memory sizes. Captured text carries no colours, so rich's markup is left out.
import { ErrorCode, KerascopeError } from '../../errors.js';
import type { LayerRow, LayerRowTree } from '../../graph/rows.js';
import { isShapeList, type OutputShape, type Shape } from '../../types/shape.js';
import { columnWidths, renderRichTable, type RichColumn } from '../rich/table.js';
import type { Justify } from '../rich/wrap.js';
import { COLUMN_TITLES, connectionNames, type Column } from './columns.js';
import type { SummaryDocument } from './document.js';
import { readableBytes, withCommas } from './numbers.js';
import { COST_COLUMN_WIDTHS, costCellText, costTotalsLines, isCostColumn } from './cost-columns.js';
import type { ModelCost } from '../../graph/cost.js';

/**
 * Keras 3 clamps its default width to the terminal minus 4; output that is not a terminal (logs,
 * notebooks, CI, pipes) measures 80 columns, hence 76. An explicit line length is not clamped.
 */
export const KERAS3_TERMINAL_COLUMNS = 80;

const SEQUENTIAL = { lineLength: 88, positions: [0.45, 0.8, 1.0] };
const FUNCTIONAL = { lineLength: 108, positions: [0.3, 0.56, 0.74, 1.0] };
/** show_trainable: the default width grows by 12 and the other columns shrink to 90% */
const TRAINABLE_EXTRA = 12;
const TRAINABLE_SHRINK = 0.9;
/** Keras refuses to print a column narrower than this */
const MIN_COLUMN_WIDTH = 4;

const JUSTIFY: Record<Column, Justify> = {
  layer: 'left', output: 'left', params: 'right', connected: 'left', trainable: 'center',
  macs: 'right', activations: 'right', weight_memory: 'right',
};

export interface Keras3Options {
  lineLength?: number;
}

export function keras3DefaultLineLength(doc: SummaryDocument): number {
  const base = doc.sequentialLike ? SEQUENTIAL.lineLength : FUNCTIONAL.lineLength;
  const wanted = doc.columns.includes('trainable') ? base + TRAINABLE_EXTRA : base;
  return Math.min(wanted, KERAS3_TERMINAL_COLUMNS - 4);
}

export function formatKeras3(doc: SummaryDocument, options: Keras3Options = {}): string {
  const lineLength = options.lineLength ?? keras3DefaultLineLength(doc);
  const layout = doc.sequentialLike ? SEQUENTIAL : FUNCTIONAL;
  const positions = doc.columns.includes('trainable') ? [...layout.positions.map((p) => p * TRAINABLE_SHRINK), 1.0] : layout.positions;
  let current = 0;
  const kerasColumns: RichColumn[] = [];
  for (const [i, c] of doc.columns.entries()) {
    if (isCostColumn(c)) continue;
    const width = Math.trunc(positions[i] * lineLength) - current;
    if (width < MIN_COLUMN_WIDTH) throw new KerascopeError(ErrorCode.Usage, `line length ${lineLength} is too small for this summary (Keras: "Insufficient console width")`);
    current += width;
    kerasColumns.push({ header: COLUMN_TITLES[c], width, justify: JUSTIFY[c] });
  }
  const { columns, width } = withCostColumns(doc, kerasColumns, lineLength);
  const rows = flatten(doc.rows).map(({ row, level }) => doc.columns.map((c) => cellText(c, row, level, doc.cost)));

  const t = doc.totals;
  const opt = doc.optimizer ?? { count: 0, bytes: 0 };
  const total = (label: string, count: number, bytes: number) => ` ${label}: ${withCommas(count)} (${readableBytes(bytes, 'B')})`;
  const split = (label: string, count: number, bytes: number) => (doc.splitUnknown ? ` ${label}: ?` : total(label, count, bytes));
  const out = [
    `Model: "${doc.modelName}"`,
    ...renderRichTable({ columns, rows, width }),
    total('Total params', t.total + opt.count, t.totalBytes + opt.bytes),
    split('Trainable params', t.trainable, t.trainableBytes),
    split('Non-trainable params', t.nonTrainable, t.nonTrainableBytes),
  ];
  if (doc.optimizer) out.push(total('Optimizer params', opt.count, opt.bytes));
  if (doc.cost) out.push(...costTotalsLines(doc.cost).map((l) => ` ${l}`));
  return `${out.join('\n')}\n`;
}

/**
 * Keras' columns keep the widths rich gives them at `lineLength`; the cost columns are added at
 * their own widths and the table grows by exactly what they take, so nothing is redistributed.
 */
function withCostColumns(doc: SummaryDocument, kerasColumns: RichColumn[], lineLength: number): { columns: RichColumn[]; width: number } {
  const cost = doc.columns.filter(isCostColumn);
  if (cost.length === 0) return { columns: kerasColumns, width: lineLength };
  const settled = columnWidths({ columns: kerasColumns, rows: [], width: lineLength });
  const columns = [
    ...kerasColumns.map((c, i) => ({ ...c, width: Math.max(0, settled[i] - 2) })),
    ...cost.map((c) => ({ header: COLUMN_TITLES[c], width: COST_COLUMN_WIDTHS[c], justify: JUSTIFY[c] })),
  ];
  const width = columns.reduce((n, c) => n + c.width + 2, 0) + columns.length + 1;
  return { columns, width };
}

function flatten(trees: LayerRowTree[], level = 0): { row: LayerRow; level: number }[] {
  return trees.flatMap((t) => [{ row: t.row, level }, ...flatten(t.children, level + 1)]);
}

function cellText(col: Column, row: LayerRow, level: number, cost: ModelCost | undefined): string {
  if (isCostColumn(col)) return costCellText(col, row, cost);
  switch (col) {
    case 'layer':
      return `${level ? '   '.repeat(level) + '└ ' : ''}${row.name} (${row.className})`;
    case 'output':
      return outputShapeText(row);
    case 'params':
      if (row.unbuilt) return '0 (unbuilt)';
      return row.params === null ? '?' : withCommas(row.params);
    case 'connected':
      // A nested model's own layers have no nodes in this model.
      return (level === 0 && connectionNames(row).join(', ')) || '-';
    case 'trainable':
      // An unbuilt layer has no weights yet.
      if (row.unbuilt) return '-';
      if (row.weights === null) return '?';
      return row.weights.length === 0 ? '-' : row.trainable ? 'Y' : 'N';
  }
}

/** Keras 3 prints the last call's output: `(None, 8)`, a list for several tensors, `?` if unknown. */
function outputShapeText(row: LayerRow): string {
  const last = row.outputs[row.outputs.length - 1];
  if (!last) return '?';
  return isShapeList(last) && last.length === 1 ? keras3Tuple(last[0]) : keras3Output(last);
}

/** format_shape joins the dims, so a 1-d shape is `(None)`, not Python's `(None,)`. */
function keras3Tuple(shape: Shape): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

function keras3Output(out: OutputShape): string {
  return isShapeList(out) ? `[${out.map(keras3Tuple).join(', ')}]` : keras3Tuple(out);
}

// A port of the part of rich.table.Table that Keras 3's summary uses: fixed-width columns, a total
// `width`, the HEAVY_HEAD box with edges, cell padding (0, 1), `show_lines=True`, plain text cells
// (no styles). Column widths, wrapping and truncation follow rich exactly so the text matches
// byte for byte (rich/table.py _calculate_column_widths and _render, rich/_ratio.py).
import { setCellSize } from './cells.js';
import { wrapText, type Justify } from './wrap.js';

export interface RichColumn {
  header: string;
  /** the column's content width (rich adds the padding) */
  width: number;
  justify: Justify;
}

export interface RichTable {
  columns: RichColumn[];
  rows: string[][];
  /** total table width, borders included (rich's `Table(width=…)`) */
  width: number;
}

const PAD = 1; // cell padding left and right

// HEAVY_HEAD: heavy top and header, light body.
const BOX = {
  top: ['┏', '━', '┳', '┓'],
  head: ['┃', '┃', '┃'],
  headRule: ['┡', '━', '╇', '┩'],
  mid: ['│', '│', '│'],
  rowRule: ['├', '─', '┼', '┤'],
  foot: ['│', '│', '│'],
  bottom: ['└', '─', '┴', '┘'],
} as const;

/** Python's round(): halves go to the even neighbour. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** rich's ratio_reduce: take `total` away from `values`, in proportion to `ratios`, at most `maximums`. */
export function ratioReduce(total: number, ratios: number[], maximums: number[], values: number[]): number[] {
  const r = ratios.map((ratio, i) => (maximums[i] ? ratio : 0));
  let totalRatio = r.reduce((a, b) => a + b, 0);
  if (!totalRatio) return [...values];
  let remaining = total;
  return values.map((value, i) => {
    if (!r[i] || totalRatio <= 0) return value;
    const distributed = Math.min(maximums[i], pyRound((r[i] * remaining) / totalRatio));
    remaining -= distributed;
    totalRatio -= r[i];
    return value - distributed;
  });
}

/** rich's ratio_distribute (no minimums): split `total` in proportion to `ratios`, rounding up. */
export function ratioDistribute(total: number, ratios: number[]): number[] {
  let totalRatio = ratios.reduce((a, b) => a + b, 0);
  let remaining = total;
  return ratios.map((ratio) => {
    const distributed = totalRatio > 0 ? Math.ceil((ratio * remaining) / totalRatio) : remaining;
    totalRatio -= ratio;
    remaining -= distributed;
    return distributed;
  });
}

/** Width of each column including padding, excluding borders (Table._calculate_column_widths). */
export function columnWidths(table: RichTable): number[] {
  const n = table.columns.length;
  const maxWidth = table.width - (2 + (n - 1));
  // A fixed-width column measures width + padding, capped at the space available.
  const measure = (c: RichColumn, available: number) => (available < 1 ? 0 : Math.min(c.width + 2 * PAD, available));
  let widths = table.columns.map((c) => measure(c, maxWidth) || 1);
  let tableWidth = widths.reduce((a, b) => a + b, 0);
  if (tableWidth > maxWidth) {
    // Fixed columns cannot collapse, so rich's last resort applies: reduce all evenly.
    widths = ratioReduce(tableWidth - maxWidth, widths.map(() => 1), widths, widths);
    tableWidth = widths.reduce((a, b) => a + b, 0);
    widths = table.columns.map((c, i) => measure(c, widths[i]));
  }
  if (tableWidth < maxWidth) {
    const pad = ratioDistribute(maxWidth - tableWidth, widths);
    widths = widths.map((w, i) => w + pad[i]);
  }
  return widths;
}

function rule([left, fill, cross, right]: readonly string[], widths: number[]): string {
  return left + widths.map((w) => fill.repeat(w)).join(cross) + right;
}

/** Renders the table as lines (no trailing newline). */
export function renderRichTable(table: RichTable): string[] {
  const widths = columnWidths(table);
  const out: string[] = [rule(BOX.top, widths)];
  const allRows = [table.columns.map((c) => c.header), ...table.rows];
  allRows.forEach((cells, index) => {
    const header = index === 0;
    const last = index === allRows.length - 1;
    const rendered = cells.map((text, i) => {
      const inner = widths[i] - 2 * PAD;
      // rich renders nothing into a cell with no room inside its padding.
      if (inner < 1) return [];
      // Padding, then the cell is cropped to its column (narrow columns lose their padding).
      return wrapText(text, inner, table.columns[i].justify).map((l) => setCellSize(' '.repeat(PAD) + l + ' '.repeat(PAD), widths[i]));
    });
    const height = Math.max(1, ...rendered.map((lines) => lines.length));
    // Header cells sit at the bottom of their row, body cells at the top.
    const shaped = rendered.map((lines, i) => {
      const blank = Array<string>(height - lines.length).fill(' '.repeat(widths[i]));
      return header ? [...blank, ...lines] : [...lines, ...blank];
    });
    const [left, divider, right] = header ? BOX.head : last ? BOX.foot : BOX.mid;
    for (let line = 0; line < height; line++) out.push(left + shaped.map((c) => c[line]).join(divider) + right);
    if (header) out.push(rule(BOX.headRule, widths));
    else if (!last) out.push(rule(BOX.rowRule, widths));
  });
  out.push(rule(BOX.bottom, widths));
  return out;
}

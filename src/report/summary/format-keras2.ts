// Keras 2.x / tf.keras summaries (`print_summary` in keras/utils/layer_utils.py). Three layouts:
//  - Keras <= 2.6: `_` rules between rows, each cell cut at its column's end (the famous
//    `max_pooling2d_1 (MaxPooling2`), extra connections on rows of their own;
//  - tf.keras 2.7-2.12: a blank row after every row, cells wrap (27 chars in the first column at
//    65 wide), Connected to as a Python list;
//  - tf.keras 2.13+ / tf-keras: cells one char narrower, 4-column positions moved, totals without
//    commas but with memory sizes.
import { ErrorCode, KerascopeError } from '../../errors.js';
import type { LayerRow, LayerRowTree } from '../../graph/rows.js';
import { COLUMN_TITLES, connectionNames, type Column } from './columns.js';
import type { SummaryDocument } from './document.js';
import { readableBytes, withCommas } from './numbers.js';
import { COST_COLUMN_SPACING, COST_COLUMN_WIDTHS, costCellText, costTotalsLines, isCostColumn } from './cost-columns.js';
import type { ModelCost } from '../../graph/cost.js';
import { pyHead, pyShape, pyStr, pyStrList, pyTuple, ShapeTexts, type PyStr } from './python-repr.js';
import { isShapeList } from '../../types/shape.js';

export interface Keras2Layout {
  /** `cut`: Keras <= 2.6 rows; `wrap`: 2.7-2.12; `wrap-aligned`: 2.13+ (cells one narrower) */
  cells: 'cut' | 'wrap' | 'wrap-aligned';
  /** the `Model: "name"` line (Keras >= 2.3 and every tf.keras) */
  modelLine: boolean;
  /** tf.keras prints an InputLayer's output as a one-element list `[(None, 16)]` */
  inputLayerAsList: boolean;
  /** relative column ends of the 4-column layout */
  functionalPositions: readonly number[];
  /** `commas`: `Total params: 1,250,858`; `memory`: `Total params: 1250858 (4.77 MB)` */
  totals: 'commas' | 'memory';
}

export const KERAS2_LAYOUTS = {
  '2.2': { cells: 'cut', modelLine: false, inputLayerAsList: false, functionalPositions: [0.33, 0.55, 0.67, 1], totals: 'commas' },
  '2.7': { cells: 'wrap', modelLine: true, inputLayerAsList: true, functionalPositions: [0.33, 0.55, 0.67, 1], totals: 'commas' },
  '2.13': { cells: 'wrap-aligned', modelLine: true, inputLayerAsList: true, functionalPositions: [0.3, 0.6, 0.7, 1], totals: 'memory' },
} as const satisfies Record<string, Keras2Layout>;

export interface Keras2Options {
  lineLength?: number;
}

const SEQUENTIAL_POSITIONS = [0.45, 0.85, 1];
const SEQUENTIAL_LINE_LENGTH = 65;
const FUNCTIONAL_LINE_LENGTH = 98;
/** show_trainable widens the table by this much and appends a column ending at the new width */
const TRAINABLE_EXTRA = 11;
/** tf.keras 2.7+ breaks a cell right after these, so lists of shapes and names wrap one per line */
const LINE_BREAKS = ['),', '},', '],', "',"];

export function formatKeras2(doc: SummaryDocument, layout: Keras2Layout, options: Keras2Options = {}): string {
  const cols = doc.columns;
  let lineLength = options.lineLength ?? (doc.sequentialLike ? SEQUENTIAL_LINE_LENGTH : FUNCTIONAL_LINE_LENGTH);
  const relative = doc.sequentialLike ? SEQUENTIAL_POSITIONS : layout.functionalPositions;
  const positions = relative.map((p) => Math.floor(lineLength * p));
  if (cols.includes('trainable')) {
    if (layout.cells === 'cut') throw usage('Keras <= 2.6 has no show_trainable: use style 2.7 or later');
    lineLength += TRAINABLE_EXTRA;
    positions.push(lineLength);
  }
  // kerascope's cost columns widen the table the way show_trainable does, each by its own width
  for (const c of cols) {
    if (!isCostColumn(c)) continue;
    lineLength += COST_COLUMN_WIDTHS[c] + COST_COLUMN_SPACING;
    positions.push(lineLength);
  }
  const hasChildren = doc.rows.some((t) => t.children.length > 0);
  if (hasChildren && layout.cells === 'cut') throw usage('Keras <= 2.6 has no expand_nested: use style 2.7 or later');

  const printer = new RowPrinter(layout, positions, lineLength, doc.cost);
  const out = new Lines();
  if (layout.modelLine) out.push(`Model: "${doc.modelName}"`);
  out.push('_'.repeat(lineLength));
  printer.rowInto(cols.map((c) => COLUMN_TITLES[c]), 0, out);
  out.push('='.repeat(lineLength));
  if (layout.cells === 'cut') {
    doc.rows.forEach((t, i) => {
      for (const line of printer.cutRows(t.row, cols)) out.push(line);
      out.push((i === doc.rows.length - 1 ? '=' : '_').repeat(lineLength));
    });
  } else {
    for (const t of doc.rows) printer.layer(t, 0, false, cols, out);
    out.push('='.repeat(lineLength));
  }
  for (const line of totalsLines(doc, layout)) out.push(line);
  if (doc.cost) for (const line of costTotalsLines(doc.cost)) out.push(line);
  out.push('_'.repeat(lineLength));
  return out.text();
}

/**
 * Lines joined a few hundred at a time, while the strings they are built of are still in the
 * processor's cache: a 10,000-layer summary joined at the end re-read 10 MB of scattered
 * concatenations (a fifth of its time) and kept them alive until then.
 */
class Lines {
  private readonly chunks: string[] = [];
  private readonly pending: string[] = [];
  push(line: string): void {
    this.pending.push(line);
    if (this.pending.length === LINES_PER_CHUNK) {
      this.chunks.push(this.pending.join('\n'));
      this.pending.length = 0;
    }
  }
  text(): string {
    if (this.pending.length > 0) this.chunks.push(this.pending.join('\n'));
    return `${this.chunks.join('\n')}\n`;
  }
}
const LINES_PER_CHUNK = 256;

function usage(message: string): KerascopeError {
  return new KerascopeError(ErrorCode.Usage, message);
}

class RowPrinter {
  /** the blank row after a layer, per nesting level: made once, printed after every layer */
  private readonly blankRows: string[] = [];
  /** one row's cell texts, refilled for each row (a row is printed before the next is made) */
  private readonly cells: string[] = [];
  private readonly shapes = new ShapeTexts();

  constructor(
    readonly layout: Keras2Layout,
    readonly positions: number[],
    readonly lineLength: number,
    readonly cost?: ModelCost,
  ) {}

  /** The row's cells in column order, in the one array this printer refills. */
  private cellTexts(row: LayerRow, cols: Column[], connected: string): string[] {
    const cells = this.cells;
    cells.length = cols.length;
    for (let i = 0; i < cols.length; i++) cells[i] = this.cellText(cols[i], row, connected);
    return cells;
  }

  private cellText(c: Column, row: LayerRow, connected: string): string {
    if (isCostColumn(c)) return costCellText(c, row, this.cost);
    switch (c) {
      case 'layer':
        return `${row.name} (${row.className})`;
      case 'output':
        return outputShapeText(row, this.layout, this.shapes);
      case 'params':
        return row.params === null ? '?' : String(row.params);
      case 'connected':
        return connected;
      case 'trainable':
        return row.trainable ? 'Y' : 'N';
    }
  }

  /** Keras <= 2.6: the first connection on the layer's row, each further one on a row of its own. */
  cutRows(row: LayerRow, cols: Column[]): string[] {
    const connections = cols.includes('connected') ? connectionNames(row) : [];
    const first = this.cellTexts(row, cols, connections[0] ?? '');
    const lines = [cutRow(first, this.positions)];
    for (const extra of connections.slice(1)) lines.push(cutRow(cols.map((c) => (c === 'connected' ? extra : '')), this.positions));
    return lines;
  }

  /** tf.keras 2.7+ print_layer: the row, an expanded nested model framed by `|` and `¯`, a blank row. */
  layer(tree: LayerRowTree, level: number, isNestedLast: boolean, cols: Column[], out: Lines): void {
    // Connections of a nested model's own layers are not nodes of this model: Keras prints [].
    const connected = !cols.includes('connected') ? '' : level === 0 ? pyStrList(connectionNames(tree.row)) : '[]';
    this.rowInto(this.cellTexts(tree.row, cols, connected), level, out);
    let last = isNestedLast;
    if (tree.children.length > 0) {
      const n = tree.children.length;
      out.push(frame('¯', level + 1, this.lineLength - 2 * level - 2));
      tree.children.forEach((child, i) => this.layer(child, level + 1, i === n - 1, cols, out));
      out.push(frame('¯', level, this.lineLength - 2 * level));
      // Keras reuses its is_nested_last variable here, so no blank row follows an expanded model.
      last = true;
    }
    if (!last) out.push((this.blankRows[level] ??= frame(' ', level, this.lineLength - 2 * level)));
  }

  /** One logical row; `cut` layouts give one line, wrapping layouts as many as the cells need. */
  rowInto(fields: string[], level: number, out: Lines): void {
    if (this.layout.cells === 'cut') {
      out.push(cutRow(fields, this.positions));
      return;
    }
    const single = this.singleLine(fields, level);
    if (single !== null) out.push(single);
    else this.wrappedRow(fields, level, out);
  }

  /** A cell's width in its column: print_row's `cutoff`. */
  private cutoff(col: number, level: number): number {
    const { positions } = this;
    const aligned = this.layout.cells === 'wrap-aligned';
    const lastCol = positions.length - 1;
    let cutoff = positions[col] - (col > 0 ? positions[col - 1] : 0) - (col !== lastCol ? 2 : 0);
    if (aligned && col !== lastCol) cutoff -= 1;
    if (aligned && col === 0) cutoff -= level;
    return cutoff;
  }

  /** Where print_row pads a column's text to. */
  private padTo(col: number, level: number): number {
    const aligned = this.layout.cells === 'wrap-aligned';
    const lastCol = this.positions.length - 1;
    return this.positions[col] - ((aligned ? level > 0 && col === lastCol : level > 0) ? level : 0);
  }

  /** Spaces after a cell that ends at `width`: the two between cells, or as many as reach the column's end. */
  private gapAfter(col: number, level: number, width: number): number {
    return Math.max(col !== this.positions.length - 1 ? 2 : 0, this.padTo(col, level) - width);
  }

  /**
   * The usual row, every cell printable ASCII that fits its column with no break marker: the one
   * line wrappedRow would print, built without its bookkeeping (most of a summary's time at 10^4
   * layers). null when the row needs wrapping.
   */
  private singleLine(fields: string[], level: number): string | null {
    let line = rowOpening(level);
    let width = level + 1;
    let any = false;
    for (let col = 0; col < fields.length; col++) {
      const cell = fields[col];
      if (!fitsPlain(cell, this.cutoff(col, level))) return null;
      any ||= cell.length > 0;
      line += cell;
      width += cell.length;
      const gap = this.gapAfter(col, level, width);
      line += spaces(gap);
      width += gap;
    }
    return any ? rowClosing(line, level) : null;
  }

  /** tf.keras 2.7+ print_row, reproduced with Python's string semantics. */
  private wrappedRow(fields: string[], level: number, out: Lines): void {
    const cells = fields.map(codePoints);
    // Code points of each cell already printed: advancing an offset instead of re-slicing the
    // rest keeps a cell of n characters linear (Keras' `text[cutoff:]` copies, n²/width).
    const done = new Array<number>(cells.length).fill(0);
    let before = 0;
    for (const cell of cells) before += cell.length;
    while (before > 0) {
      // the line and its length in code points (what Python's len() and padding count)
      let line = rowOpening(level);
      let width = level + 1;
      let after = 0;
      for (let col = 0; col < cells.length; col++) {
        const cell = cells[col];
        let take = pyHeadLength(cell.length - done[col], this.cutoff(col, level));
        let fit = cell.slice(done[col], done[col] + take);
        const cut = breakCut(fit);
        if (cut < take) {
          take = cut;
          fit = codePoints(fit).slice(0, take);
        }
        done[col] += take;
        after += cell.length - done[col];
        line += fit;
        width += take;
        const gap = this.gapAfter(col, level, width);
        line += spaces(gap);
        width += gap;
      }
      out.push(rowClosing(line, level));
      // Keras loops forever when a column is too narrow to take anything; refuse instead.
      if (after >= before) throw usage(`line length ${this.lineLength} is too small for this summary`);
      before = after;
    }
  }
}

/** A row's start at nesting `level`: a `|` per level, then a space (level + 1 characters). */
function rowOpening(level: number): string {
  return level > 0 ? `${'|'.repeat(level)} ` : ' ';
}

/** A row's end: a `|` per nesting level. */
function rowClosing(line: string, level: number): string {
  return level > 0 ? line + '|'.repeat(level) : line;
}

/** how many code points Python's `rest[:n]` (and so `rest[n:]`) takes from a rest of `len` */
function pyHeadLength(len: number, n: number): number {
  return n < 0 ? Math.max(0, len + n) : Math.min(len, n);
}

/**
 * tf.keras 2.7+ ends a cell's line just after the first break marker in what fits (code points up
 * to and including it); Infinity when there is none. The markers are ASCII, so string and
 * code-point indices agree up to them.
 */
function breakCut(fit: string): number {
  let first = Infinity;
  for (const b of LINE_BREAKS) {
    const i = fit.indexOf(b);
    if (i >= 0 && i < first) first = i;
  }
  return first === Infinity ? first : codePoints(fit.slice(0, first)).length + 2;
}

/** Printable ASCII, at most `cutoff` long, with no break marker: a cell print_row leaves whole. */
function fitsPlain(cell: string, cutoff: number): boolean {
  if (cell.length > cutoff) return false;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
    // LINE_BREAKS: `),` `},` `],` `',`
    if (c === 0x2c && i > 0) {
      const p = cell.charCodeAt(i - 1);
      if (p === 0x29 || p === 0x7d || p === 0x5d || p === 0x27) return false;
    }
  }
  return true;
}

/** A string indexed as Python indexes it, by code point; plain ASCII (the usual cell) is not split. */
interface CodePoints {
  length: number;
  slice(from: number, to?: number): string;
}

function codePoints(s: string): CodePoints {
  if (PLAIN.test(s)) return s;
  const points = Array.from(s);
  return { length: points.length, slice: (from, to) => points.slice(from, to).join('') };
}

/** printable ASCII only: string indices are code points, as Python counts them */
const PLAIN = /^[\x20-\x7e]*$/;

/** Keras <= 2.6 print_row: each field is appended, then the line is cut or padded to the column end. */
function cutRow(fields: string[], positions: number[]): string {
  let line: PyStr = [];
  fields.forEach((field, i) => {
    // The last character before a new field becomes a space, so cut cells never touch.
    if (i > 0) line = [...line.slice(0, -1), ' '];
    line = pyHead([...line, ...pyStr(field)], positions[i]);
    if (positions[i] > line.length) line = line.concat(Array<string>(positions[i] - line.length).fill(' '));
  });
  return line.join('');
}

function frame(fill: string, level: number, width: number): string {
  return '|'.repeat(level) + fill.repeat(Math.max(0, width)) + '|'.repeat(level);
}

/** `n` spaces, each length made once (padding is most of a summary's text) */
function spaces(n: number): string {
  return (spaceRuns[n] ??= ' '.repeat(n));
}
const spaceRuns: string[] = [];

/**
 * str(layer.output_shape): the shape when every call agrees; `multiple` when calls differ or the
 * layer was never called (Keras' AttributeError); `?` where kerascope could not infer a shape.
 */
function outputShapeText(row: LayerRow, layout: Keras2Layout, shapes: ShapeTexts): string {
  const outs = row.outputs;
  if (outs.length === 0) return 'multiple';
  for (const o of outs) if (o === null) return '?';
  const only = outs[0]!;
  const text = shapes.of(only);
  for (let i = 1; i < outs.length; i++) if (pyShape(outs[i]!) !== text) return 'multiple';
  if (layout.inputLayerAsList && row.className === 'InputLayer' && !Array.isArray(only[0])) return `[${pyTuple(only as (number | null)[])}]`;
  if (row.analysis?.spec?.tupleOutputs && isShapeList(only)) return `(${text.slice(1, -1)})`;
  return text;
}

function totalsLines(doc: SummaryDocument, layout: Keras2Layout): string[] {
  const t = doc.totals;
  const lines =
    layout.totals === 'commas'
      ? [`Total params: ${withCommas(t.total)}`, `Trainable params: ${withCommas(t.trainable)}`, `Non-trainable params: ${withCommas(t.nonTrainable)}`]
      : [
          `Total params: ${t.total} (${readableBytes(t.totalBytes, 'Byte')})`,
          `Trainable params: ${t.trainable} (${readableBytes(t.trainableBytes, 'Byte')})`,
          `Non-trainable params: ${t.nonTrainable} (${readableBytes(t.nonTrainableBytes, 'Byte')})`,
        ];
  return doc.splitUnknown ? [lines[0], 'Trainable params: ?', 'Non-trainable params: ?'] : lines;
}

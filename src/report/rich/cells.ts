// Terminal cell widths, as rich measures them (rich/cells.py): most characters take one cell,
// East Asian wide/fullwidth characters and emoji take two, control and combining characters none.
// The ranges below cover the wide blocks rich's table marks as 2; rarer scripts count as 1.

const WIDE_RANGES: readonly [number, number][] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x18cff], [0x1b000, 0x1b2ff], [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a], [0x1f200, 0x1f2ff], [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb], [0x1f90c, 0x1f9ff], [0x1fa70, 0x1faff], [0x20000, 0x3fffd],
];

const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufe00-\ufe0f]/u;
// Fast path: printable ASCII and Latin-1 are always one cell.
const SINGLE_CELL_ONLY = /^[\x20-\x7e\xa0-\u02ff]*$/;

export function charCells(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if ((cp > 0 && cp < 32) || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (ZERO_WIDTH.test(ch)) return 0;
  let lo = 0;
  let hi = WIDE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = WIDE_RANGES[mid];
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return 2;
  }
  return 1;
}

/** Number of terminal cells `text` occupies (rich's cell_len). */
export function cellLen(text: string): number {
  if (SINGLE_CELL_ONLY.test(text)) return text.length;
  let n = 0;
  for (const ch of text) n += charCells(ch);
  return n;
}

/** Crops or pads `text` with spaces to exactly `total` cells (rich's set_cell_size). */
export function setCellSize(text: string, total: number): string {
  if (SINGLE_CELL_ONLY.test(text)) return text.length < total ? text + ' '.repeat(total - text.length) : text.slice(0, Math.max(0, total));
  if (total <= 0) return '';
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charCells(ch);
    if (used + w > total) break;
    out += ch;
    used += w;
  }
  return out + ' '.repeat(total - used);
}

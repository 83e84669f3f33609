// rich's word wrapping of plain text (rich/_wrap.py divide_line, Text.wrap, Lines.justify) with the
// overflow rule tables use by default, "ellipsis": words wrap at spaces; a word longer than the line
// gets a line of its own and is cut to `width - 1` cells plus "…".
import { cellLen, setCellSize } from './cells.js';

export type Justify = 'left' | 'right' | 'center';

const WORD = /\s*\S+\s*/y;

/** Each "word" with the spaces around it, as rich's `words()` yields them. */
function* words(text: string): Generator<{ start: number; word: string }> {
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) yield { start: m.index, word: m[0] };
}

/** Offsets (string indices) where the line breaks so that each piece fits `width` cells. */
export function divideLine(text: string, width: number): number[] {
  const breaks: number[] = [];
  let offset = 0;
  for (const { start, word } of words(text)) {
    const wordLength = cellLen(word.trimEnd());
    if (width - offset >= wordLength) {
      offset += cellLen(word);
    } else if (wordLength > width) {
      // Too long for any line: alone on its line, to be cut with an ellipsis (no folding).
      if (start) breaks.push(start);
      offset = cellLen(word);
    } else if (offset && start) {
      breaks.push(start);
      offset = cellLen(word);
    }
  }
  return breaks;
}

/** Drops trailing whitespace that lies beyond `size` characters (Text.rstrip_end). */
function rstripEnd(line: string, size: number): string {
  const excess = line.length - size;
  if (excess <= 0) return line;
  const trailing = line.length - line.trimEnd().length;
  return line.slice(0, line.length - Math.min(trailing, excess));
}

/** Text.truncate with overflow "ellipsis". */
function truncate(line: string, width: number): string {
  return cellLen(line) > width ? setCellSize(line, width - 1) + '…' : line;
}

function justify(line: string, width: number, how: Justify): string {
  if (how === 'left') {
    const length = cellLen(line);
    if (length > width) return truncate(line, width);
    return line + ' '.repeat(Math.max(0, width - length));
  }
  const cut = truncate(line.trimEnd(), width);
  const free = Math.max(0, width - cellLen(cut));
  if (how === 'right') return ' '.repeat(free) + cut;
  const left = Math.floor(free / 2);
  return ' '.repeat(left) + cut + ' '.repeat(free - left);
}

/** The lines rich renders for `text` in a `width`-cell cell, each exactly `width` cells wide. */
export function wrapText(text: string, width: number, how: Justify): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const cuts = [0, ...divideLine(paragraph, width), paragraph.length];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const line = rstripEnd(paragraph.slice(cuts[i], cuts[i + 1]), width);
      out.push(setCellSize(justify(line, width, how), width));
    }
  }
  return out;
}

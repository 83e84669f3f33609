// The rich table port against text printed by Python rich 15.0.0 itself for the same tables
// (Table(*Column(header, justify, width), width=…, show_lines=True), captured without colours).
import { describe, expect, test } from 'vitest';
import { ratioReduce, renderRichTable, type RichColumn } from '../../src/report/rich/table.js';
import { divideLine, wrapText } from '../../src/report/rich/wrap.js';
import { cellLen } from '../../src/report/rich/cells.js';

const table = (cols: [string, number, RichColumn['justify']][], rows: string[][], width: number) =>
  `${renderRichTable({ columns: cols.map(([header, w, justify]) => ({ header, width: w, justify })), rows, width }).join('\n')}\n`;

describe('renderRichTable matches rich', () => {
  test("wrap at spaces, ellipsis for a long word", () => {
    expect(table([["Name", 10, 'left']], [["alpha beta gamma"], ["supercalifragilistic"]], 14)).toBe(
      "┏━━━━━━━━━━━━┓\n" +
      "┃ Name       ┃\n" +
      "┡━━━━━━━━━━━━┩\n" +
      "│ alpha beta │\n" +
      "│ gamma      │\n" +
      "├────────────┤\n" +
      "│ supercali… │\n" +
      "└────────────┘\n",
    );
  });
  test("right and center alignment", () => {
    expect(table([["L", 6, 'left'], ["C", 6, 'center'], ["R", 6, 'right']], [["ab", "ab", "ab"], ["a b c d", "abc", "1,234"]], 30)).toBe(
      "┏━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━┓\n" +
      "┃ L       ┃    C    ┃      R ┃\n" +
      "┡━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━┩\n" +
      "│ ab      │   ab    │     ab │\n" +
      "├─────────┼─────────┼────────┤\n" +
      "│ a b c d │   abc   │  1,234 │\n" +
      "└─────────┴─────────┴────────┘\n",
    );
  });
  test("a word with its comma is cut whole", () => {
    expect(table([["Connected to", 12, 'left']], [["gaussian_noise[0][0], input_layer_2[0][0]"]], 16)).toBe(
      "┏━━━━━━━━━━━━━━┓\n" +
      "┃ Connected to ┃\n" +
      "┡━━━━━━━━━━━━━━┩\n" +
      "│ gaussian_no… │\n" +
      "│ input_layer… │\n" +
      "└──────────────┘\n",
    );
  });
  test("widths reduce to fit the table width", () => {
    expect(table([["A", 20, 'left'], ["B", 20, 'left'], ["C", 20, 'right']], [["x", "y", "1"]], 40)).toBe(
      "┏━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━┓\n" +
      "┃ A          ┃ B          ┃          C ┃\n" +
      "┡━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━┩\n" +
      "│ x          │ y          │          1 │\n" +
      "└────────────┴────────────┴────────────┘\n",
    );
  });
  test("narrower than the content: header wraps and sits at the bottom", () => {
    expect(table([["Layer (type)", 6, 'left'], ["N", 3, 'right']], [["dense (Dense)", "12"]], 16)).toBe(
      "┏━━━━━━━━┳━━━━━┓\n" +
      "┃ Layer  ┃     ┃\n" +
      "┃ (type) ┃   N ┃\n" +
      "┡━━━━━━━━╇━━━━━┩\n" +
      "│ dense  │  12 │\n" +
      "│ (Dens… │     │\n" +
      "└────────┴─────┘\n",
    );
  });
  test("wide characters take two cells", () => {
    expect(table([["Name", 8, 'left']], [["层层层层层"]], 12)).toBe(
      "┏━━━━━━━━━━┓\n" +
      "┃ Name     ┃\n" +
      "┡━━━━━━━━━━┩\n" +
      "│ 层层层 … │\n" +
      "└──────────┘\n",
    );
  });
});
describe('rich text rules', () => {
  test('divideLine breaks before words that do not fit, and isolates words longer than the line', () => {
    expect(divideLine('alpha beta gamma', 10)).toEqual([11]);
    expect(divideLine('ab supercalifragilistic cd', 10)).toEqual([3, 24]);
    expect(divideLine('fits', 10)).toEqual([]);
  });

  test('wrapText pads every line to the width', () => {
    expect(wrapText('a b', 5, 'left')).toEqual(['a b  ']);
    expect(wrapText('a b', 5, 'right')).toEqual(['  a b']);
    expect(wrapText('abcdefgh', 5, 'left')).toEqual(['abcd…']);
  });

  test('ratioReduce rounds halves to even, as Python round() does', () => {
    // 5 over two equal columns: round(2.5) = 2 for the first, the other takes 3.
    expect(ratioReduce(5, [1, 1], [10, 10], [10, 10])).toEqual([8, 7]);
    // Keras 3 at line length 88: 41/33/20 cells reduced by 10 to fit 84.
    expect(ratioReduce(10, [1, 1, 1], [41, 33, 20], [41, 33, 20])).toEqual([38, 29, 17]);
  });

  test('cellLen counts East Asian wide characters as two cells', () => {
    expect(cellLen('dense')).toBe(5);
    expect(cellLen('层a')).toBe(3);
  });
});

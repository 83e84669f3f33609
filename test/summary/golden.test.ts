// Summary text, verbatim. Each test/golden/<case>/ holds a model.json and the texts Keras itself
// printed for it (scripts/fixtures/summaries.py): `3*.txt` by Keras 3.15.1, `2.2*.txt`, `2.7*.txt`
// and `2.13*.txt` by the print_summary of Keras 2.2.4, 2.12 and tf-keras 2.15. The file name says
// the options: `-L<n>` line_length, `-expand` expand_nested, `-trainable` show_trainable; none
// means Keras' default width (Keras 3: 76, its width without a terminal).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readModel, summaryText, type LoadedModel, type SummaryStyle, type TextOptions } from '../../src/index.js';

const GOLDEN = join(__dirname, '../golden');
const FIXTURE = join(__dirname, '../../fixtures/cifar10_cnn.json');
const NAME = /^(2\.2|2\.7|2\.13|3)(?:-L(\d+)|-(expand)|-(trainable))?\.txt$/;

function optionsOf(file: string): TextOptions | undefined {
  const m = NAME.exec(file);
  if (!m) return undefined;
  return { style: m[1] as SummaryStyle, lineLength: m[2] ? Number(m[2]) : undefined, expandNested: Boolean(m[3]), showTrainable: Boolean(m[4]) };
}

const golden = (dir: string, file: string) => readFileSync(join(GOLDEN, dir, file), 'utf8');

for (const dir of readdirSync(GOLDEN).sort()) {
  describe(dir, () => {
    const files = readdirSync(join(GOLDEN, dir)).filter((f) => optionsOf(f)).sort();
    let model: LoadedModel;
    test.each(files)('%s', async (file) => {
      model ??= await readModel(join(GOLDEN, dir, 'model.json'));
      expect(summaryText(model, optionsOf(file)!)).toBe(golden(dir, file));
    });
  });
}

describe('fixtures/cifar10_cnn.json (a tf.keras 2.15 config) prints the Keras goldens in every style', () => {
  const files = readdirSync(join(GOLDEN, 'cifar10_cnn')).filter((f) => optionsOf(f)).sort();
  test.each(files)('%s', async (file) => {
    const model = await readModel(FIXTURE);
    expect(summaryText(model, optionsOf(file)!)).toBe(golden('cifar10_cnn', file));
  });

  test('auto picks 2.13 from its keras_version 2.15.0', async () => {
    expect(summaryText(await readModel(FIXTURE), { style: 'auto' })).toBe(golden('cifar10_cnn', '2.13.txt'));
  });

  test('with standalone Keras 2.2.4 names and version, auto prints summary-format.md A.2 verbatim', async () => {
    const model = await readModel(FIXTURE);
    // Keras 2.2.4 numbered auto names from _1: conv2d → conv2d_1, conv2d_1 → conv2d_2, …
    const rename = (n: string) => n.replace(/^(.*?)(?:_(\d+))?$/, (_, base: string, k?: string) => `${base}_${k ? Number(k) + 1 : 1}`);
    for (const layer of model.analysis.layers) layer.node.name = rename(layer.node.name);
    model.kerasVersion = '2.2.4';
    expect(summaryText(model, { style: 'auto' })).toBe(golden('cifar10_cnn', 'keras-2.2.4-names.2.2.txt'));
  });
});

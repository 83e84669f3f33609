// Keras' summary text. Styles: 2.2 (Keras <= 2.6), 2.7 (tf.keras 2.7-2.12), 2.13 (2.13+), 3 (Keras 3).
import type { AnalyzedModel } from '../../graph/types.js';
import { layerRows } from '../../graph/rows.js';
import { modelTotals } from '../../graph/stats.js';
import { majorOf } from '../../normalize/index.js';
import { pyShape } from './python-repr.js';
import { withCommas } from './numbers.js';

export type SummaryStyle = '2.2' | '2.7' | '2.13' | '3';
export const SUMMARY_STYLES: readonly SummaryStyle[] = ['2.2', '2.7', '2.13', '3'];

export interface TextOptions {
  style: SummaryStyle | 'auto';
  lineLength?: number;
  expandNested?: boolean;
}

/** `auto`: the style of the Keras version that wrote the file; Keras 3 when unknown. */
export function styleFor(kerasVersion: string | undefined): SummaryStyle {
  const major = majorOf(kerasVersion);
  if (major === 1) return '2.2';
  if (major !== 2) return '3';
  const minor = Number(/^\d+\.(\d+)/.exec(kerasVersion ?? '')?.[1] ?? 0);
  if (minor <= 6) return '2.2';
  if (minor <= 12) return '2.7';
  return '2.13';
}

export function renderSummaryText(model: AnalyzedModel, options: TextOptions): string {
  const style = options.style === 'auto' ? styleFor(model.kerasVersion) : options.style;
  const lineLength = options.lineLength ?? 65;
  const positions = [0.45, 0.85, 1].map((p) => Math.floor(p * lineLength));
  const rows = layerRows(model.analysis);
  const t = modelTotals(model.analysis);
  const cell = (texts: string[]) => {
    let line = '';
    texts.forEach((text, i) => {
      line += text;
      line = line.slice(0, positions[i]).padEnd(positions[i]);
    });
    return line;
  };
  const out: string[] = [];
  if (style !== '2.2') out.push(`Model: "${model.analysis.graph.name}"`);
  out.push('_'.repeat(lineLength), cell(['Layer (type)', 'Output Shape', 'Param #']), '='.repeat(lineLength));
  rows.forEach((r, i) => {
    const last = r.outputs[r.outputs.length - 1];
    out.push(cell([`${r.name} (${r.className})`, last ? pyShape(last) : '?', String(r.params ?? 0)]));
    out.push(i === rows.length - 1 ? '='.repeat(lineLength) : '_'.repeat(lineLength));
  });
  out.push(`Total params: ${withCommas(t.total)}`, `Trainable params: ${withCommas(t.trainable)}`, `Non-trainable params: ${withCommas(t.nonTrainable)}`, '_'.repeat(lineLength));
  return out.join('\n') + '\n';
}

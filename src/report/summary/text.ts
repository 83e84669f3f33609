// Keras' summary text. Styles name the Keras whose layout is printed:
//   2.2  Keras <= 2.6 (as Keras 2.2.x prints it: no `Model:` line, InputLayer as a tuple)
//   2.7  tf.keras 2.7-2.12
//   2.13 tf.keras 2.13+ and tf-keras
//   3    Keras 3
// `auto` picks the style from the file's keras_version and, for files written by Keras 2.3-2.6
// or a TF 1.13+ tf.keras (`2.2.4-tf`), adds what those versions print on top of the 2.2 layout.
import type { AnalyzedModel } from '../../graph/types.js';
import { majorOf } from '../../normalize/index.js';
import { summaryDocument, type OptimizerTotals, type SummaryDocument } from './document.js';
import { formatKeras2, KERAS2_LAYOUTS, type Keras2Layout } from './format-keras2.js';
import { formatKeras3 } from './format-keras3.js';

export type SummaryStyle = '2.2' | '2.7' | '2.13' | '3';
export const SUMMARY_STYLES: readonly SummaryStyle[] = ['2.2', '2.7', '2.13', '3'];

export interface TextOptions {
  style: SummaryStyle | 'auto';
  /** Keras' line_length; default: Keras' own (65/98 for Keras 2, 76 for Keras 3 without a terminal) */
  lineLength?: number;
  expandNested?: boolean;
  showTrainable?: boolean;
  /** optimizer variables, which Keras 3 adds to its totals when the optimizer is built; null: not built */
  optimizer?: OptimizerTotals | null;
  /** kerascope's cost columns and totals for `batch` samples (docs/cost.md); absent: Keras' text only */
  cost?: { batch: number };
}

/**
 * `auto`: the style of the Keras version that wrote the file. TensorFlow.js files written by
 * tfjs-layers itself (`tfjs-layers 4.x`) are a port of Keras 2.x and get 2.2; unknown → Keras 3.
 */
export function styleFor(kerasVersion: string | undefined): SummaryStyle {
  if (kerasVersion?.startsWith('tfjs-layers')) return '2.2';
  const major = majorOf(kerasVersion);
  if (major === 1) return '2.2';
  if (major !== 2) return '3';
  const minor = minorOf(kerasVersion);
  if (minor <= 6) return '2.2';
  if (minor <= 12) return '2.7';
  return '2.13';
}

function minorOf(version: string | undefined): number {
  return Number(/^\d+\.(\d+)/.exec(version ?? '')?.[1] ?? 0);
}

/** The Keras 2 layout for `style`; with `auto`, refined by what the writing version printed. */
export function keras2Layout(style: Exclude<SummaryStyle, '3'>, autoVersion?: string): Keras2Layout {
  const layout: Keras2Layout = KERAS2_LAYOUTS[style];
  if (style !== '2.2' || autoVersion === undefined || autoVersion.startsWith('tfjs-layers')) return layout;
  const minor = majorOf(autoVersion) === 2 ? minorOf(autoVersion) : 0;
  // tf.keras builds of TF 1.13+ (`2.2.4-tf`) print like later tf.keras; older `-tf` builds
  // (TF 1.5-1.12, `2.1.x-tf`) still print the 2.2 layout.
  const tfKeras = autoVersion.includes('-tf') && minor >= 2;
  // `Model: "name"` appeared in standalone Keras 2.3; tf.keras (and Keras 2.4+, which is
  // tf.keras) also prints an InputLayer's output as a one-element list.
  return { ...layout, modelLine: tfKeras || minor >= 3, inputLayerAsList: tfKeras || minor >= 4 };
}

export function renderSummaryText(model: AnalyzedModel, options: TextOptions): string {
  const auto = options.style === 'auto';
  const style = auto ? styleFor(model.kerasVersion) : (options.style as SummaryStyle);
  const doc = summaryDocument(model, {
    expandNested: options.expandNested,
    showTrainable: options.showTrainable,
    optimizer: style === '3' ? (options.optimizer ?? undefined) : undefined,
    ...(options.cost ? { cost: options.cost } : {}),
  });
  return renderDocument(doc, style, auto ? model.kerasVersion : undefined, options.lineLength);
}

/** A summary document in the layout of `style` (with `autoVersion`: refined by the writing Keras). */
export function renderDocument(doc: SummaryDocument, style: SummaryStyle, autoVersion: string | undefined, lineLength?: number): string {
  if (style === '3') return formatKeras3(doc, { lineLength });
  return formatKeras2(doc, keras2Layout(style, autoVersion), { lineLength });
}

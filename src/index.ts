// kerascope's library API: read a file → normalized model → analysis → summary. The CLI uses
// exactly these functions.
import { openModelFile } from './readers/index.js';
import type { OpenOptions, RawModel } from './readers/types.js';
import { normalize } from './normalize/index.js';
import { analyzeModel } from './graph/analyze.js';
import type { AnalyzedModel } from './graph/types.js';
import { summaryJson, type SummaryJson } from './report/summary/json.js';
import { renderSummaryText, type TextOptions } from './report/summary/text.js';
import { builtOptimizerVariables } from './graph/optimizer.js';

export { KerascopeError, ErrorCode, isKerascopeError } from './errors.js';
export type { RawModel, OpenOptions, WeightStore, StoredLayer, StoredTensor, FormatId, DType } from './readers/types.js';
export type { ModelGraph, LayerNode, LayerCall, TensorRef, NormalizedModel, Dialect } from './normalize/types.js';
export type { AnalyzedModel, ModelAnalysis, LayerAnalysis } from './graph/types.js';
export type { SummaryJson, SummaryLayerJson } from './report/summary/json.js';
export type { Shape, OutputShape, WeightSpec } from './types/shape.js';
export type { TextOptions, SummaryStyle } from './report/summary/text.js';
export { SUMMARY_STYLES, styleFor } from './report/summary/text.js';
export { openModelFile, normalize, analyzeModel, summaryJson };
export { ALL_LAYER_SPECS, layerSpec } from './layers/index.js';

export interface ReadOptions extends Partial<OpenOptions> {
  /** a weights file to pair with a config-only input */
  weights?: string;
}

/** A model read from disk, normalized and analyzed. */
export interface LoadedModel extends AnalyzedModel {
  raw: RawModel;
}

export async function readModel(path: string, options: ReadOptions = {}): Promise<LoadedModel> {
  const raw = await openModelFile(path, options);
  const analyzed = analyzeModel(normalize(raw), raw.file);
  return { ...analyzed, raw };
}

export function summarize(model: LoadedModel): SummaryJson {
  return summaryJson(model, { format: model.raw.format });
}

/** The summary text Keras prints (`model.summary()`), in the layout of `options.style`. */
export function summaryText(model: LoadedModel, options: TextOptions): string {
  const optimizer = options.optimizer ?? builtOptimizerVariables(model.raw, model.analysis, model.backend);
  return renderSummaryText(model, { ...options, optimizer });
}

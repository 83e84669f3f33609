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
import { matchStoredWeights } from './graph/stored-weights.js';
import { ErrorCode, KerascopeError } from './errors.js';
import { weightsSummaryJson, type WeightsSummaryJson } from './report/summary/weights.js';

export { KerascopeError, ErrorCode, isKerascopeError } from './errors.js';
export type { RawModel, OpenOptions, WeightStore, StoredLayer, StoredTensor, FormatId, DType } from './readers/types.js';
export type { ModelGraph, LayerNode, LayerCall, TensorRef, NormalizedModel, Dialect } from './normalize/types.js';
export type { AnalyzedModel, ModelAnalysis, LayerAnalysis } from './graph/types.js';
export type { SummaryJson, SummaryLayerJson } from './report/summary/json.js';
export type { Shape, OutputShape, WeightSpec } from './types/shape.js';
export type { TextOptions, SummaryStyle } from './report/summary/text.js';
export { SUMMARY_STYLES, styleFor } from './report/summary/text.js';
export { openModelFile, normalize, analyzeModel, summaryJson, matchStoredWeights };
export type { WeightMatch } from './graph/stored-weights.js';
export type { WeightsSummaryJson } from './report/summary/weights.js';
export { openHdf5Weights } from './readers/hdf5/index.js';
export type { TensorData } from './readers/tensor-data.js';
export { ALL_LAYER_SPECS, layerSpec } from './layers/index.js';
export { layerCoverage, type LayerCoverage, type CoverageRow, type CoverageStatus } from './layers/coverage.js';
export { renderCoverage, COVERAGE_FORMATS, type CoverageFormat } from './report/coverage.js';

export interface ReadOptions extends Partial<OpenOptions> {
  /** a weights file to pair with a config-only input */
  weights?: string;
}

/** A model read from disk, normalized and analyzed. */
export interface LoadedModel extends AnalyzedModel {
  raw: RawModel;
}

export async function readModel(path: string, options: ReadOptions = {}): Promise<LoadedModel> {
  return loadModel(await readRaw(path, options));
}

/** Opens a model file (and, with `weights`, a weights file whose store replaces the model's own). */
export async function readRaw(path: string, options: ReadOptions = {}): Promise<RawModel> {
  const raw = await openModelFile(path, options);
  if (!options.weights) return raw;
  const paired = await openModelFile(options.weights, options);
  if (!paired.weights) {
    throw new KerascopeError(ErrorCode.NotAModel, `holds no stored weights (it is a ${paired.format} file)`, options.weights);
  }
  await raw.weights?.close();
  return {
    ...raw,
    weights: paired.weights,
    kerasVersion: raw.kerasVersion ?? paired.kerasVersion,
    backend: raw.backend ?? paired.backend,
    meta: { ...raw.meta, weightsFile: paired.file, weightsFormat: paired.format, weightsMeta: paired.meta },
  };
}

/** Normalizes and analyzes a raw model, pairing its stored weights with the layers. */
export function loadModel(raw: RawModel): LoadedModel {
  const analyzed = analyzeModel(normalize(raw), raw.file);
  const weightMatch = raw.weights ? matchStoredWeights(analyzed.analysis, raw.weights) : undefined;
  return { ...analyzed, ...(weightMatch ? { weightMatch } : {}), raw };
}

export function summarize(model: LoadedModel): SummaryJson {
  return summaryJson(model, { format: model.raw.format, weights: model.raw.weights });
}

/** The listing of a weights-only file: stored layers and tensor sizes. */
export function summarizeWeights(raw: RawModel): WeightsSummaryJson {
  return weightsSummaryJson(raw);
}

/** The summary text Keras prints (`model.summary()`), in the layout of `options.style`. */
export function summaryText(model: LoadedModel, options: TextOptions): string {
  const optimizer = options.optimizer === undefined ? builtOptimizerVariables(model.raw, model.analysis, model.backend) : options.optimizer;
  return renderSummaryText(model, { ...options, optimizer });
}

export { auditFile, type AuditFileOptions, type AuditedFile } from './audit-file.js';
export type { AuditResult, Finding, FindingCode, Severity, TensorStats, WeightPairing } from './audit/index.js';
export { FINDING_CODES, fails, FAIL_ON, type FailOn } from './audit/index.js';
export { renderAuditText, renderAuditMarkdown, renderSarif, auditFileJson, scanJson, EXAMPLE_FINDINGS, type FileOutcome, type AuditFileJson, type ScanJson } from './report/audit/index.js';

export { convertModel, defaultOutput, planWeights, CONVERT_TARGETS, QUANTIZATIONS, TFJS_SHARD_BYTES } from './convert/index.js';
export type { ConvertOptions, ConvertResult, ConvertTarget, Quantization, WeightPlan, PlannedWeight } from './convert/index.js';

// kerascope's library API: read a file → normalized model → analysis → summary. The CLI uses
// exactly these functions.
import { openModelFile } from './readers/index.js';
import type { RawModel } from './readers/types.js';
import type { LoadedModel } from './graph/load.js';
import { normalize, storedSubclassedModel } from './normalize/index.js';
import { storageSummaryJson, type StorageSummaryJson } from './report/summary/storage.js';
import { analyzeModel } from './graph/analyze.js';
import { summaryJson, type SummaryJson } from './report/summary/json.js';
import { renderSummaryText, type TextOptions } from './report/summary/text.js';
import { builtOptimizerVariables } from './graph/optimizer.js';
import { matchStoredWeights } from './graph/stored-weights.js';
import { weightsSummaryJson, type WeightsSummaryJson } from './report/summary/weights.js';
import { diffModels, type ModelDiff } from './graph/diff.js';
import { compareStoredValues } from './graph/diff-values.js';
import { diffStorage } from './graph/storage-diff.js';

export { KerascopeError, ErrorCode, isKerascopeError } from './errors.js';
export type { RawModel, OpenOptions, WeightStore, StoredLayer, StoredTensor, FormatId, DType } from './readers/types.js';
export type { ModelGraph, LayerNode, LayerCall, TensorRef, NormalizedModel, Dialect } from './normalize/types.js';
export type { AnalyzedModel, ModelAnalysis, LayerAnalysis } from './graph/types.js';
export type { SummaryJson, SummaryLayerJson, CostJson } from './report/summary/json.js';
export { modelCost, type ModelCost, type LayerCostRow, type CostTotals } from './graph/cost.js';
export type { LayerCost } from './layers/types.js';
export { OPS_PER_ELEMENT } from './layers/cost-math.js';
export type { Shape, OutputShape, WeightSpec } from './types/shape.js';
export type { TextOptions, SummaryStyle } from './report/summary/text.js';
export { SUMMARY_STYLES, styleFor } from './report/summary/text.js';
export { openModelFile, normalize, analyzeModel, summaryJson, matchStoredWeights };
export type { WeightMatch } from './graph/stored-weights.js';
export type { WeightsSummaryJson } from './report/summary/weights.js';
export { renderStorageText, type StorageSummaryJson, type StorageLayerJson } from './report/summary/storage.js';
export { storageTree, type StorageTree, type StorageNode } from './graph/storage-tree.js';
export { openHdf5Weights, HDF5_CHOICES, type Hdf5Choice } from './readers/hdf5/index.js';
export type { TensorData } from './readers/tensor-data.js';
export { ALL_LAYER_SPECS, layerSpec } from './layers/index.js';
export { layerCoverage, type LayerCoverage, type CoverageRow, type CoverageStatus } from './layers/coverage.js';
export { renderCoverage, COVERAGE_FORMATS, type CoverageFormat } from './report/coverage.js';

export { readModel, readRaw, loadModel, type ReadOptions, type LoadedModel } from './graph/load.js';

export interface SummarizeOptions {
  /** add the cost keys (`macs`, `flops`, `activation_bytes`, `weight_bytes`, docs/cost.md) */
  cost?: boolean;
  /** samples the cost keys are for (default 1); implies `cost` */
  batch?: number;
}

export function summarize(model: LoadedModel, options: SummarizeOptions = {}): SummaryJson {
  const cost = options.cost || options.batch !== undefined ? { batch: options.batch ?? 1 } : undefined;
  return summaryJson(model, { format: model.raw.format, weights: model.raw.weights, ...(cost ? { cost } : {}) });
}

/** The listing of a weights-only file: stored layers and tensor sizes. */
export function summarizeWeights(raw: RawModel): WeightsSummaryJson {
  return weightsSummaryJson(raw);
}

/**
 * A subclassed model (config without a layer list, e.g. a KerasHub backbone) summarized from its
 * stored weights (schemas/storage-summary.schema.json); null when the model is not one, or its
 * file stores no weights (then loadModel's E_UNSUPPORTED stands).
 */
export function summarizeStorage(raw: RawModel): StorageSummaryJson | null {
  const model = storedSubclassedModel(raw);
  return model ? storageSummaryJson(raw, model) : null;
}

/** The summary text Keras prints (`model.summary()`), in the layout of `options.style`. */
export function summaryText(model: LoadedModel, options: TextOptions): string {
  const optimizer = options.optimizer === undefined ? builtOptimizerVariables(model.raw, model.analysis, model.backend) : options.optimizer;
  return renderSummaryText(model, { ...options, optimizer });
}

/** Options of compareModels (`kerascope diff`). */
export interface CompareOptions {
  /** also compare stored tensors by value, streamed from both files */
  values?: boolean;
}

/**
 * What differs between two models in any supported formats: layers added, removed or renamed,
 * config, shape, param and stored-tensor changes, and with `values` the stored values
 * (schemas/diff.schema.json).
 */
export async function compareModels(a: LoadedModel, b: LoadedModel, options: CompareOptions = {}): Promise<ModelDiff> {
  const input = (m: LoadedModel) => ({ model: m, file: m.raw.file, format: m.raw.format, ...(m.weightMatch ? { stored: m.weightMatch.byLayer } : {}) });
  const structural = diffModels(input(a), input(b));
  if (!options.values || !a.raw.weights || !b.raw.weights) return structural;
  return compareStoredValues(structural, { ...input(a), store: a.raw.weights }, { ...input(b), store: b.raw.weights });
}

/**
 * Two subclassed models with stored weights (KerasHub presets and `.keras` files) compared from
 * storage when either cannot be rebuilt: class, constructor arguments, stored objects; null when
 * both can be rebuilt (compareModels then) or either is no such model.
 */
export function compareStorage(a: RawModel, b: RawModel): ModelDiff | null {
  if (!storedSubclassedModel(a) && !storedSubclassedModel(b)) return null;
  const ma = storedSubclassedModel(a, true);
  const mb = storedSubclassedModel(b, true);
  return ma && mb ? diffStorage({ raw: a, model: ma }, { raw: b, model: mb }) : null;
}

export type { ModelDiff, LayerDiff, Change, TensorDiff, DiffSide } from './graph/diff.js';
export { renderDiffText, renderDiffMarkdown } from './report/diff/text.js';

export { auditFile, type AuditFileOptions, type AuditedFile } from './audit-file.js';
export type { AuditResult, Finding, FindingCode, Severity, TensorStats, WeightPairing } from './audit/index.js';
export { FINDING_CODES, fails, FAIL_ON, type FailOn } from './audit/index.js';
export { renderAuditText, renderAuditMarkdown, renderSarif, auditFileJson, scanJson, EXAMPLE_FINDINGS, type FileOutcome, type AuditFileJson, type ScanJson } from './report/audit/index.js';

export { convertModel, defaultOutput, planWeights, CONVERT_TARGETS, QUANTIZATIONS, TFJS_SHARD_BYTES } from './convert/index.js';
export type { ConvertOptions, ConvertResult, ConvertTarget, Quantization, WeightPlan, PlannedWeight } from './convert/index.js';

export { configureHttp, ENV_HEADERS as HTTP_HEADERS_ENV, type HttpSettings } from './readers/http/settings.js';
export type { Transfer } from './readers/http/source.js';

// The audit's entry point: an opened model → findings.
import type { AnalyzedModel } from '../graph/types.js';
import { matchStoredWeights } from '../graph/stored-weights.js';
import type { RawModel } from '../readers/types.js';
import { runChecks } from './driver.js';
import type { AuditOptions, AuditResult } from './types.js';
import { pairWeights, type WeightPairing } from './weights/pairing.js';

export { FINDING_CODES, SEVERITIES, severityOf, type FindingCode, type Severity } from './codes.js';
export type { Finding, FindingOf } from './finding.js';
export type { AuditModel, AuditOptions, AuditResult, Check, CheckError, CheckSkip } from './types.js';
export type { WeightPairing, LayerPair, StoredWeight } from './weights/pairing.js';
export type { TensorStats } from './values/stats.js';
export { fails, worstSeverity, FAIL_ON, type FailOn } from './policy.js';
export { runChecks } from './driver.js';

/** Audits a model that has been read (and, when it has a config, analyzed). */
export function auditModel(raw: RawModel, model: AnalyzedModel | null, options: AuditOptions): Promise<AuditResult> {
  const match = model && raw.weights ? (model.weightMatch ?? matchStoredWeights(model.analysis, raw.weights)) : null;
  const pairing: WeightPairing | null = model && raw.weights && match ? pairWeights(model.analysis, raw.weights, match, model.kerasMajor) : null;
  return runChecks({ file: raw.file, raw, model, pairing }, options);
}

// The audit's input, check contract and result.
import type { AnalyzedModel } from '../graph/types.js';
import type { RawModel } from '../readers/types.js';
import type { Finding } from './finding.js';
import type { WeightPairing } from './weights/pairing.js';
import type { TensorStats } from './values/stats.js';

/** Everything a check may look at. */
export interface AuditModel {
  file: string;
  raw: RawModel;
  /** the normalized, analyzed model; null for weights-only files */
  model: AnalyzedModel | null;
  /** expected beside stored weights per layer; null when no weights were read */
  pairing: WeightPairing | null;
}

export interface AuditOptions {
  /** read every stored tensor (streamed) for NaN/Inf/zero/constant checks and statistics */
  values: boolean;
}

export interface CheckContext {
  options: AuditOptions;
  /** per-tensor statistics, filled by the value check */
  tensorStats: TensorStats[];
}

export interface Check {
  id: string;
  /** true when the check has something to look at, else the reason it is skipped */
  appliesTo(model: AuditModel, options: AuditOptions): true | string;
  run(model: AuditModel, ctx: CheckContext): Finding[] | Promise<Finding[]>;
}

/** A check that threw: the audit is incomplete, and the policy treats it as an error. */
export interface CheckError {
  check: string;
  message: string;
}

export interface CheckSkip {
  check: string;
  reason: string;
}

export interface AuditResult {
  file: string;
  findings: Finding[];
  errors: CheckError[];
  skipped: CheckSkip[];
  /** present when values were read */
  tensorStats?: TensorStats[];
}

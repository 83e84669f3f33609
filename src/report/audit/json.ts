// The audit JSON contract (schemas/audit.schema.json): one object per file; `scan` wraps a list.
import { severityOf, type Severity } from '../../audit/codes.js';
import { findingLayer, findingWeight, type Finding } from '../../audit/finding.js';
import { worstSeverity } from '../../audit/policy.js';
import { loadersThatRun } from '../../audit/security/loaders.js';
import type { AuditResult, CheckError, CheckSkip, TensorStats } from '../../audit/index.js';
import type { SummaryJson } from '../summary/json.js';
import { findingMessage } from './messages.js';
import type { Transfer } from '../../readers/http/source.js';

export interface FindingJson {
  code: Finding['code'];
  severity: Severity;
  layer: string | null;
  weight: string | null;
  message: string;
  /** the finding's typed payload */
  details: Record<string, unknown>;
  /** for code-bearing findings: which Keras loaders would run that code (docs and advisories) */
  loaders?: string[];
}

export type Verdict = Severity | 'clean' | 'unreadable';

export interface AuditFileJson {
  file: string;
  format?: string;
  /** the audited file's size in bytes and SHA-256 (hex), when it could be read */
  size?: number;
  sha256?: string;
  verdict: Verdict;
  findings: FindingJson[];
  errors: CheckError[];
  skipped: CheckSkip[];
  tensors?: TensorStats[];
  summary: SummaryJson | null;
  /** a model read from a URL: what reading it cost */
  transfer?: Transfer;
  /** set when the file could not be read at all */
  error?: { code: string; message: string };
}

export interface ScanJson {
  files: AuditFileJson[];
  totals: { files: number; unreadable: number; bySeverity: Record<Severity, number> };
}

/** What the reports are built from: the audit result of one file, or why it could not be read. */
export type FileOutcome =
  | { file: string; format?: string; size?: number; sha256?: string; result: AuditResult; summary: SummaryJson | null; transfer?: Transfer }
  | { file: string; size?: number; sha256?: string; error: { code: string; message: string } };

export function findingJson(f: Finding, format?: string): FindingJson {
  const { code, ...details } = f;
  const loaders = loadersThatRun(f, format);
  return { code, severity: severityOf(code), layer: findingLayer(f) ?? null, weight: findingWeight(f) ?? null, message: findingMessage(f), details, ...(loaders.length ? { loaders: [...loaders] } : {}) };
}

export function auditFileJson(o: FileOutcome): AuditFileJson {
  const digest = o.sha256 !== undefined && o.size !== undefined ? { size: o.size, sha256: o.sha256 } : {};
  if ('error' in o) return { file: o.file, ...digest, verdict: 'unreadable', findings: [], errors: [], skipped: [], summary: null, error: o.error };
  const { result } = o;
  return {
    file: o.file,
    ...(o.format ? { format: o.format } : {}),
    ...digest,
    verdict: worstSeverity(result) ?? 'clean',
    findings: result.findings.map((f) => findingJson(f, o.format)),
    errors: result.errors,
    skipped: result.skipped,
    ...(result.tensorStats ? { tensors: result.tensorStats } : {}),
    summary: o.summary,
    ...(o.transfer ? { transfer: o.transfer } : {}),
  };
}

export function scanJson(outcomes: readonly FileOutcome[]): ScanJson {
  const files = outcomes.map(auditFileJson);
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of files) for (const x of f.findings) bySeverity[x.severity]++;
  return { files, totals: { files: files.length, unreadable: files.filter((f) => f.verdict === 'unreadable').length, bySeverity } };
}

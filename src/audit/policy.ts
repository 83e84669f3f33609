// Exit policy: `--fail-on <severity>` makes the audit fail (exit 1) when a finding reaches that
// severity. A check that crashed leaves the audit incomplete and counts as an error-level result.
import { SEVERITY_RANK, severityOf, type Severity } from './codes.js';
import type { AuditResult } from './types.js';

export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export function fails(results: readonly AuditResult[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const limit = SEVERITY_RANK[failOn];
  return results.some((r) => r.errors.length > 0 || r.findings.some((f) => SEVERITY_RANK[severityOf(f.code)] <= limit));
}

/** The most severe finding of a result, or null when it has none. */
export function worstSeverity(r: AuditResult): Severity | null {
  let worst: Severity | null = r.errors.length ? 'error' : null;
  for (const f of r.findings) {
    const s = severityOf(f.code);
    if (worst === null || SEVERITY_RANK[s] < SEVERITY_RANK[worst]) worst = s;
  }
  return worst;
}

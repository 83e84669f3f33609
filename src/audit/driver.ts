// Runs every check over one model. Findings, errors (a check that threw) and skipped checks are kept
// apart, so one broken check never hides the others' results.
import { ALL_CHECKS } from './checks/index.js';
import type { AuditModel, AuditOptions, AuditResult, Check, CheckContext } from './types.js';

export async function runChecks(model: AuditModel, options: AuditOptions, checks: readonly Check[] = ALL_CHECKS): Promise<AuditResult> {
  const ctx: CheckContext = { options, tensorStats: [] };
  const result: AuditResult = { file: model.file, findings: [], errors: [], skipped: [] };
  for (const check of checks) {
    const applies = check.appliesTo(model, options);
    if (applies !== true) {
      result.skipped.push({ check: check.id, reason: applies });
      continue;
    }
    try {
      result.findings.push(...(await check.run(model, ctx)));
    } catch (e) {
      result.errors.push({ check: check.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (options.values) result.tensorStats = ctx.tensorStats;
  return result;
}

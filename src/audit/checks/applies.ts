// Shared applicability tests for checks.
import type { AuditModel } from '../types.js';

export function needsPairing(m: AuditModel): true | string {
  if (m.pairing) return true;
  if (!m.model) return 'no model config';
  return 'no stored weights (config only; pass --weights to compare)';
}

export function needsConfig(m: AuditModel): true | string {
  const any = m.raw.config !== null || (m.raw.otherReadings ?? []).some((r) => r.config !== null);
  return any ? true : 'no model config (weights-only file)';
}

export function needsWeights(m: AuditModel): true | string {
  return m.raw.weights ? true : 'no stored weights';
}

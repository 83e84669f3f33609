// Shared applicability tests for checks.
import type { AuditModel } from '../types.js';

export function needsPairing(m: AuditModel): true | string {
  if (m.pairing) return true;
  if (!m.model) return 'no model config';
  return 'no stored weights (config only; pass --weights to compare)';
}

export function needsConfig(m: AuditModel): true | string {
  return m.raw.config === null ? 'no model config (weights-only file)' : true;
}

export function needsWeights(m: AuditModel): true | string {
  return m.raw.weights ? true : 'no stored weights';
}

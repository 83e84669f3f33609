// The audit pipeline for one file: read → (normalize → analyze → pair stored weights) → checks → summary. A config that
// cannot be analyzed still gets the config-level (security) checks: hostile configs are exactly the
// ones that may not parse as a model.
import { auditModel } from './audit/index.js';
import type { AuditOptions } from './audit/types.js';
import type { Finding } from './audit/finding.js';
import { isKerascopeError, withoutCredentials } from './errors.js';
import type { AnalyzedModel } from './graph/types.js';
import { storedSubclassedModel } from './normalize/index.js';
import { storageNodes, storageTree } from './graph/storage-tree.js';
import { loadModel, readRaw } from './graph/load.js';
import type { OpenOptions, RawModel } from './readers/types.js';
import { fileDigest } from './readers/digest.js';
import { summaryJson } from './report/summary/json.js';
import type { FileOutcome } from './report/audit/json.js';

export interface AuditFileOptions extends Partial<OpenOptions>, Partial<AuditOptions> {
  /** a weights file to audit against a config-only model */
  weights?: string;
}

export type AuditedFile = Extract<FileOutcome, { result: unknown }>;

/** Audits one model file. Throws KerascopeError when the file cannot be read at all. */
export async function auditFile(path: string, options: AuditFileOptions = {}): Promise<AuditedFile> {
  // The audit reports hostile archive members as findings instead of refusing the archive, and
  // looks into the members Keras does not write.
  const { file, format, ...rest } = await auditRaw(await readRaw(path, { archiveProblems: 'report', memberScan: true, ...options }), options);
  // which bytes were audited (readers/digest.ts says when there is no one file to hash)
  const digest = await fileDigest(path);
  return { file, format, ...digest, ...rest };
}

/** Audits a model already opened (with `archiveProblems: 'report'`, `memberScan: true`); closes its weights. */
export async function auditRaw(raw: RawModel, options: Partial<AuditOptions> = {}): Promise<AuditedFile> {
  let model: AnalyzedModel | null = null;
  let unanalyzable: Finding | null = null;
  if (raw.config !== null) {
    try {
      model = loadModel(raw);
    } catch (e) {
      if (!isKerascopeError(e)) throw e;
      unanalyzable = fromStorage(raw) ?? { code: 'config-unanalyzable', reason: e.message, errorCode: e.code };
    }
  }
  const result = await auditModel(raw, model, { values: options.values ?? false });
  if (unanalyzable) result.findings.unshift(unanalyzable);
  await raw.weights?.close();
  // A URL is named without its credentials; its cost is read once every lazy read is done.
  const transfer = raw.transfer ? { transfer: { ...raw.transfer } } : {};
  return { file: withoutCredentials(raw.file), format: raw.format, result, summary: model ? summaryJson(model, { format: raw.format }) : null, ...transfer };
}

/** A subclassed model with stored weights is summarized from them; the checks needing layers skip. */
function fromStorage(raw: RawModel): Finding | null {
  const model = storedSubclassedModel(raw);
  if (!model) return null;
  const tree = storageTree(raw.weights!);
  return { code: 'subclassed-from-storage', className: model.className, registeredName: model.registeredName, objects: storageNodes(tree).length, storedParams: tree.params };
}

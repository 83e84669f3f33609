// One file of a scan: its audit, or why it could not be read (never a throw for bad input).
import { auditFile } from '../audit-file.js';
import { asKerascopeError } from '../errors.js';
import { fileDigest } from '../readers/digest.js';
import { h5wasmFootprint } from '../readers/hdf5/index.js';
import { SCAN_WORKER_H5WASM_BYTES } from '../readers/limits.js';
import type { FileOutcome } from '../report/audit/json.js';

export interface ScanJob {
  id: number;
  path: string;
  /** the name reports show (relative to the scanned folder) */
  display: string;
  values: boolean;
}

export interface ScanDone {
  id: number;
  outcome: FileOutcome;
}

/** The HDF5 library in this thread was stopped by its time budget or holds more wasm memory than SCAN_WORKER_H5WASM_BYTES. */
export function libraryPastBounds(): boolean {
  const { stopped, memoryBytes } = h5wasmFootprint();
  return stopped > 0 || memoryBytes > SCAN_WORKER_H5WASM_BYTES;
}

/** What a worker sends back: the file's outcome, and whether the worker should be replaced. */
export interface WorkerDone extends ScanDone {
  replaceWorker: boolean;
}

export async function auditOne(job: ScanJob): Promise<ScanDone> {
  try {
    const audited = await auditFile(job.path, { values: job.values });
    return { id: job.id, outcome: { ...audited, file: job.display, result: { ...audited.result, file: job.display } } };
  } catch (e) {
    const { code, message } = asKerascopeError(e);
    const error = { code, message };
    // a file that could not be audited may not read whole either: its outcome is still reported
    const digest = await fileDigest(job.path).catch(() => ({}));
    return { id: job.id, outcome: { file: job.display, ...digest, error } };
  }
}

// `scan`: audits every model file under a folder in parallel worker threads. Results are handed
// out in file order (buffered while earlier files are still running), so reports and JSON lines are
// deterministic whatever the thread timing.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import { ErrorCode, KerascopeError, withoutCredentials } from '../errors.js';
import type { FileOutcome } from '../report/audit/json.js';
import { auditOne, libraryPastBounds, type ScanDone, type ScanJob, type WorkerDone } from './audit-one.js';
import { listFiles, sniffFile } from './discover.js';
import { inShard, type Shard } from './shard.js';
import { httpDefaults, type HttpSettings } from '../readers/http/settings.js';

// Relative to dist/ both from this module and from the bundled CLI (dist/cli/main.js).
const WORKER_URL = new URL('../scan/worker.js', import.meta.url);

export { parseShard, type Shard } from './shard.js';
export { readUrlList } from './url-list.js';

export interface ScanOptions {
  values: boolean;
  shard?: Shard;
  /** worker threads; 1 audits in this thread (moving to a worker after a stopped HDF5 read) */
  jobs: number;
  /** called once the model files are known */
  onStart?(total: number): void;
  /** called per file, in file order */
  onResult?(outcome: FileOutcome, index: number): void;
  /** called when a worker is replaced after auditing `file` (its HDF5 library was stopped or grew past its bound) */
  onWorkerReplaced?(file: string): void;
}

export async function scanFolder(dir: string, opts: ScanOptions): Promise<FileOutcome[]> {
  const st = await stat(dir).catch((e) => {
    throw new KerascopeError(ErrorCode.FileNotFound, 'no such folder', dir, { cause: e });
  });
  if (!st.isDirectory()) throw new KerascopeError(ErrorCode.Usage, 'scan takes a folder (use audit for one file)', dir);
  const candidates = (await listFiles(dir)).filter((rel) => !opts.shard || inShard(rel, opts.shard));
  const models: string[] = [];
  for (const rel of candidates) if (await sniffFile(join(dir, rel)).catch(() => false)) models.push(rel);
  opts.onStart?.(models.length);
  return runJobs(models.map((rel, id) => ({ id, path: join(dir, rel), display: rel, values: opts.values })), opts, null);
}

/**
 * Audits the models of a URL list (readUrlList): each read where it lives, a share of them with
 * `shard` (by a hash of the URL, as files are shared by their path).
 */
export async function scanUrls(urls: readonly string[], opts: ScanOptions): Promise<FileOutcome[]> {
  const mine = urls.filter((u) => !opts.shard || inShard(u, opts.shard));
  opts.onStart?.(mine.length);
  // Worker threads do not share this one's HTTP settings (--header lines): each gets a copy.
  return runJobs(mine.map((url, id) => ({ id, path: url, display: withoutCredentials(url), values: opts.values })), opts, httpDefaults());
}

/** Runs the audits, in worker threads unless one will do, handing results out in job order. */
async function runJobs(jobs: ScanJob[], opts: ScanOptions, http: HttpSettings | null): Promise<FileOutcome[]> {
  const results: FileOutcome[] = new Array(jobs.length);
  let next = 0; // first result not yet handed out
  const deliver = (d: ScanDone) => {
    results[d.id] = d.outcome;
    // (next++ outside the optional call: `f?.(x, next++)` skips the increment when f is absent)
    for (; next < results.length && results[next] !== undefined; next++) opts.onResult?.(results[next], next);
  };
  const replaced = (id: number) => opts.onWorkerReplaced?.(jobs[id].display);
  if (opts.jobs <= 1 || jobs.length <= 1) {
    // In this thread, until its HDF5 library was stopped or grew past its bound: the files left then
    // go to a worker, which can be replaced (see runPool), so this thread holds at most one such copy.
    let i = 0;
    for (; i < jobs.length && !libraryPastBounds(); i++) deliver(await auditOne(jobs[i]));
    if (i < jobs.length) await runPool(jobs.slice(i), 1, http, deliver, replaced);
  } else {
    await runPool(jobs, Math.min(opts.jobs, jobs.length), http, deliver, replaced);
  }
  return results;
}

// Workers are replaced rather than reused when the HDF5 library in them was stopped or grew past
// SCAN_WORKER_H5WASM_BYTES (its wasm memory is never returned, and a stopped copy stays loaded), and
// when one dies mid-file that file is reported as such: memory stays bounded and every file is reported.
function runPool(jobs: readonly ScanJob[], size: number, http: HttpSettings | null, deliver: (d: ScanDone) => void, replaced: (id: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let received = 0;
    let settled = false;
    const live = new Set<Worker>();
    const settle = (e?: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of live) void w.terminate();
      if (e) reject(e);
      else resolve();
    };
    const receive = (d: ScanDone) => {
      deliver(d);
      if (++received === jobs.length) settle();
    };
    const start = (): void => {
      if (settled || sent >= jobs.length) return;
      const w = new Worker(WORKER_URL, { workerData: { http } });
      live.add(w);
      let current: ScanJob | undefined;
      const retire = () => {
        live.delete(w);
        void w.terminate();
      };
      const feed = () => {
        current = sent < jobs.length ? jobs[sent++] : undefined;
        if (current) w.postMessage(current);
        else retire();
      };
      const died = (why: string) => {
        live.delete(w);
        const job = current;
        current = undefined;
        if (job) receive({ id: job.id, outcome: { file: job.display, error: { code: ErrorCode.LimitExceeded, message: `the worker auditing this file stopped (${why})` } } });
        start();
      };
      w.on('message', (d: WorkerDone) => {
        current = undefined;
        if (d.replaceWorker) replaced(d.id);
        receive(d);
        if (settled) return;
        if (d.replaceWorker) {
          retire();
          start();
        } else feed();
      });
      w.on('error', (e) => died(e instanceof Error ? e.message : String(e)));
      w.on('exit', (code) => {
        if (live.has(w)) died(`exit code ${code}`);
      });
      feed();
    };
    for (let i = 0; i < size; i++) start();
    if (live.size === 0) settle(new Error('scan: no worker could be started'));
  });
}

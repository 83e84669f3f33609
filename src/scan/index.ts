// `scan`: audits every model file under a folder in parallel worker threads. Results are handed
// out in file order (buffered while earlier files are still running), so reports and JSON lines are
// deterministic whatever the thread timing.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import { ErrorCode, KerascopeError } from '../errors.js';
import type { FileOutcome } from '../report/audit/json.js';
import { auditOne, type ScanDone, type ScanJob } from './audit-one.js';
import { listFiles, sniffFile } from './discover.js';
import { inShard, type Shard } from './shard.js';
import { httpDefaults, type HttpSettings } from '../readers/http/settings.js';
import { redactUrl } from '../readers/http/url.js';

// Relative to dist/ both from this module and from the bundled CLI (dist/cli/main.js).
const WORKER_URL = new URL('../scan/worker.js', import.meta.url);

export { parseShard, type Shard } from './shard.js';
export { readUrlList } from './url-list.js';

export interface ScanOptions {
  values: boolean;
  shard?: Shard;
  /** worker threads; 1 audits in this thread */
  jobs: number;
  /** called once the model files are known */
  onStart?(total: number): void;
  /** called per file, in file order */
  onResult?(outcome: FileOutcome, index: number): void;
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
  return runJobs(mine.map((url, id) => ({ id, path: url, display: redactUrl(url), values: opts.values })), opts, httpDefaults());
}

/** Runs the audits, in worker threads unless one will do, handing results out in job order. */
async function runJobs(jobs: ScanJob[], opts: ScanOptions, http: HttpSettings | null): Promise<FileOutcome[]> {
  const results: FileOutcome[] = new Array(jobs.length);
  let next = 0; // first result not yet handed out
  const deliver = (d: ScanDone) => {
    results[d.id] = d.outcome;
    while (next < results.length && results[next] !== undefined) opts.onResult?.(results[next], next++);
  };
  if (opts.jobs <= 1 || jobs.length <= 1) {
    for (const job of jobs) deliver(await auditOne(job));
  } else {
    await runPool(jobs, Math.min(opts.jobs, jobs.length), http, deliver);
  }
  return results;
}

function runPool(jobs: readonly ScanJob[], size: number, http: HttpSettings | null, deliver: (d: ScanDone) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let received = 0;
    const workers: Worker[] = [];
    const finish = (e?: unknown) => {
      for (const w of workers) void w.terminate();
      if (e) reject(e);
      else resolve();
    };
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER_URL, { workerData: { http } });
      workers.push(w);
      w.on('message', (d: ScanDone) => {
        deliver(d);
        if (++received === jobs.length) return finish();
        if (sent < jobs.length) w.postMessage(jobs[sent++]);
      });
      w.on('error', finish);
      w.postMessage(jobs[sent++]);
    }
  });
}

// Worker thread body for `scan`: audits the files it is sent, one at a time, and asks to be
// replaced once the HDF5 library in it was stopped or grew past its bound (see scan/index.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { configureHttp, type HttpSettings } from '../readers/http/settings.js';
import { auditOne, libraryPastBounds, type ScanJob, type WorkerDone } from './audit-one.js';

const { http } = workerData as { http: HttpSettings | null };
if (http) configureHttp(http);

parentPort!.on('message', async (job: ScanJob) => {
  const done = await auditOne(job);
  parentPort!.postMessage({ ...done, replaceWorker: libraryPastBounds() } satisfies WorkerDone);
});

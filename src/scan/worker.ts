// Worker thread body for `scan`: audits the files it is sent, one at a time, and asks to be
// replaced once the HDF5 library in it was stopped or grew past its bound (see scan/index.ts).
import { parentPort } from 'node:worker_threads';
import { auditOne, libraryPastBounds, type ScanJob, type WorkerDone } from './audit-one.js';

parentPort!.on('message', async (job: ScanJob) => {
  const done = await auditOne(job);
  parentPort!.postMessage({ ...done, replaceWorker: libraryPastBounds() } satisfies WorkerDone);
});

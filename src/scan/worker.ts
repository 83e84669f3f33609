// Worker thread body for `scan`: audits the files it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { auditOne, type ScanJob } from './audit-one.js';

parentPort!.on('message', async (job: ScanJob) => {
  parentPort!.postMessage(await auditOne(job));
});

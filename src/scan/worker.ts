// Worker thread body for `scan`: audits the files it is sent, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { configureHttp, type HttpSettings } from '../readers/http/settings.js';
import { auditOne, type ScanJob } from './audit-one.js';

const { http } = workerData as { http: HttpSettings | null };
if (http) configureHttp(http);

parentPort!.on('message', async (job: ScanJob) => {
  parentPort!.postMessage(await auditOne(job));
});

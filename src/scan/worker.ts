// Worker thread body for `scan`: audits the files it is sent, one at a time, and asks to be
// replaced once the HDF5 library in it was stopped or grew past its bound (see scan/index.ts).
import { parentPort } from 'node:worker_threads';
import { h5wasmFootprint } from '../readers/hdf5/index.js';
import { SCAN_WORKER_H5WASM_BYTES } from '../readers/limits.js';
import { auditOne, type ScanJob, type WorkerDone } from './audit-one.js';

parentPort!.on('message', async (job: ScanJob) => {
  const done = await auditOne(job);
  const { stopped, memoryBytes } = h5wasmFootprint();
  parentPort!.postMessage({ ...done, replaceWorker: stopped > 0 || memoryBytes > SCAN_WORKER_H5WASM_BYTES } satisfies WorkerDone);
});

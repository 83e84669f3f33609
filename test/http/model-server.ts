// The URL tests' model host: a real HTTP server (model-server-thread.mjs, which lists what it
// serves) in a thread of this process, so that a test blocked in a synchronous read (the HDF5
// reader waits on its fetch thread) cannot stall the server it is waiting for.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface Logged {
  server: 'a' | 'b';
  path: string;
  range?: string;
  authorization?: string;
  status: number;
  sent: number;
}

export interface ModelHost {
  /** base URL of the main server (http://127.0.0.1:port) */
  url: string;
  /** base URL of the second server, another origin (the CDN a redirect leads to) */
  other: string;
  /** every request so far, in order */
  log(): Promise<Logged[]>;
  /** the most connections that were open at once */
  maxSockets(): Promise<number>;
  close(): Promise<void>;
}

export async function startModelHost(root: string): Promise<ModelHost> {
  const worker = new Worker(new URL('./model-server-thread.mjs', import.meta.url), { workerData: { root } });
  const [{ url, other }] = (await once(worker, 'message')) as [{ url: string; other: string }];
  const state = async () => {
    worker.postMessage('log');
    const [got] = (await once(worker, 'message')) as [{ log: Logged[]; maxSockets: number }];
    return got;
  };
  return {
    url,
    other,
    async log() {
      return (await state()).log;
    },
    async maxSockets() {
      return (await state()).maxSockets;
    },
    async close() {
      worker.postMessage('close');
      await once(worker, 'message');
      await worker.terminate();
    },
  };
}

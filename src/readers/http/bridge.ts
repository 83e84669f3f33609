// How bytes of a URL reach readers that read synchronously. jsfive parses HDF5 out of a buffer with
// synchronous DataView reads (paged-file.ts loads a page on first touch through `readSync`), and a
// network read cannot finish inside a synchronous call on the thread that must also run its I/O.
// So all HTTP runs in one fetch thread per calling thread (fetch-thread.ts). Asynchronous reads
// (zip directories, JSON, shards) post a message and await the answer; a synchronous read posts its
// call, blocks on Atomics.wait until the fetch thread raises a flag in shared memory, and takes the
// answer off its own port with receiveMessageOnPort. The parse never reruns and every synchronous
// path (metadata pages, tensor slabs of `--values`) works unchanged; the cost is one thread start
// (~30 ms) per process that opens a URL.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ErrorCode, KerascopeError } from '../../errors.js';
import type { HttpSettings } from './settings.js';

export type Call = { id: number; sync?: boolean } & (
  | { op: 'open'; url: string; name: string; origin: string; settings: HttpSettings }
  | { op: 'read'; res: number; offset: number; length: number }
  | { op: 'retain' | 'close'; res: number }
);
type CallBody = Call extends infer C ? (C extends Call ? Omit<C, 'id' | 'sync'> : never) : never;

export type Reply = { id: number; bytes: number; requests: number } & (
  | { ok: true; value: Uint8Array | { res: number; size: number } | null }
  | { ok: false; error: { code?: string; message: string; file?: string } }
);

/** How long a synchronous caller sleeps between looks at the progress counter. */
const WAIT_SLICE_MS = 1000;

class FetchThread {
  private readonly worker: Worker;
  private readonly syncPort: MessagePort;
  /** [0]: answer ready; [1]: pieces of data received so far (progress) */
  private readonly flag = new Int32Array(new SharedArrayBuffer(8));
  private readonly pending = new Map<number, (r: Reply) => void>();
  private nextId = 1;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.syncPort = port1;
    this.worker = new Worker(threadUrl(), { workerData: { syncPort: port2, flag: this.flag }, transferList: [port2] });
    this.worker.unref(); // kept alive only while an asynchronous call waits (see call)
    this.worker.on('message', (r: Reply) => {
      this.pending.get(r.id)?.(r);
      this.pending.delete(r.id);
      if (this.pending.size === 0) this.worker.unref();
    });
    this.worker.on('error', (e) => {
      for (const [id, done] of this.pending) done({ id, ok: false, bytes: 0, requests: 0, error: { message: `the fetch thread failed: ${e.message}` } });
      this.pending.clear();
      thread = null;
    });
  }

  call(body: CallBody): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.ref();
      this.worker.postMessage({ ...body, id });
    });
  }

  /** Blocks this thread until the fetch thread answers; `patienceMs` without any data received is a dead server. */
  callSync(body: CallBody, patienceMs: number): Reply {
    const id = this.nextId++;
    Atomics.store(this.flag, 0, 0);
    this.worker.postMessage({ ...body, id, sync: true });
    let seen = Atomics.load(this.flag, 1);
    let quiet = 0;
    while (Atomics.wait(this.flag, 0, 0, WAIT_SLICE_MS) === 'timed-out') {
      const now = Atomics.load(this.flag, 1);
      quiet = now === seen ? quiet + WAIT_SLICE_MS : 0;
      seen = now;
      if (quiet > patienceMs) throw new KerascopeError(ErrorCode.Network, `no answer for ${Math.round(quiet / 1000)} s`);
    }
    // Answers to calls abandoned earlier (a watchdog stopped the parse waiting for them) go first.
    for (let got = receiveMessageOnPort(this.syncPort); got; got = receiveMessageOnPort(this.syncPort)) {
      if ((got.message as Reply).id === id) return got.message as Reply;
    }
    throw new Error('the fetch thread raised its flag without an answer');
  }
}

let thread: FetchThread | null = null;

export function fetchThread(): FetchThread {
  thread ??= new FetchThread();
  return thread;
}

/** The thread's module: beside this one (dist/readers/http/), or from a bundle one folder below dist/. */
function threadUrl(): URL {
  const beside = new URL('./fetch-thread.js', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL('../readers/http/fetch-thread.js', import.meta.url);
}

/** A reply's value, or its error rethrown here as it was thrown there. */
export function unwrap<T>(reply: Reply): T {
  if (reply.ok) return reply.value as T;
  const { code, message, file } = reply.error;
  if (code) throw new KerascopeError(code as ErrorCode, message, file);
  throw new Error(message);
}

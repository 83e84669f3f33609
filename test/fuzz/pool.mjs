// Runs fuzz inputs in worker threads, each with a deadline and a heap ceiling, so a hang or an
// unbounded allocation is detected and reported instead of waited on or crashing the fuzzer.
import { Worker } from 'node:worker_threads';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');

export const DEFAULTS = {
  workers: 2,
  /** per input; generous because CI runs two of these on two loaded cores */
  deadlineMs: 10_000,
  /** JS heap per worker: any input needing more is an unbounded allocation */
  heapMb: 384,
  /** largest single buffer an input may make kerascope ask for, beyond twice its own size */
  allocBytes: 256 * 1024 * 1024,
  /** process growth during one input beyond which it counts as unbounded (shared by concurrent inputs) */
  rssGrowthBytes: 1024 * 1024 * 1024,
  /** a module exporting `target(path)` to run instead of kerascope (tests of the harness) */
  target: undefined,
};

/**
 * A case is the files of one input (the first is the one opened; the others sit beside it,
 * e.g. tfjs weight shards). `run` resolves to a verdict: `{ok, kind, detail, …}`.
 */
export class FuzzPool {
  constructor(scratch, options = {}) {
    this.opts = { ...DEFAULTS, ...options };
    this.scratch = scratch;
    this.slots = [];
    this.waiting = [];
    for (let i = 0; i < this.opts.workers; i++) this.slots.push({ index: i, dir: join(scratch, `w${i}`), busy: false, worker: null });
  }

  async start() {
    await Promise.all(this.slots.map((s) => this.spawn(s)));
  }

  spawn(slot) {
    const worker = new Worker(join(here, 'worker.mjs'), {
      workerData: { dist: join(ROOT, 'dist'), allowRoots: [join(ROOT, 'node_modules'), join(ROOT, 'dist')], target: this.opts.target },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    // Errors are judged by the job that was running (runIn); this keeps a late one from being uncaught.
    worker.on('error', () => {});
    slot.worker = worker;
    return new Promise((resolveReady, reject) => {
      const onMsg = (m) => {
        if (m.ready) {
          worker.off('error', reject);
          resolveReady();
        }
      };
      worker.on('message', onMsg);
      worker.once('error', reject);
    });
  }

  async acquire() {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return free;
    }
    return new Promise((res) => this.waiting.push(res));
  }

  release(slot) {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /** options.hdf5: the HDF5 backend to open with ('auto', 'jsfive', 'h5wasm') */
  async run(files, options = {}) {
    const slot = await this.acquire();
    try {
      return await this.runIn(slot, files, options);
    } finally {
      this.release(slot);
    }
  }

  async runIn(slot, files, options, retry = false) {
    rmSync(slot.dir, { recursive: true, force: true });
    mkdirSync(slot.dir, { recursive: true });
    for (const f of files) {
      const p = join(slot.dir, f.name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.bytes);
    }
    const path = join(slot.dir, files[0].name);
    const size = files.reduce((n, f) => n + f.bytes.length, 0);
    const id = Math.random();
    const worker = slot.worker;
    const rssBefore = process.memoryUsage.rss();
    const reply = await new Promise((res) => {
      const timer = setTimeout(() => done({ died: 'hang' }), this.opts.deadlineMs * (retry ? 3 : 1));
      const onMsg = (m) => m.id === id && done(m);
      const onError = (e) => done({ died: e?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'worker-crash', error: String(e?.stack ?? e).slice(0, 800) });
      const onExit = (c) => done({ died: 'worker-crash', error: `worker exited with ${c}` });
      function done(m) {
        clearTimeout(timer);
        worker.off('message', onMsg);
        worker.off('error', onError);
        worker.off('exit', onExit);
        res(m);
      }
      worker.on('message', onMsg);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, path, hdf5: options.hdf5 });
    });
    if (reply.died) {
      await worker.terminate().catch(() => {});
      await this.spawn(slot);
      // A loaded machine can make a slow input look hung: a hang must also miss a 3x longer deadline.
      if (reply.died === 'hang' && !retry) {
        const again = await this.runIn(slot, files, options, true);
        return again.kind === 'hang' ? again : { ...again, slow: true };
      }
      const limit = this.opts.deadlineMs * (retry ? 3 : 1);
      return { ok: false, kind: reply.died, detail: reply.error ?? `no answer within ${limit} ms` };
    }
    // WebAssembly memory (h5wasm) is invisible to the heap limit and the allocation guard, and it
    // never shrinks: growth of the process while this input ran is the measure.
    reply.rssGrowth = process.memoryUsage.rss() - rssBefore;
    return this.judge(reply, files, slot.dir, size);
  }

  judge(r, files, dir, size) {
    const base = { outcome: r.outcome, code: r.code, message: r.message, ms: r.ms, maxAlloc: r.maxAlloc };
    const allowed = this.opts.allocBytes + 2 * size;
    const left = listFiles(dir);
    const extra = left.filter((p) => !files.some((f) => f.name === p));
    if (r.outcome === 'crash') return { ...base, ok: false, kind: 'crash', detail: `${r.message}\n  ${(r.frames ?? []).join('\n  ')}` };
    if (r.maxAlloc > allowed) return { ...base, ok: false, kind: 'alloc', detail: `asked for ${r.maxAlloc} bytes at once: ${r.maxAllocWhere}` };
    if (r.rssGrowth > this.opts.rssGrowthBytes) return { ...base, ok: false, kind: 'rss', detail: `the process grew by ${r.rssGrowth} bytes while this input ran` };
    if (r.writes.length || extra.length) return { ...base, ok: false, kind: 'write', detail: [...r.writes, ...extra.map((p) => `left ${p}`)].join('; ') };
    if (r.outsideReads.length) return { ...base, ok: false, kind: 'read-outside', detail: r.outsideReads.slice(0, 5).join('; ') };
    return { ...base, ok: true };
  }

  async close() {
    await Promise.all(this.slots.map((s) => s.worker?.terminate()));
  }
}

function listFiles(dir, prefix = '') {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out;
}

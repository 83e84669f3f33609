// Runs fuzz inputs in child processes, each with a deadline and a heap ceiling
// (--max-old-space-size), so a hang or an unbounded allocation is detected and reported instead of
// waited on or crashing the fuzzer. Worker threads with resourceLimits were not enough: a large
// allocation failing after V8's last-resort GC is a fatal process-wide OOM, which took the whole
// fuzzer down with the worker. A child process that dies that way is just an `oom` verdict.
import { fork } from 'node:child_process';
import { mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');

export const DEFAULTS = {
  workers: 2,
  /**
   * per input; generous because CI runs two of these on two loaded cores, and above kerascope's
   * own HDF5 time budget for a small file (10 s, HDF5_BUDGET_MS), so that its coded error is seen
   */
  deadlineMs: 15_000,
  /** JS heap per worker process: any input needing more is an unbounded allocation */
  heapMb: 384,
  /** largest single buffer an input may make kerascope ask for, beyond twice its own size */
  allocBytes: 256 * 1024 * 1024,
  /** growth of the worker's peak resident memory during one input beyond which it counts as unbounded */
  rssGrowthBytes: 1024 * 1024 * 1024,
  /** a worker whose resident memory ends an input above this is replaced (WebAssembly memory never shrinks) */
  recycleRssBytes: 1024 * 1024 * 1024,
  /** a module exporting `target(path)` to run instead of kerascope (tests of the harness) */
  target: undefined,
};

/** What V8 and Node print when a heap ceiling is hit; anything else that ends a worker is a crash. */
const OOM_TEXT = /heap out of memory|Allocation failed|Reached heap limit|out of memory|OOMErrorHandler/i;
const STDERR_TAIL = 16 * 1024;

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
    // node_modules may be a link to another checkout's
    const allowRoots = [join(ROOT, 'node_modules'), realpathSync(join(ROOT, 'node_modules')), join(ROOT, 'dist')];
    const data = { dist: join(ROOT, 'dist'), allowRoots, target: this.opts.target };
    const child = fork(join(here, 'worker.mjs'), [JSON.stringify(data)], {
      execArgv: [`--max-old-space-size=${this.opts.heapMb}`, '--max-semi-space-size=16'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    slot.stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      slot.stderr = (slot.stderr + d).slice(-STDERR_TAIL);
    });
    // A send to a worker that just died fails with EPIPE; the job that was running judges the death.
    child.on('error', () => {});
    slot.worker = child;
    slot.exited = new Promise((res) => child.once('close', res));
    return new Promise((resolveReady, reject) => {
      const onMsg = (m) => {
        if (m?.ready) {
          child.off('message', onMsg);
          child.off('close', onEarlyExit);
          resolveReady();
        }
      };
      const onEarlyExit = (code, signal) => reject(new Error(`fuzz worker exited before it was ready (${code ?? signal}): ${slot.stderr.slice(-2000)}`));
      child.on('message', onMsg);
      child.once('close', onEarlyExit);
    });
  }

  async kill(slot) {
    const child = slot.worker;
    if (!child) return;
    slot.worker = null;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await slot.exited;
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
    const child = slot.worker;
    slot.stderr = '';
    const reply = await new Promise((res) => {
      const timer = setTimeout(() => done({ died: 'hang' }), this.opts.deadlineMs * (retry ? 3 : 1));
      const onMsg = (m) => m?.id === id && done(m);
      const onClose = (code, signal) => {
        // V8's fatal errors end in a native stack trace: keep the lines that say what happened,
        // the FATAL ERROR line first (failures are told apart by their first lines).
        const lines = slot.stderr.split('\n').filter((l) => l.trim() && !/^\s*\d+: 0x|Native stack trace|^<---/.test(l));
        const fatal = lines.filter((l) => /FATAL ERROR|Fatal error/.test(l));
        const tail = [...fatal, ...lines.filter((l) => !fatal.includes(l)).slice(-4)].join('\n').slice(0, 1200);
        const oom = OOM_TEXT.test(slot.stderr);
        done({ died: oom ? 'oom' : 'worker-crash', error: `worker ended (${signal ?? `exit ${code}`})${oom ? ', out of memory' : ''}: ${tail}` });
      };
      function done(m) {
        clearTimeout(timer);
        child.off('message', onMsg);
        child.off('close', onClose);
        res(m);
      }
      child.on('message', onMsg);
      child.on('close', onClose);
      child.send({ id, path, hdf5: options.hdf5 }, () => {});
    });
    if (reply.died) {
      await this.kill(slot);
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
    // never shrinks: the worker's peak resident memory, before and after, is the measure.
    if (reply.rss > this.opts.recycleRssBytes) {
      await this.kill(slot);
      await this.spawn(slot);
    }
    return this.judge(reply, files, slot.dir, size);
  }

  judge(r, files, dir, size) {
    const base = { outcome: r.outcome, code: r.code, message: r.message, ms: r.ms, maxAlloc: r.maxAlloc };
    const allowed = this.opts.allocBytes + 2 * size;
    const left = listFiles(dir);
    const extra = left.filter((p) => !files.some((f) => f.name === p));
    if (r.outcome === 'crash') return { ...base, ok: false, kind: 'crash', detail: `${r.message}\n  ${(r.frames ?? []).join('\n  ')}` };
    if (r.maxAlloc > allowed) return { ...base, ok: false, kind: 'alloc', detail: `asked for ${r.maxAlloc} bytes at once: ${r.maxAllocWhere}` };
    if (r.rssGrowth > this.opts.rssGrowthBytes) return { ...base, ok: false, kind: 'rss', detail: `the worker's peak resident memory grew by ${r.rssGrowth} bytes while this input ran` };
    if (r.writes.length || extra.length) return { ...base, ok: false, kind: 'write', detail: [...r.writes, ...extra.map((p) => `left ${p}`)].join('; ') };
    if (r.outsideReads.length) return { ...base, ok: false, kind: 'read-outside', detail: r.outsideReads.slice(0, 5).join('; ') };
    return { ...base, ok: true };
  }

  async close() {
    await Promise.all(this.slots.map((s) => this.kill(s)));
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

// One fuzz worker: opens each input the way the CLI does (read → normalize → analyze → summary
// text and JSON → every stored tensor) and reports how it ended and what the guards saw.
// Runs as a child process of the pool (test/fuzz/pool.mjs), which owns the deadline and the heap
// limit; this side only observes. argv[2] is its settings as JSON.
import { dirname, join } from 'node:path';
import { installGuards, resetGuards, seen } from './guards.mjs';

const workerData = JSON.parse(process.argv[2]);
installGuards();
const dist = workerData.dist;
const lib = await import(join(dist, 'index.js'));
// E_INTERNAL is what a bug of ours is reported as, never a good ending
const CODES = new Set(Object.values(lib.ErrorCode).filter((c) => c !== lib.ErrorCode.Internal));
/** Tensors read per input: enough to reach every reader path without making one input slow. */
const MAX_TENSOR_READS = 64;

// Tests of the harness itself swap in a target that misbehaves on purpose.
const target = workerData.target ? (await import(workerData.target)).target : openAsTheCliDoes;

async function openAsTheCliDoes(path, hdf5) {
  const raw = await lib.readRaw(path, { hdf5 });
  try {
    if (raw.config === null) {
      JSON.stringify(lib.summarizeWeights(raw));
    } else {
      const model = lib.loadModel(raw);
      JSON.stringify(lib.summarize(model));
      lib.summaryText(model, { style: 'auto', expandNested: true });
    }
    await readTensors(raw.weights);
  } finally {
    await raw.weights?.close();
  }
}

async function readTensors(store) {
  if (!store) return;
  let reads = 0;
  for (const layer of [...store.layers, { tensors: store.optimizer }]) {
    for (const t of layer.tensors) {
      if (reads++ >= MAX_TENSOR_READS) return;
      await store.read(t.path);
    }
  }
}

/** Only KerascopeError with a known code and a one-line rendering is an acceptable failure. */
function classify(e) {
  if (e instanceof lib.KerascopeError && CODES.has(e.code) && !e.oneLine().includes('\n')) {
    return { outcome: 'error', code: e.code, message: e.oneLine() };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const frames = (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 6).map((l) => l.trim());
  return { outcome: 'crash', code: e?.code, message: `${err.name}: ${err.message}`.slice(0, 500), frames };
}

// A promise a reader leaves rejected with nobody listening would kill the CLI process.
const dangling = [];
process.on('unhandledRejection', (e) => dangling.push(e));

/** Peak resident memory so far (the kernel's high-water mark): growth across an input is its cost. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

process.on('message', async ({ id, path, hdf5 }) => {
  resetGuards(dirname(path), workerData.allowRoots);
  const peakBefore = peakRss();
  dangling.length = 0;
  const started = performance.now();
  let result;
  try {
    await target(path, hdf5);
    result = { outcome: 'ok' };
  } catch (e) {
    result = classify(e);
  }
  await new Promise((r) => setImmediate(r)); // let unhandled rejections surface
  if (dangling.length && result.outcome !== 'crash') {
    result = { ...classify(dangling[0]), outcome: 'crash' };
    result.message = `unhandled rejection: ${result.message}`;
  }
  process.send({
    id, ...result, ms: performance.now() - started, rssGrowth: peakRss() - peakBefore, rss: process.memoryUsage.rss(),
    maxAlloc: seen.maxAlloc, maxAllocWhere: seen.maxAllocWhere, writes: seen.writes, outsideReads: seen.outsideReads,
  });
});
// Ends with the fuzzer, whichever way the fuzzer ends.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });

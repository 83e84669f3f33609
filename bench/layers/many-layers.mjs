// The layer benchmark of issue 6: read a 1,000-layer config and compute its summary, against
// @tensorflow/tfjs-layers `modelFromJSON` + `summary()` on the same config (it builds and
// initializes every weight), both in this process, best of several runs; then 10,000 layers, which
// must take at most 12x the time of 1,000 (no quadratic graph walks).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';

const RUNS = 30;
/**
 * Runs thrown away first, so both sides are measured with their code optimized by the JIT: at
 * least WARMUP runs and WARMUP_MS of them (ten runs left kerascope's 1,000-layer time at 5-6 ms,
 * half-compiled; it is 3.5 ms once V8 has optimized it, as tfjs-layers is after its warm-up).
 */
const WARMUP = 10;
const WARMUP_MS = 1500;

/**
 * A Keras 2 Sequential of `n` layers cycling through Dense, BatchNormalization, Activation and
 * Dropout (small widths, so tfjs' weight initialization stays in proportion).
 */
export function manyLayerConfig(n) {
  const cycle = [
    (i) => ({ class_name: 'Dense', config: { name: `dense_${i}`, units: 16, activation: 'linear', use_bias: true } }),
    (i) => ({ class_name: 'BatchNormalization', config: { name: `bn_${i}`, axis: -1 } }),
    (i) => ({ class_name: 'Activation', config: { name: `act_${i}`, activation: 'relu' } }),
    (i) => ({ class_name: 'Dropout', config: { name: `drop_${i}`, rate: 0.1 } }),
  ];
  const layers = [{ class_name: 'InputLayer', config: { name: 'input', batch_input_shape: [null, 16], dtype: 'float32' } }];
  for (let i = 0; i < n; i++) layers.push(cycle[i % cycle.length](i));
  return { class_name: 'Sequential', config: { name: 'many', layers }, keras_version: '2.15.0', backend: 'tensorflow' };
}

async function bestOfAsync(runs, fn) {
  const until = performance.now() + WARMUP_MS;
  for (let i = 0; i < WARMUP || performance.now() < until; i++) await fn();
  let best = Infinity;
  let out;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, out };
}

/**
 * Median milliseconds of garbage collection per call of `fn`, over `runs` calls made after the
 * timed ones (observing collections is not free, so the timed runs are left unobserved).
 */
async function gcPerRun(runs, fn) {
  const entries = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const spans = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    spans.push([start, performance.now()]);
  }
  await new Promise((resolve) => setTimeout(resolve, 20)); // entries arrive asynchronously
  observer.disconnect();
  const perRun = spans.map(([a, b]) => entries.filter((e) => e.startTime >= a && e.startTime < b).reduce((ms, e) => ms + e.duration, 0));
  return perRun.sort((x, y) => x - y)[Math.floor(runs / 2)];
}

export const manyLayers = {
  name: 'layers-1000',
  describe: '1,000- and 10,000-layer configs: kerascope read + summary vs tfjs-layers modelFromJSON + summary (targets from issue 6)',
  async run() {
    let tf;
    try {
      tf = await import('@tensorflow/tfjs-layers');
      await import('@tensorflow/tfjs-backend-cpu');
    } catch {
      return { skipped: '@tensorflow/tfjs-layers is a dev dependency: run npm ci' };
    }
    const { readModel, summaryText, summarize } = await import('kerascope'); // the package entry
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-bench-'));
    try {
      const file = (n) => {
        const p = join(dir, `many_${n}.json`);
        writeFileSync(p, JSON.stringify(manyLayerConfig(n)));
        return p;
      };
      const f1k = file(1000);
      const f10k = file(10000);
      const ours = (p) => bestOfAsync(RUNS, async () => summaryText(await readModel(p), { style: 'auto' }));
      const k1 = await ours(f1k);
      const k10 = await ours(f10k);
      const gc10 = await gcPerRun(RUNS, async () => summaryText(await readModel(f10k), { style: 'auto' }));
      const totals = summarize(await readModel(f1k)).total_params;
      // tfjs-layers on the same JSON text (what modelFromJSON takes: the model topology)
      const json = JSON.stringify(manyLayerConfig(1000));
      const tfRun = await bestOfAsync(RUNS, async () => {
        const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(json) });
        let lines = 0;
        model.summary(undefined, undefined, () => lines++);
        const params = model.countParams();
        model.dispose();
        return params;
      });
      const speedup = tfRun.ms / k1.ms;
      const scale = k10.ms / k1.ms;
      const f = (x, d = 1) => x.toFixed(d);
      return {
        rows: [
          { what: 'total params, kerascope = tfjs-layers', value: `${totals} / ${tfRun.out}`, target: 'equal', ok: totals === tfRun.out },
          { what: 'tfjs-layers modelFromJSON + summary, 1,000 layers (ms)', value: f(tfRun.ms) },
          { what: 'kerascope read + summary, 1,000 layers (ms)', value: f(k1.ms) },
          { what: 'speed-up over tfjs-layers', value: `${f(speedup)}x`, target: '>= 20x', ok: speedup >= 20 },
          { what: 'kerascope read + summary, 10,000 layers (ms)', value: f(k10.ms) },
          { what: '10,000 / 1,000 layers time ratio', value: f(scale, 2), target: '<= 12', ok: scale <= 12 },
          // V8 copies what a run keeps alive (~13 MB at 10,000 layers) out of its 16 MB young generation
          { what: 'garbage collection per 10,000-layer run, median (ms)', value: f(gc10) },
        ],
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

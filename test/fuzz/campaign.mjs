// A fuzz campaign: mutate seeds of every format in turn, run each input in the worker pool (and
// every Nth through the CLI), count inputs per format and save each distinct failure as files.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Rng } from './rng.mjs';
import { checkCli } from './cli-check.mjs';

/**
 * options: seeds (by format), pool, mutator, until (ms epoch) and/or maxInputs or perSeed, baseSeed,
 * saveDir (null: don't save), cliEvery (0: never), scratch, log (line printer), onlyFormats,
 * replay (input numbers to run instead of counting up from baseSeed), verbose (log each input
 * before it runs, so the last line names the input that took the fuzzer down, if anything does).
 * Input #N is the same files every time for the same seeds, formats, baseSeed and perSeed.
 * perSeed: N inputs from each seed file in turn (seed #N mod the seed count), so a run covers every
 * seed the same whatever the machine's speed; otherwise input #N draws its seed at random.
 * replayFlags: what else test/fuzz/run.mjs needs to load the same seed files (`--shared`), for the
 * replay command each failure carries (`failure.replay`, logged and saved with it).
 */
export async function runCampaign(o) {
  const formats = Object.keys(o.seeds).filter((f) => o.seeds[f].length && (!o.onlyFormats || o.onlyFormats.includes(f)));
  const stats = Object.fromEntries(formats.map((f) => [f, { tried: 0, ok: 0, coded: {}, failures: 0, cli: 0, slow: 0 }]));
  const failures = [];
  const signatures = new Map();
  const everySeed = formats.flatMap((format) => o.seeds[format].map((seed) => ({ format, seed })));
  const maxInputs = o.perSeed ? o.perSeed * everySeed.length : o.maxInputs;
  let n = 0;
  let lastLog = Date.now();
  const more = () =>
    (o.replay ? n < o.replay.length : maxInputs === undefined || n < maxInputs) && (o.until === undefined || Date.now() < o.until);
  const next = () => (o.replay ? o.replay[n++] - o.baseSeed : n++);

  const one = async (i) => {
    const rng = new Rng(o.baseSeed + i);
    const format = o.perSeed ? everySeed[i % everySeed.length].format : formats[i % formats.length];
    const seed = o.perSeed ? everySeed[i % everySeed.length].seed : rng.pick(o.seeds[format]);
    let input;
    try {
      input = o.mutator.mutateCase(rng, seed, o.seeds[format]);
    } catch (e) {
      // A bug of the fuzzer, not of kerascope: say so and go on with the next input.
      o.log?.(`fuzzer error on #${o.baseSeed + i} (${seed.name}): ${e?.stack ?? e}`);
      return;
    }
    // Both HDF5 backends see the same kinds of input (jsfive: whole file in memory; h5wasm: lazy).
    const hdf5 = rng.pick(['jsfive', 'h5wasm']);
    if (o.verbose) o.log?.(`#${o.baseSeed + i} [${format}] ${seed.name} (${hdf5}): ${input.trail.join(' → ')}; ${input.files.map((f) => `${f.name} ${f.bytes.length} B`).join(', ')}`);
    const verdict = await o.pool.run(input.files, { hdf5 });
    const s = stats[format];
    s.tried++;
    if (verdict.slow) {
      s.slow++;
      o.log?.(`slow [${format}] #${o.baseSeed + i} (${seed.name}, ${hdf5}): missed the deadline once, then ${verdict.ok ? verdict.code ?? 'ok' : verdict.kind} in ${Math.round(verdict.ms ?? 0)} ms`);
    }
    if (verdict.ok && verdict.outcome === 'ok') s.ok++;
    if (verdict.ok && verdict.code) s.coded[verdict.code] = (s.coded[verdict.code] ?? 0) + 1;
    let bad = verdict.ok ? null : verdict;
    if (!bad && o.cliEvery && s.tried % o.cliEvery === 1) {
      s.cli++;
      // A folder of its own: a CLI check can outlast the next one (an HDF5 file the library loops
      // on runs into its 10 s budget), and a shared folder made it see the next input's files.
      const dir = join(o.scratch, `cli${i}`);
      const c = await checkCli(dir, input.files, { hdf5 });
      rmSync(dir, { recursive: true, force: true });
      if (!c.ok) bad = c;
    }
    if (bad) {
      s.failures++;
      const failure = { format, hdf5, seed: seed.name, seedNumber: o.baseSeed + i, baseSeed: o.baseSeed, trail: input.trail, kind: bad.kind, detail: bad.detail };
      failure.replay = replayCommand(o, failure.seedNumber);
      const sig = signature(failure);
      const count = (signatures.get(sig) ?? 0) + 1;
      signatures.set(sig, count);
      if (count > 1) o.log?.(`FAIL again [${format}] ${bad.kind} #${failure.seedNumber} (${count} times so far; seed ${seed.name})`);
      if (count === 1) {
        failures.push(failure);
        o.log?.(`FAIL [${format}] ${bad.kind}: ${bad.detail.split('\n').slice(0, 3).join(' | ')}  (seed ${seed.name}, #${failure.seedNumber}, ${input.trail.join(' → ')}); again: ${failure.replay}`);
        if (o.saveDir) failure.savedAt = saveFailure(o.saveDir, failure, input.files);
      }
    }
    if (o.log && Date.now() - lastLog > 30_000) {
      lastLog = Date.now();
      o.log(progress(stats));
    }
  };

  const lanes = Array.from({ length: o.pool.opts.workers }, async () => {
    while (more()) await one(next());
  });
  await Promise.all(lanes);
  return { stats, failures, distinct: signatures };
}

/** The command that runs input #`seedNumber` of this campaign again, alone (after `npm run -s build`). */
export function replayCommand(o, seedNumber) {
  const flags = [
    `--seed ${o.baseSeed}`,
    ...(o.replayFlags ?? []),
    ...(o.onlyFormats ? [`--format ${o.onlyFormats.join(',')}`] : []),
    ...(o.perSeed ? [`--per-seed ${o.perSeed}`] : []),
  ];
  return `node test/fuzz/run.mjs ${flags.join(' ')} --replay ${seedNumber} --verbose`;
}

/** Kinds whose detail says nothing about where it happened: told apart by their seed as well. */
const OPAQUE_KINDS = new Set(['hang', 'oom', 'rss', 'worker-crash', 'alloc']);

/**
 * Failures of one format with the same kind and the same first lines (paths and numbers blurred)
 * are one bug; a hang or an out-of-memory also needs the same seed to count as the same.
 */
function signature(f) {
  const first = f.detail.split('\n').slice(0, 2).join(' ').replace(/\/[^\s:'"]+/g, '<path>').replace(/\d+/g, 'N');
  return `${f.format} ${f.kind} ${first}${OPAQUE_KINDS.has(f.kind) ? ` ${f.seed}` : ''}`;
}

function saveFailure(dir, failure, files) {
  const id = createHash('sha1').update(`${failure.kind}${failure.detail}${failure.seedNumber}`).digest('hex').slice(0, 10);
  const out = join(dir, `${failure.format}-${failure.kind}-${id}`);
  rmSync(out, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(out, 'input', f.name)), { recursive: true });
    // Mutated inputs can be megabytes of repetition: stored gzipped, replayed unzipped.
    if (f.bytes.length > 64 * 1024) writeFileSync(join(out, 'input', `${f.name}.gz`), gzipSync(f.bytes));
    else writeFileSync(join(out, 'input', f.name), f.bytes);
  }
  writeFileSync(join(out, 'case.json'), JSON.stringify({ ...failure, open: files[0].name }, null, 2) + '\n');
  return out;
}

export function progress(stats) {
  return Object.entries(stats)
    .map(([f, s]) => `${f}: ${s.tried} tried (${s.ok} opened, ${Object.values(s.coded).reduce((a, b) => a + b, 0)} coded errors, ${s.cli} via CLI, ${s.slow} slow, ${s.failures} failing)`)
    .join('; ');
}

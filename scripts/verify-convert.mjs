#!/usr/bin/env node
// Round-trips every convertible case of the shared ground truth (../shared or KERASCOPE_SHARED: the
// seed model, corpus/ and fixtures-h5/) through `convert --to tfjs` and `--to keras`:
//  - each tfjs output is loaded by @tensorflow/tfjs-layers from its files and its layer count,
//    parameter count and every weight compared with the original as our reader reads it;
//  - each output is read back by our readers: same layer rows and totals;
//  - with --keras3, each .keras output is loaded in real Keras 3 by scripts/verify-convert-keras3.py
//    (KERAS3_PYTHON, default /tmp/kvenv/bin/python) and compared with the original read independently.
// Cases the converter refuses are listed with its reason. Usage: npm run -s build && node scripts/verify-convert.mjs [--keras3]
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { convertModel, openModelFile, readModel, summarize } from '../dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = resolve(process.env.KERASCOPE_SHARED ?? join(root, '../shared'));
const withKeras3 = process.argv.includes('--keras3');
const work = mkdtempSync(join(tmpdir(), 'kerascope-verify-convert-'));

async function kind(path) {
  try {
    const raw = await openModelFile(path);
    await raw.weights?.close();
    return raw.config === null ? 'weights' : raw.weights ? 'model' : 'config';
  } catch {
    return 'none';
  }
}

async function cases() {
  const out = [{ id: 'seed/cifar10_cnn.h5', input: join(root, 'fixtures/cifar10_cnn.h5'), expectedTotal: 1250858 }];
  const manifest = JSON.parse(readFileSync(join(shared, 'fixtures-h5/MANIFEST.json'), 'utf8'));
  for (const f of manifest.files) {
    const input = join(shared, 'fixtures-h5', f.file);
    if ((await kind(input)) === 'model') out.push({ id: `fixtures-h5/${f.file}`, input, expectedTotal: f.expected?.total_params ?? undefined });
  }
  for (const d of readdirSync(join(shared, 'corpus')).sort()) {
    const folder = join(shared, 'corpus', d);
    if (!existsSync(join(folder, 'source.json'))) continue;
    const files = readdirSync(folder).filter((f) => !['source.json', 'summary.txt', 'keras3-summary.txt', 'keras3-expected.json'].includes(f) && !f.endsWith('.bin'));
    const kinds = await Promise.all(files.map(async (f) => [f, await kind(join(folder, f))]));
    const model = kinds.find(([, k]) => k === 'model');
    const config = kinds.find(([, k]) => k === 'config');
    const weights = kinds.find(([, k]) => k === 'weights');
    if (model) out.push({ id: `corpus/${d}`, input: join(folder, model[0]) });
    else if (config && weights) out.push({ id: `corpus/${d}`, input: join(folder, config[0]), weights: join(folder, weights[0]) });
  }
  return out;
}

async function values(path, weights) {
  const m = await readModel(path, weights ? { weights } : {});
  const vals = new Map();
  for (const [layer, tensors] of m.weightMatch.byLayer) for (const [i, t] of tensors.entries()) vals.set(`${layer}/${i}`, await m.raw.weights.read(t.path));
  const s = summarize(m);
  await m.raw.weights?.close();
  return { s, vals };
}

const rowsOf = (s) => JSON.stringify(s.layers.map((l) => [l.name, l.class_name, l.output_shape, l.params]));
const same = (a, b) => a && b && a.length === b.length && a.every((x, i) => Object.is(Math.fround(Number(x)), Math.fround(Number(b[i]))) || (Number.isNaN(x) && Number.isNaN(b[i])));

async function tfjsCheck(c, folder, orig) {
  const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
  const g = json.weightsManifest[0];
  const bytes = Buffer.concat(g.paths.map((p) => readFileSync(join(folder, p))));
  const model = await tfl.loadLayersModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: g.weights, weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }) }, { strict: true });
  const problems = [];
  if (model.countParams() !== orig.s.total_params) problems.push(`tfjs countParams ${model.countParams()} vs ${orig.s.total_params}`);
  if (model.layers.length !== orig.s.layers.length) problems.push(`tfjs layers ${model.layers.length} vs ${orig.s.layers.length}`);
  // by layer and position (tfjs keeps Keras' weight order per layer; its own names differ for wrappers)
  for (const l of orig.s.layers) {
    if (!(l.weights ?? []).length) continue;
    const got = model.getLayer(l.name).getWeights().map((t) => t.dataSync());
    if (got.length !== l.weights.length) problems.push(`tfjs ${l.name}: ${got.length} weights vs ${l.weights.length}`);
    else if (!c.keras1) got.forEach((g, i) => same(g, orig.vals.get(`${l.name}/${i}`)) || problems.push(`tfjs ${l.name}[${i}] values differ`));
  }
  model.dispose();
  return problems;
}

const results = [];
const keras3Cases = [];
for (const c of await cases()) {
  const r = { id: c.id, tfjs: '-', keras: '-', keras3: withKeras3 ? '-' : 'not run' };
  results.push(r);
  let orig;
  try {
    orig = await values(c.input, c.weights);
    c.keras1 = orig.s.keras_version?.startsWith?.('1') ?? false;
  } catch (e) {
    r.tfjs = r.keras = `unreadable: ${e.code ?? e.message}`;
    continue;
  }
  const safe = c.id.replace(/[^\w.-]+/g, '_');
  for (const to of ['tfjs', 'keras']) {
    const out = join(work, `${safe}.${to === 'tfjs' ? 'tfjs' : 'keras'}`);
    try {
      await convertModel(c.input, { to, out, weights: c.weights });
      const back = await values(to === 'tfjs' ? join(out, 'model.json') : out);
      const problems = [];
      if (rowsOf(back.s) !== rowsOf(orig.s)) problems.push('read back: layer rows differ');
      if (back.s.total_params !== orig.s.total_params) problems.push(`read back: total ${back.s.total_params} vs ${orig.s.total_params}`);
      if (to === 'tfjs') problems.push(...(await tfjsCheck(c, out, orig)));
      else keras3Cases.push({ id: c.id, original: c.input, ...(c.weights ? { weights: c.weights } : {}), converted: out, ...(c.expectedTotal ? { expected_total: c.expectedTotal } : {}) });
      r[to] = problems.length ? `FAIL ${problems.slice(0, 3).join('; ')}` : 'ok';
    } catch (e) {
      r[to] = e.code === 'E_UNSUPPORTED' ? `refused: ${e.message.slice(0, 110)}` : `FAIL ${e.code ?? ''} ${e.message.slice(0, 110)}`;
    }
  }
}
if (withKeras3 && keras3Cases.length) {
  writeFileSync(join(work, 'cases.json'), JSON.stringify(keras3Cases));
  const py = process.env.KERAS3_PYTHON ?? '/tmp/kvenv/bin/python';
  const p = spawnSync(py, [join(root, 'scripts/verify-convert-keras3.py'), join(work, 'cases.json')], { encoding: 'utf8', env: { ...process.env, KERAS_BACKEND: 'jax' }, maxBuffer: 64 << 20 });
  for (const line of p.stdout.split('\n').filter((l) => l.startsWith('{'))) {
    const k = JSON.parse(line);
    const r = results.find((x) => x.id === k.id);
    r.keras3 = k.ok ? `ok (${k.params} params, ${k.oracle})` : `FAIL ${k.problems.join('; ').slice(0, 200)}`;
  }
  if (p.status !== 0) console.error(p.stderr.slice(-2000));
}
for (const r of results) console.log(`${r.id}\n   tfjs: ${r.tfjs}\n   keras: ${r.keras}\n   keras3: ${r.keras3}`);
const count = (f, k) => results.filter((r) => r[k].startsWith(f)).length;
console.log(`\n${results.length} cases; tfjs ok ${count('ok', 'tfjs')}, refused ${count('refused', 'tfjs')}, failed ${count('FAIL', 'tfjs')}; keras ok ${count('ok', 'keras')}, refused ${count('refused', 'keras')}, failed ${count('FAIL', 'keras')}` + (withKeras3 ? `; Keras 3 loads ok ${count('ok', 'keras3')}, failed ${count('FAIL', 'keras3')}` : ''));
rmSync(work, { recursive: true, force: true });
process.exitCode = results.some((r) => r.tfjs.startsWith('FAIL') || r.keras.startsWith('FAIL') || r.keras3.startsWith('FAIL')) ? 1 : 0;

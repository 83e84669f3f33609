#!/usr/bin/env node
// Round-trips every convertible case of the shared ground truth (../shared or KERASCOPE_SHARED: the
// seed model, fixtures-h5/, keras3/generated/, keras3/modern/ and corpus/) through `convert --to tfjs`
// and `--to keras`:
//  - each tfjs output is loaded by @tensorflow/tfjs-layers from its files and its layer count,
//    parameter count and every weight compared with the original as our reader reads it;
//  - each output is read back by our readers: same layer rows and totals;
//  - with --keras3, each .keras output is loaded in real Keras 3 by scripts/verify-convert-keras3.py
//    (KERAS3_PYTHON, default /tmp/kvenv/bin/python) and compared with the original read independently.
// Cases the converter refuses are listed with its reason; inputs that must be refused (a broken or
// weights-only file, a subclassed model) are checked for the refusal the conformance suite wants.
// The round trips are the conformance suite's (test/conformance/convert-roundtrip.mjs).
// Usage: npm run -s build && node scripts/verify-convert.mjs [--keras3] [--only <id part>]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { convertCases, readValues, refusalProblems, roundTrip } from '../test/conformance/convert-roundtrip.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = resolve(process.env.KERASCOPE_SHARED ?? join(root, '../shared'));
const withKeras3 = process.argv.includes('--keras3');
// --only <text>: the cases whose id contains it (e.g. --only keras3/modern)
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
const work = mkdtempSync(join(tmpdir(), 'kerascope-verify-convert-'));

const results = [];
const keras3Cases = [];
for (const c of (await convertCases(shared)).filter((x) => x.id.includes(only))) {
  const r = { id: c.id, tfjs: '-', keras: '-', keras3: withKeras3 ? '-' : 'not run' };
  results.push(r);
  const safe = c.id.replace(/[^\w.-]+/g, '_');
  const outPath = (to) => join(work, `${safe}.${to === 'tfjs' ? 'tfjs' : 'keras'}`);
  // a case that holds no whole model, or must be refused: judged as the conformance suite judges it
  if (c.refusal || c.kinds !== undefined) {
    for (const to of ['tfjs', 'keras']) {
      const problems = await refusalProblems(c, to, outPath(to));
      r[to] = problems.length ? `FAIL ${problems.join('; ')}` : 'refused as expected';
    }
    continue;
  }
  let orig;
  try {
    orig = await readValues(c.input, c.weights);
  } catch (e) {
    r.tfjs = r.keras = `unreadable: ${e.code ?? e.message}`;
    continue;
  }
  for (const to of ['tfjs', 'keras']) {
    const out = outPath(to);
    const t = await roundTrip(c, to, out, orig);
    r[to] = t.ok ? 'ok' : t.refused ? `refused: ${t.refused.slice(0, 110)}` : `FAIL ${t.problems.slice(0, 3).join('; ')}`;
    if (t.ok && to === 'keras') keras3Cases.push({ id: c.id, original: c.input, ...(c.weights ? { weights: c.weights } : {}), converted: out, ...(c.expectedTotal ? { expected_total: c.expectedTotal } : {}) });
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

#!/usr/bin/env node
// Conformance: runs kerascope over the shared ground truth in ../shared and compares with what
// Keras (or tfjs-layers) recorded. Prints a table per suite and per layer class, the counts per
// suite, then a closing "N passed, R verified refusals, M failed, K skipped" line. A verified
// refusal is a case whose right outcome is a refusal and whose suite checked that against an
// independent source (a manifest, the consumer): counted apart from passes, so that neither number
// hides the other. Skips, with a message, when ../shared
// is absent. Every skip must be listed in expected-skips.tsv (see expected-skips.mjs): an unlisted
// skip, or a listed case that runs now, fails the run.
//   node test/conformance/run.mjs [suite ...] [--update-skips]
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { SUITES } from './suites/index.mjs';
import { ExpectedSkips } from './expected-skips.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(process.env.KERASCOPE_SHARED ?? resolve(here, '../../../shared'));
if (!existsSync(shared)) {
  console.log(`conformance skipped: the shared ground truth is not at ${shared} (set KERASCOPE_SHARED to its folder)`);
  console.log('0 passed, 0 failed, 1 skipped');
  process.exit(0);
}

const args = process.argv.slice(2);
const update = args.includes('--update-skips');
const only = args.filter((a) => a !== '--update-skips');
const unknown = only.filter((n) => !SUITES.some((s) => s.name === n));
if (unknown.length) {
  console.error(`no such suite: ${unknown.join(', ')} (suites: ${SUITES.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const verbose = process.env.VERBOSE === '1';
const expected = new ExpectedSkips();
let passed = 0;
let refusals = 0;
let failed = 0;
let skipped = 0;
const perSuite = [];
const byClass = new Map(); // class → {pass, fail}
for (const suite of SUITES) {
  if (only.length && !only.includes(suite.name)) continue;
  const cases = await suite.cases(shared);
  let sp = 0, sr = 0, sf = 0, ss = 0;
  const failures = [];
  const skips = [];
  const refused = [];
  const stale = [];
  const fail = (id, problems) => {
    sf++;
    failures.push(`  ✗ ${id}\n${problems.slice(0, verbose ? 100 : 5).map((p) => `      ${p}`).join('\n')}`);
  };
  for (const c of cases) {
    let result;
    try {
      result = await c.run();
    } catch (e) {
      result = { ok: false, problems: [`threw: ${e?.stack ?? e}`] };
    }
    const judged = expected.judge(suite.name, c.id, result);
    if (result.skipped) {
      if (judged.ok) {
        ss++;
        skips.push(`  ○ ${c.id}: ${result.reason ?? 'skipped'}`);
      } else fail(c.id, [judged.problem]);
      continue;
    }
    for (const [cls, ok] of result.classes ?? []) {
      const row = byClass.get(cls) ?? { pass: 0, fail: 0 };
      ok ? row.pass++ : row.fail++;
      byClass.set(cls, row);
    }
    // A listed case that runs now: with --update-skips its line just goes.
    if (judged.problem && update) stale.push(`  − ${c.id}`);
    const problems = [...(result.problems ?? []), ...(judged.problem && !update ? [judged.problem] : [])];
    if (result.ok && problems.length === 0) {
      if (!result.refusal) sp++;
      else {
        sr++;
        if (verbose) refused.push(`  ⊘ ${c.id}: ${result.refusal}`);
      }
    } else fail(c.id, problems);
  }
  for (const { id, problem } of expected.missing(suite.name, cases.map((c) => c.id))) {
    if (update) stale.push(`  − ${id}`);
    else fail(id, [problem]);
  }
  passed += sp;
  refusals += sr;
  failed += sf;
  skipped += ss;
  perSuite.push([suite.name, sp, sr, ss, sf]);
  console.log(`\n== ${suite.name}: ${sp} passed, ${sr ? `${sr} verified refusals, ` : ''}${sf} failed${ss ? `, ${ss} skipped (listed in expected-skips.tsv)` : ''} (${suite.describe})`);
  if (failures.length) console.log(failures.join('\n'));
  // A skip says why, so that a gap is never silent.
  if (skips.length) console.log(skips.join('\n'));
  if (refused.length) console.log(refused.join('\n'));
  if (stale.length) console.log(`  no longer skipped, deleted from expected-skips.tsv:\n${stale.join('\n')}`);
}
if (update) {
  const n = expected.dropStale();
  console.log(`\n--update-skips: ${n} line${n === 1 ? '' : 's'} deleted from expected-skips.tsv (a new skip is never added: add its line by hand if it is justified)`);
}

if (byClass.size) {
  console.log('\nPer layer class (layer instances exact / differing):');
  const rows = [...byClass.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [cls, { pass, fail }] of rows) console.log(`  ${cls.padEnd(34)} ${String(pass).padStart(5)} ${fail ? String(fail).padStart(5) + '  ✗' : ''}`);
}
console.log('\nPer suite:              passed  verified refusals  skipped  failed');
for (const [name, ...n] of perSuite) console.log(`  ${name.padEnd(20)} ${n.map((x, i) => String(x).padStart([8, 19, 9, 8][i])).join('')}`);
console.log(`\n${passed} passed, ${refusals} verified refusals, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);

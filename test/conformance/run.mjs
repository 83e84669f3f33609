#!/usr/bin/env node
// Conformance: runs kerascope over the shared ground truth in ../shared and compares with what
// Keras (or tfjs-layers) recorded. Prints a table per suite and per layer class, then a closing
// "N passed, M failed" line. Skips, with a message, when ../shared is absent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { SUITES } from './suites/index.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(process.env.KERASCOPE_SHARED ?? resolve(here, '../../../shared'));
if (!existsSync(shared)) {
  console.log(`conformance skipped: the shared ground truth is not at ${shared} (set KERASCOPE_SHARED to its folder)`);
  console.log('0 passed, 0 failed, 1 skipped');
  process.exit(0);
}

const only = process.argv.slice(2);
const verbose = process.env.VERBOSE === '1';
let passed = 0;
let failed = 0;
let skipped = 0;
const byClass = new Map(); // class → {pass, fail}
for (const suite of SUITES) {
  if (only.length && !only.includes(suite.name)) continue;
  const cases = await suite.cases(shared);
  let sp = 0, sf = 0, ss = 0;
  const failures = [];
  const skips = [];
  for (const c of cases) {
    let result;
    try {
      result = await c.run();
    } catch (e) {
      result = { ok: false, problems: [`threw: ${e?.stack ?? e}`] };
    }
    if (result.skipped) {
      ss++;
      skips.push(`  ○ ${c.id}: ${result.reason ?? 'skipped'}`);
      continue;
    }
    for (const [cls, ok] of result.classes ?? []) {
      const row = byClass.get(cls) ?? { pass: 0, fail: 0 };
      ok ? row.pass++ : row.fail++;
      byClass.set(cls, row);
    }
    if (result.ok) sp++;
    else {
      sf++;
      failures.push(`  ✗ ${c.id}\n${result.problems.slice(0, verbose ? 100 : 5).map((p) => `      ${p}`).join('\n')}`);
    }
  }
  passed += sp;
  failed += sf;
  skipped += ss;
  console.log(`\n== ${suite.name}: ${sp} passed, ${sf} failed${ss ? `, ${ss} skipped` : ''} (${suite.describe})`);
  if (failures.length) console.log(failures.join('\n'));
  // A skip says why, so that a gap is never silent.
  if (skips.length) console.log(skips.join('\n'));
}

if (byClass.size) {
  console.log('\nPer layer class (layer instances exact / differing):');
  const rows = [...byClass.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [cls, { pass, fail }] of rows) console.log(`  ${cls.padEnd(34)} ${String(pass).padStart(5)} ${fail ? String(fail).padStart(5) + '  ✗' : ''}`);
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);

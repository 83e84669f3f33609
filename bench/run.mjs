#!/usr/bin/env node
// `npm run bench`: runs every benchmark listed in ./benchmarks.mjs and prints its table. A
// benchmark is a module exporting {name, describe, run(ctx)} where run returns
// {rows: [{what, value, target?, ok?}], skipped?: reason}; add yours to the list.
import { BENCHMARKS } from './benchmarks.mjs';

const only = process.argv.slice(2);
let failed = 0;
for (const b of BENCHMARKS) {
  if (only.length && !only.includes(b.name)) continue;
  console.log(`\n== ${b.name}: ${b.describe}`);
  const result = await b.run();
  if (result.skipped) {
    console.log(`   skipped: ${result.skipped}`);
    continue;
  }
  for (const r of result.rows) {
    const mark = r.ok === undefined ? ' ' : r.ok ? '✓' : '✗';
    if (r.ok === false) failed++;
    console.log(`   ${mark} ${r.what.padEnd(58)} ${String(r.value).padStart(14)}${r.target ? `   (target ${r.target})` : ''}`);
  }
}
console.log(failed ? `\n${failed} benchmark target(s) missed` : '\nall benchmark targets met');

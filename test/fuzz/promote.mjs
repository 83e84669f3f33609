#!/usr/bin/env node
// Turns a saved fuzz failure into a regression case replayed by `npm test`:
//   node test/fuzz/promote.mjs fuzz-failures/<dir> <case-name> "<what broke and how it was fixed>" [expected code]
// An `--open` flag records a failure that is not fixed yet: the case is listed, skipped, and named in the test output.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './pool.mjs';

const args = process.argv.slice(2);
const open = args.includes('--open');
const [from, name, note, expect] = args.filter((a) => a !== '--open');
if (!from || !name || !note) {
  console.error('usage: promote.mjs <failure dir> <case name> "<note>" [expected code] [--open]');
  process.exit(2);
}
const to = join(ROOT, 'test/regressions', name);
cpSync(join(from, 'input'), join(to, 'input'), { recursive: true });
const meta = JSON.parse(readFileSync(join(from, 'case.json'), 'utf8'));
delete meta.savedAt;
writeFileSync(join(to, 'case.json'), JSON.stringify({ ...meta, note, ...(expect ? { expect } : {}), ...(open ? { open_issue: true } : {}) }, null, 2) + '\n');
console.log(`${to}`);

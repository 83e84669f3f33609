#!/usr/bin/env node
// Regenerates docs/findings.md from the finding catalogue (run `npm run build` first).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { renderFindingsDoc } from '../dist/report/audit/findings-doc.js';

const target = new URL('../docs/findings.md', import.meta.url);
mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
const tmp = new URL(`../docs/.findings.md.${process.pid}.tmp`, import.meta.url);
writeFileSync(tmp, renderFindingsDoc());
renameSync(tmp, target);
console.log('wrote docs/findings.md');

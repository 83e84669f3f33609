#!/usr/bin/env node
// Writes docs/layers.md, the coverage table of `kerascope layers --format markdown`, from the built
// library (run `npm run build` first; `npm run docs:layers` does both). test/report/coverage.test.ts
// fails when the committed file is stale.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layerCoverage, renderCoverage } from '../dist/index.js';

const out = fileURLToPath(new URL('../docs/layers.md', import.meta.url));
mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
writeFileSync(`${out}.tmp`, renderCoverage(layerCoverage(), 'markdown'));
renameSync(`${out}.tmp`, out);
console.log('wrote docs/layers.md');

import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { renderFindingsDoc } from '../../src/report/audit/findings-doc.js';
import { FINDING_CODES } from '../../src/audit/codes.js';

test('docs/findings.md is up to date (regenerate: npm run build && node scripts/gen-findings-doc.mjs)', () => {
  const committed = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');
  expect(committed).toBe(renderFindingsDoc());
});

test('every code is documented with its severity', () => {
  const doc = renderFindingsDoc();
  for (const [code, info] of Object.entries(FINDING_CODES)) expect(doc).toContain(`### \`${code}\` — ${info.title}\n\nSeverity: **${info.severity}**.`);
});

// Markdown for pull-request comments: a verdict line per file and a findings table.
import type { Severity } from '../../audit/codes.js';
import { auditFileJson, type AuditFileJson, type FileOutcome } from './json.js';

const ICON: Record<AuditFileJson['verdict'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️', clean: '✅', unreadable: '🚫' };

export function renderAuditMarkdown(outcomes: readonly FileOutcome[]): string {
  const reports = outcomes.map(auditFileJson);
  const out = ['## kerascope audit', ''];
  if (reports.length > 1) {
    out.push('| file | verdict | errors | warnings | info |', '| --- | --- | ---: | ---: | ---: |');
    for (const r of reports) out.push(`| ${cell(r.file)} | ${ICON[r.verdict]} ${r.verdict} | ${n(r, 'error')} | ${n(r, 'warning')} | ${n(r, 'info')} |`);
    out.push('');
  }
  for (const r of reports) out.push(...fileSection(r));
  return out.join('\n').trimEnd() + '\n';
}

function fileSection(r: AuditFileJson): string[] {
  const out = [`### ${ICON[r.verdict]} \`${r.file}\`${r.format ? ` (${r.format})` : ''}`, ''];
  if (r.error) return [...out, `Unreadable: ${cell(r.error.message)} \`${r.error.code}\``, ''];
  if (r.findings.length === 0 && r.errors.length === 0) return [...out, 'No findings.', ''];
  if (r.findings.length) {
    out.push('| severity | code | layer | weight | message |', '| --- | --- | --- | --- | --- |');
    for (const f of r.findings) out.push(`| ${f.severity} | \`${f.code}\` | ${cell(f.layer ?? '')} | ${cell(f.weight ?? '')} | ${cell(f.message)} |`);
    out.push('');
  }
  for (const e of r.errors) out.push(`- check \`${e.check}\` failed: ${cell(e.message)}`);
  return [...out, ''];
}

function n(r: AuditFileJson, s: Severity): number {
  return r.findings.filter((f) => f.severity === s).length;
}

/** Table-safe text: pipes escaped, newlines folded, markup characters neutralized. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([`*_<>[\]])/g, '\\$1');
}

// Human-readable audit report: per file, findings grouped by layer (model-wide ones first), then
// crashed and skipped checks. Colour only when asked (the CLI asks on a TTY without NO_COLOR).
import type { Severity } from '../../audit/codes.js';
import { auditFileJson, type AuditFileJson, type FileOutcome, type FindingJson } from './json.js';

export interface TextOptions {
  color: boolean;
  /** also list skipped checks */
  verbose?: boolean;
}

const SGR: Record<Severity | 'bold' | 'dim' | 'ok', string> = { error: '31', warning: '33', info: '36', bold: '1', dim: '2', ok: '32' };

export function renderAuditText(outcomes: readonly FileOutcome[], opts: TextOptions): string {
  const paint = (style: keyof typeof SGR, s: string) => (opts.color ? `\x1b[${SGR[style]}m${s}\x1b[0m` : s);
  const blocks = outcomes.map((o) => fileBlock(auditFileJson(o), paint, opts));
  if (outcomes.length > 1) blocks.push(totalsLine(outcomes.map(auditFileJson), paint));
  return blocks.join('\n\n');
}

type Paint = (style: keyof typeof SGR, s: string) => string;

function fileBlock(r: AuditFileJson, paint: Paint, opts: TextOptions): string {
  const lines = [`${paint('bold', r.file)}${r.format ? paint('dim', `  (${r.format})`) : ''}  ${verdictText(r, paint)}`];
  if (r.error) {
    lines.push(`  ${paint('error', 'unreadable')}  ${r.error.message} [${r.error.code}]`);
    return lines.join('\n');
  }
  const width = Math.max(0, ...r.findings.map((f) => f.code.length));
  for (const [layer, findings] of groupByLayer(r.findings)) {
    lines.push(`  ${layer === null ? paint('dim', 'model') : `layer ${paint('bold', layer)}`}`);
    for (const f of findings) lines.push(`    ${paint(f.severity, f.severity.padEnd(7))}  ${paint('dim', f.code.padEnd(width))}  ${f.message}`);
  }
  for (const e of r.errors) lines.push(`  ${paint('error', 'check failed')}  ${e.check}: ${e.message}`);
  if (opts.verbose) for (const s of r.skipped) lines.push(`  ${paint('dim', `skipped ${s.check}: ${s.reason}`)}`);
  return lines.join('\n');
}

function verdictText(r: AuditFileJson, paint: Paint): string {
  if (r.verdict === 'unreadable') return paint('error', '✗ unreadable');
  const n = (s: Severity) => r.findings.filter((f) => f.severity === s).length;
  const parts = (['error', 'warning', 'info'] as const).filter((s) => n(s) > 0).map((s) => paint(s, `${n(s)} ${s}${n(s) === 1 ? '' : 's'}`));
  if (r.errors.length) parts.push(paint('error', `${r.errors.length} check${r.errors.length === 1 ? '' : 's'} failed`));
  return parts.length ? parts.join(', ') : paint('ok', '✓ no findings');
}

/** Model-wide findings (no layer) first, then layers in the order they first appear. */
function groupByLayer(findings: readonly FindingJson[]): [string | null, FindingJson[]][] {
  const groups = new Map<string | null, FindingJson[]>();
  for (const f of [...findings].sort((a, b) => Number(a.layer !== null) - Number(b.layer !== null))) {
    const g = groups.get(f.layer) ?? [];
    g.push(f);
    groups.set(f.layer, g);
  }
  return [...groups];
}

function totalsLine(reports: readonly AuditFileJson[], paint: Paint): string {
  const count = (v: string) => reports.filter((r) => r.verdict === v).length;
  return paint('bold', `${reports.length} files: ${count('error')} with errors, ${count('warning')} with warnings, ${count('unreadable')} unreadable`);
}

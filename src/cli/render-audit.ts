// Picks the audit reporter for --format; the reporters themselves live in src/report/audit/.
import { auditFileJson, renderAuditMarkdown, renderAuditText, renderSarif, scanJson, type FileOutcome } from '../index.js';

export const AUDIT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'jsonl'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

export function renderAudit(outcomes: readonly FileOutcome[], format: AuditFormat, opts: { verbose?: boolean; baseDir?: string; scan?: boolean } = {}): string {
  switch (format) {
    case 'text':
      return renderAuditText(outcomes, { color: useColor(), verbose: opts.verbose });
    case 'json':
      return JSON.stringify(opts.scan ? scanJson(outcomes) : auditFileJson(outcomes[0]), null, 2);
    case 'jsonl':
      return outcomes.map((o) => JSON.stringify(auditFileJson(o))).join('\n');
    case 'sarif':
      return renderSarif(outcomes, opts.baseDir);
    case 'markdown':
      return renderAuditMarkdown(outcomes);
  }
}

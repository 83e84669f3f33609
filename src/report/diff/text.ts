// `kerascope diff` as text (colour when asked: the CLI asks on a TTY without NO_COLOR) and Markdown.
import type { LayerDiff, ModelDiff } from '../../graph/diff.js';
import { changeText, countsText, differingLayers, layerHead, sideText, STATUS_WORDS, tensorText, verdictText } from './messages.js';

const SGR = { added: '32', removed: '31', changed: '33', renamed: '36', same: '2', bold: '1', dim: '2' } as const;
const MARK: Record<LayerDiff['status'], string> = { added: '+', removed: '-', changed: '~', renamed: '>', same: ' ' };

export function renderDiffText(d: ModelDiff, opts: { color: boolean }): string {
  const paint = (style: keyof typeof SGR, s: string) => (opts.color ? `\x1b[${SGR[style]}m${s}\x1b[0m` : s);
  const lines = [sideText('a', d.a), sideText('b', d.b)];
  for (const c of d.model) lines.push(`${paint('changed', '~')} ${changeText(c)}`);
  for (const l of differingLayers(d)) {
    lines.push(`${paint(l.status, `${MARK[l.status]} ${layerHead(l)}`)}  ${paint('dim', STATUS_WORDS[l.status])}`);
    for (const c of l.changes) lines.push(`    ${changeText(c)}${c.structural ? '' : paint('dim', ' (not structural)')}`);
    for (const t of l.weights ?? []) if (t.status !== 'identical') lines.push(`    ${tensorText(t)}`);
  }
  lines.push(countsText(d));
  lines.push(paint('bold', verdictText(d)));
  return lines.join('\n');
}

export function renderDiffMarkdown(d: ModelDiff): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    '# Model diff',
    '',
    `- ${esc(sideText('**a**', d.a))}`,
    `- ${esc(sideText('**b**', d.b))}`,
    '',
    `**${verdictText(d)}**: ${countsText(d)}`,
  ];
  if (d.model.length) out.push('', '## Model', '', ...d.model.map((c) => `- ${esc(changeText(c))}`));
  const layers = differingLayers(d);
  if (layers.length) {
    out.push('', '## Layers', '', '| layer | status | differences |', '|---|---|---|');
    for (const l of layers) {
      const details = [
        ...l.changes.map((c) => changeText(c) + (c.structural ? '' : ' (not structural)')),
        ...(l.weights ?? []).filter((t) => t.status !== 'identical').map(tensorText),
      ];
      out.push(`| \`${esc(layerHead(l))}\` | ${l.status} | ${esc(details.join('<br>')) || '-'} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

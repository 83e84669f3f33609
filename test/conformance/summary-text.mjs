// Parses a model.summary() table as Keras 2 (fixed columns, `_`/`=` rules) or Keras 3 (box drawing)
// prints it: rows of {name, className, shape, params} and the totals. Wrapped cells are joined;
// truncated cells (Keras <= 2.6 cut them at the column end) are kept as printed.
const num = (s) => Number(s.replace(/[,\s]/g, ''));

export function parseSummaryText(text) {
  const lines = text.split('\n');
  const totals = {};
  for (const line of lines) {
    const m = /^\s*(Total|Trainable|Non-trainable) params: ([\d,]+)/.exec(line);
    if (m) totals[{ Total: 'total_params', Trainable: 'trainable_params', 'Non-trainable': 'non_trainable_params' }[m[1]]] = num(m[2]);
  }
  const cells = lines.some((l) => l.startsWith('│')) ? boxRows(lines) : columnRows(lines);
  const rows = cells.map(([layer, shape, params]) => {
    const m = /^(.*?) \((.*?)\)?$/.exec(layer.trim());
    return { name: m ? m[1] : layer.trim(), className: m ? m[2] : '', shape: shape.replace(/\s+/g, ''), params: params.trim() === '' ? null : num(params) };
  });
  return { rows, ...totals };
}

function boxRows(lines) {
  const rows = [];
  let header = true;
  for (const line of lines) {
    if (!line.startsWith('│')) {
      if (line.startsWith('┡')) header = false;
      continue;
    }
    if (header) continue;
    const parts = line.split('│').slice(1, -1).map((c) => c.trim());
    if (isContinuation(parts, rows)) rows[rows.length - 1].forEach((_, i) => (rows[rows.length - 1][i] += parts[i] ?? ''));
    else rows.push(parts);
  }
  return rows;
}

function columnRows(lines) {
  const headerAt = lines.findIndex((l) => /Layer \(type\)/.test(l) && /Output Shape/.test(l));
  if (headerAt < 0) return [];
  const header = lines[headerAt];
  const starts = [0, header.indexOf('Output Shape'), header.indexOf('Param #')];
  const connected = header.indexOf('Connected to');
  const ends = [starts[1], starts[2], connected > 0 ? connected : Infinity];
  const rows = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (/^\s*(Total|Trainable|Non-trainable) params/.test(line)) break;
    if (/^[=_]+$/.test(line.trim()) || line.trim() === '') continue;
    const parts = starts.map((s, i) => line.slice(s, ends[i]).trim());
    if (isContinuation(parts, rows)) rows[rows.length - 1].forEach((_, i) => (rows[rows.length - 1][i] += parts[i]));
    else rows.push(parts);
  }
  return rows;
}

/** A wrapped cell's next line: every layer row prints its param count on its first line. */
function isContinuation(parts, rows) {
  return rows.length > 0 && (parts[2] ?? '').trim() === '';
}

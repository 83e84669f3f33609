// Parses a model.summary() table as Keras 2 (fixed columns, `_`/`=` rules) or Keras 3 (box drawing)
// prints it: rows of {name, className, shape, params} and the totals. Wrapped cells are joined;
// truncated cells (Keras <= 2.6 cut them at the column end, Keras 3 ends them with `…`) are kept
// as printed and marked. A trained Keras 3 model's Total includes its optimizer's variables, which
// it also prints apart: the totals here are the model's own.
const num = (s) => Number(s.replace(/[,\s]/g, ''));

export function parseSummaryText(text) {
  const lines = text.split('\n');
  const totals = {};
  for (const line of lines) {
    const m = /^\s*(Total|Trainable|Non-trainable|Optimizer) params: ([\d,]+)/.exec(line);
    if (m) totals[{ Total: 'total_params', Trainable: 'trainable_params', 'Non-trainable': 'non_trainable_params', Optimizer: 'optimizer_params' }[m[1]]] = num(m[2]);
  }
  if (totals.total_params !== undefined && totals.optimizer_params) totals.total_params -= totals.optimizer_params;
  const cells = lines.some((l) => l.startsWith('│')) ? boxRows(lines) : columnRows(lines);
  const rows = cells.map(([layer, shape, params]) => {
    const m = /^(.*?) \((.*?)\)?$/.exec(layer.trim());
    const name = m ? m[1] : layer.trim();
    return {
      name: name.replace(/…$/, ''),
      className: m ? m[2] : '',
      truncated: name.endsWith('…') || (m !== null && !layer.trim().endsWith(')')),
      shape: shape.replace(/\s+/g, ''),
      params: params.trim() === '' ? null : num(params),
    };
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
    // Keras 3 wraps a cell at a space onto the next line.
    if (isContinuation(parts, rows)) rows[rows.length - 1].forEach((_, i) => (rows[rows.length - 1][i] += parts[i] ? ` ${parts[i]}` : ''));
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

/** `(None,32)`, `[(None,784)]`, `[(None,4),(None,2)]` → JSON; undefined when cut short. */
function pythonShape(text) {
  try {
    return JSON.parse(text.replace(/None/g, 'null').replace(/\(/g, '[').replace(/\)/g, ']').replace(/,\]/g, ']'));
  } catch {
    return undefined;
  }
}

const sameShape = (a, b) => {
  const unwrap = (s) => (Array.isArray(s) && s.length === 1 && Array.isArray(s[0]) ? s[0] : s);
  return JSON.stringify(unwrap(a)) === JSON.stringify(unwrap(b));
};

/** kerascope's summary JSON against a summary text: every row's name, class, shape and params, and the totals. */
export function compareWithSummaryText(actual, text, label = 'summary.txt') {
  const parsed = parseSummaryText(text);
  const problems = [];
  const classes = [];
  if (parsed.rows.length !== actual.layers.length) problems.push(`${label}: ${parsed.rows.length} rows ≠ ${actual.layers.length} layers`);
  const used = new Set();
  for (const row of parsed.rows) {
    // A truncated name stands for the next unused layer it prefixes, in row order.
    const ours = row.truncated
      ? actual.layers.find((l) => !used.has(l) && l.name.startsWith(row.name))
      : actual.layers.find((l) => l.name === row.name);
    if (!ours) {
      problems.push(`${label}: layer ${row.name} missing`);
      continue;
    }
    used.add(ours);
    const diffs = [];
    if (row.className && !row.truncated && row.className !== ours.class_name) diffs.push(`class ${ours.class_name} ≠ ${row.className}`);
    const shape = pythonShape(row.shape);
    if (shape !== undefined && !sameShape(ours.output_shape, shape)) diffs.push(`shape ${JSON.stringify(ours.output_shape)} ≠ ${JSON.stringify(shape)}`);
    if (ours.params !== row.params) diffs.push(`params ${ours.params} ≠ ${row.params}`);
    if (diffs.length) problems.push(`${label}: layer ${row.name}: ${diffs.join('; ')}${ours.problem ? ` [${ours.problem}]` : ''}`);
    classes.push([ours.class_name, diffs.length === 0]);
  }
  for (const k of ['total_params', 'trainable_params', 'non_trainable_params']) {
    if (parsed[k] !== undefined && actual[k] !== parsed[k]) problems.push(`${label}: ${k} ${actual[k]} ≠ ${parsed[k]}`);
  }
  return { ok: problems.length === 0, problems, classes };
}

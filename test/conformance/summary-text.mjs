// Reads the per-layer rows and totals out of a model.summary() text (Keras 2 ruled layout or
// Keras 3 box layout), and compares kerascope's summary JSON with them.

/** @returns {{rows: {name: string, className?: string, truncated: boolean, shape: unknown, params: number}[], total?: number, trainable?: number, nonTrainable?: number}} */
export function parseSummaryText(text) {
  const lines = text.split('\n');
  const rows = [];
  const add = (nameCell, shapeCell, paramsCell) => {
    const params = Number.parseInt(paramsCell.replace(/,/g, ''), 10);
    rows.push({ nameText: nameCell, shapeText: shapeCell, params });
  };
  const extend = (nameCell, shapeCell) => {
    const last = rows[rows.length - 1];
    if (!last) return;
    // Keras 3 wraps long cells at spaces onto continuation lines.
    if (nameCell) last.nameText += ` ${nameCell}`;
    if (shapeCell) last.shapeText += ` ${shapeCell}`;
  };
  if (lines.some((l) => l.startsWith('┃'))) {
    for (const line of lines) {
      if (!line.startsWith('│')) continue;
      const cells = line.split('│').slice(1, -1).map((c) => c.trim());
      if (cells[2]) add(cells[0], cells[1], cells[2]);
      else extend(cells[0], cells[1]);
    }
  } else {
    const header = lines.findIndex((l) => l.startsWith('Layer (type)'));
    if (header >= 0) {
      const h = lines[header];
      const shapeAt = h.indexOf('Output Shape');
      const paramsAt = h.indexOf('Param #');
      const connAt = h.indexOf('Connected to');
      for (const line of lines.slice(header + 1)) {
        if (/^[_=]+$/.test(line.trim()) || line.trim() === '') continue;
        if (/^(Total|Trainable|Non-trainable) params/.test(line.trim())) break;
        const name = line.slice(0, shapeAt).trim();
        const shape = line.slice(shapeAt, paramsAt).trim();
        const params = line.slice(paramsAt, connAt > 0 ? connAt : undefined).trim();
        if (params) add(name, shape, params);
        else extend(name, shape);
      }
    }
  }
  const total = (label) => {
    const m = new RegExp(`^\\s*${label} params: ([\\d,]+)`, 'm').exec(text);
    return m ? Number(m[1].replace(/,/g, '')) : undefined;
  };
  return {
    rows: rows.map(({ nameText, shapeText, params }) => {
      // `name (Class)`; a cell too narrow ends in `…` (Keras 3) or is cut short (Keras 2).
      const m = /^(.*) \((.*)\)$/.exec(nameText);
      const name = (m ? m[1] : nameText.replace(/ \(.*$/, '')).replace(/…$/, '');
      return {
        name,
        className: m && !m[2].endsWith('…') ? m[2] : undefined,
        truncated: !m || /…/.test(nameText),
        shape: pythonShape(shapeText),
        params,
      };
    }),
    // A compiled, trained model's Total includes its optimizer's variables, listed apart.
    total: total('Total') === undefined ? undefined : total('Total') - (total('Optimizer') ?? 0),
    trainable: total('Trainable'),
    nonTrainable: total('Non-trainable'),
  };
}

/** `(None, 32)`, `[(None, 784)]`, `[(None, 4), (None, 2)]` → JSON; undefined when cut short. */
function pythonShape(text) {
  try {
    const json = text.replace(/None/g, 'null').replace(/\(/g, '[').replace(/\)/g, ']').replace(/,\s*\]/g, ']');
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

const sameShape = (a, b) => {
  const unwrap = (s) => (Array.isArray(s) && s.length === 1 && Array.isArray(s[0]) ? s[0] : s);
  return JSON.stringify(unwrap(a)) === JSON.stringify(unwrap(b));
};

/** @returns {{ok: boolean, problems: string[], classes: [string, boolean][]}} */
export function compareWithSummaryText(actual, text, label = 'summary.txt') {
  const parsed = parseSummaryText(text);
  const problems = [];
  const classes = [];
  if (parsed.rows.length !== actual.layers.length) {
    problems.push(`${label}: ${parsed.rows.length} rows ≠ ${actual.layers.length} layers`);
  }
  const used = new Set();
  for (const row of parsed.rows) {
    // A truncated name stands for the next unused layer it prefixes, in row order.
    const ours = row.truncated
      ? actual.layers.find((l) => !used.has(l) && l.name.startsWith(row.name))
      : actual.layers.find((l) => l.name === row.name);
    if (ours) used.add(ours);
    if (!ours) {
      problems.push(`${label}: layer ${row.name} missing`);
      continue;
    }
    const diffs = [];
    if (row.className && row.className !== ours.class_name) diffs.push(`class ${ours.class_name} ≠ ${row.className}`);
    if (row.shape !== undefined && !sameShape(ours.output_shape, row.shape)) diffs.push(`shape ${JSON.stringify(ours.output_shape)} ≠ ${JSON.stringify(row.shape)}`);
    if (ours.params !== row.params) diffs.push(`params ${ours.params} ≠ ${row.params}`);
    if (diffs.length) problems.push(`${label}: layer ${row.name}: ${diffs.join('; ')}${ours.problem ? ` [${ours.problem}]` : ''}`);
    classes.push([ours.class_name, diffs.length === 0]);
  }
  for (const [k, v] of [['total_params', parsed.total], ['trainable_params', parsed.trainable], ['non_trainable_params', parsed.nonTrainable]]) {
    if (v !== undefined && actual[k] !== v) problems.push(`${label}: ${k} ${actual[k]} ≠ ${v}`);
  }
  return { ok: problems.length === 0, problems, classes };
}

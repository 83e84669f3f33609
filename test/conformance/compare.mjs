// Compares kerascope's summary JSON with an expected.json (tfjs-layers or Keras 3 oracle).
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** @returns {{ok: boolean, problems: string[], classes: [string, boolean][]}} */
export function compareSummary(actual, expected) {
  const problems = [];
  const classes = [];
  const byName = new Map(actual.layers.map((l) => [l.name, l]));
  for (const e of expected.layers) {
    const a = byName.get(e.name);
    if (!a) {
      problems.push(`layer ${e.name} (${e.class_name}) missing`);
      classes.push([e.class_name, false]);
      continue;
    }
    const diffs = [];
    if (a.class_name !== e.class_name) diffs.push(`class ${a.class_name} ≠ ${e.class_name}`);
    if (!same(a.output_shape, e.output_shape)) diffs.push(`shape ${JSON.stringify(a.output_shape)} ≠ ${JSON.stringify(e.output_shape)}`);
    if (a.params !== e.params) diffs.push(`params ${a.params} ≠ ${e.params}`);
    if (e.weights && !same(a.weights, e.weights)) diffs.push(`weights ${JSON.stringify(a.weights)} ≠ ${JSON.stringify(e.weights)}`);
    if (diffs.length) problems.push(`layer ${e.name} (${e.class_name}): ${diffs.join('; ')}${a.problem ? ` [${a.problem}]` : ''}`);
    classes.push([e.class_name, diffs.length === 0]);
  }
  if (actual.layers.length !== expected.layers.length) {
    problems.push(`${actual.layers.length} layers ≠ ${expected.layers.length}: extra ${actual.layers.filter((l) => !expected.layers.some((e) => e.name === l.name)).map((l) => l.name).join(', ')}`);
  }
  for (const k of ['total_params', 'trainable_params', 'non_trainable_params']) {
    if (actual[k] !== expected[k]) problems.push(`${k} ${actual[k]} ≠ ${expected[k]}`);
  }
  return { ok: problems.length === 0, problems, classes };
}

/**
 * Keras op layers (x[...], x != 0, x * 2.0, ops.pad, ops.mean): summary.txt lists them, the oracle's expected.json
 * leaves them out. The arithmetic ones share their names with merge layers, which expected.json always lists.
 */
const OP_LAYERS = new Set(['GetItem', 'Pad', 'Mean', 'NotEqual', 'Equal', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Add', 'Subtract', 'Multiply', 'Divide', 'TrueDivide', 'Power', 'Maximum', 'Minimum']);

/**
 * Our summary JSON without the op layers that `expected` does not list (by layer name, so an op layer
 * it does list is still compared, and any other extra layer still fails), for compareSummary.
 */
export function withoutUnlistedOpLayers(json, expected) {
  const listed = new Set(expected.layers.map((l) => l.name));
  return { ...json, layers: json.layers.filter((l) => !OP_LAYERS.has(l.class_name) || listed.has(l.name)) };
}

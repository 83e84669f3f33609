// Real summaries from the corpus: the summary.txt a repository's notebook printed (Keras 2.x or
// 3.x, style from source.json's keras_version) and keras3-summary.txt (Keras 3 loading the file),
// compared byte for byte with kerascope's text for the model file. The width is read off the
// printed table. Files kerascope cannot read yet are skipped with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, summarize, summaryText } from '../../../dist/index.js';
import { unimplementedClasses } from '../unimplemented.mjs';
import { textDiff } from '../text-diff.mjs';
import { corpusEntries, readFirstModel } from '../corpus.mjs';

/** keras3-summary.txt and keras3-expected.json come from Keras 3.15.1 on JAX */
const ORACLE_BACKEND = 'jax';
/** formats that carry the model and its training config in one file */
const WHOLE_MODEL_FORMATS = new Set(['keras-v3', 'keras-h5']);

export const corpusTextSuite = {
  name: 'corpus-text',
  describe: 'real notebook summary.txt and keras3-summary.txt vs kerascope text, byte for byte',
  async cases(shared) {
    const out = [];
    for (const { name: d, dir, source } of corpusEntries(shared)) {
      for (const [file, keras3] of [['summary.txt', false], ['keras3-summary.txt', true]]) {
        if (!existsSync(join(dir, file))) continue;
        out.push({ id: `corpus/${d}/${file}`, run: () => compareCase(dir, source, file, keras3) });
      }
    }
    return out;
  },
};

async function compareCase(dir, source, file, keras3) {
  const loaded = await readFirstModel(dir, source);
  if (!loaded.model) return { skipped: true, reason: loaded.reason };
  // Custom classes are compared too once the file told everything about them (stored weights,
  // declared shapes); otherwise the table has `?` cells that Keras never prints.
  const missing = unimplementedClasses(loaded.model.raw.config);
  if (missing.length && summarize(loaded.model).layers.some((l) => l.output_shape === null || l.params === null)) {
    return { skipped: true, reason: `layers not implemented: ${missing.join(', ')}` };
  }
  const want = readFileSync(join(dir, file), 'utf8');
  const lineLength = printedWidth(want);
  if (!lineLength) return { skipped: true, reason: `${file}: no table rule to read the width from` };
  const model = loaded.model;
  // Keras 3 loaded the file under its own backend, whatever backend wrote it.
  if (keras3) model.backend = ORACLE_BACKEND;
  // The notebook's Keras wrote the text; the model file may name no version (weights-only + json).
  if (!keras3 && source.keras_version) model.kerasVersion = source.keras_version;
  // A notebook prints its summary before training, when no optimizer is built yet. The corpus'
  // Keras 3 oracle loaded whole-model files (.keras archives and legacy .h5) without compiling
  // them: many legacy training configs do not compile under Keras 3 (e.g. a loss saved with
  // reduction="auto"). A to_json() config + weights pair was rebuilt and compiled, so its
  // optimizer state shows, as kerascope prints it by default.
  const noOptimizer = !keras3 || WHOLE_MODEL_FORMATS.has(model.raw.format);
  const got = summaryText(model, { style: keras3 ? '3' : 'auto', lineLength, ...(noOptimizer ? { optimizer: null } : {}) });
  if (got === want) return { ok: true, problems: [] };
  // Keras 3's legacy loader turns a Keras 2 `batch_input_shape` on a first non-Input layer into
  // `input_shape`, batch axis included, so every shape gains a dimension (saving_utils.py
  // model_from_config). kerascope keeps the model the file describes; such cases are reported apart.
  if (keras3 && firstLayerBatchInputShape(model.raw.config)) {
    return { skipped: true, reason: `Keras 3 adds an axis to a first layer's batch_input_shape (legacy loader quirk): ${textDiff(want, got, 1).join(' ')}` };
  }
  // The notebook may have printed another instance of the model: same table, other auto-name counters.
  // Where the printed rows can be read back (the wrapped tf.keras 2.13+ table), give the model's
  // layers the printed names row by row and compare again, byte for byte.
  const renamed = renamedAsPrinted(want, model);
  if (renamed) {
    const again = summaryText(renamed, { style: keras3 ? '3' : 'auto', lineLength, ...(noOptimizer ? { optimizer: null } : {}) });
    if (again === want) return { ok: true, problems: [] };
    return { ok: false, problems: ['(layers renamed to the printed instance\'s names)', ...textDiff(want, again)] };
  }
  // Otherwise column padding follows the names' lengths, so compare with runs of spaces folded.
  const counters = (t) => t.replace(/_\d+\b/g, '_N').replace(/ +/g, ' ');
  if (counters(got) === counters(want)) return { skipped: true, reason: `same table but the notebook's auto-name counters differ: ${textDiff(want, got, 1).join(' ')}` };
  return { ok: false, problems: textDiff(want, got) };
}

/** Width of the printed table: its first `_` rule (Keras 2) or `┏` border (Keras 3). */
function printedWidth(text) {
  const rule = text.split('\n').find((l) => /^(_+|┏.*┓)\s*$/.test(l));
  return rule ? [...rule.trimEnd()].length : undefined;
}

/** A Keras 2 Sequential whose first layer (not an InputLayer) carries batch_input_shape. */
function firstLayerBatchInputShape(config) {
  const layers = Array.isArray(config?.config) ? config.config : config?.config?.layers;
  const first = Array.isArray(layers) ? layers[0] : undefined;
  return config?.class_name === 'Sequential' && first?.class_name !== 'InputLayer' && Array.isArray(first?.config?.batch_input_shape);
}

/**
 * The model re-read with its top-level layers (and itself) named as the printed table names them,
 * row by row; undefined unless the table is the wrapped tf.keras 2.13+ layout (names are whole
 * there, split into fixed-width chunks) and has as many rows as the model.
 */
function renamedAsPrinted(text, model) {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.startsWith(' Layer (type)'));
  const top = model.analysis.layers.filter((a) => !a.node.implicit).map((a) => a.node.name);
  const title = /^Model: "(.*)"$/.exec(lines[0] ?? '');
  if (header < 0 || !title || !lines[header + 1]?.startsWith('=')) return undefined;
  const width = lines[header].indexOf('Output Shape') - 3;
  const printed = [];
  let block = [];
  for (const l of lines.slice(header + 2)) {
    if (l.startsWith('=')) break;
    if (l.trim() === '') {
      if (block.length) printed.push(block.map((b) => b.slice(1, 1 + width)).join('').trimEnd().replace(/ \([^()]*\)$/, ''));
      block = [];
    } else block.push(l);
  }
  if (printed.length !== top.length) return undefined;
  const names = new Map(top.map((n, i) => [n, printed[i]]));
  names.set(model.analysis.graph.name, title[1]);
  const rename = (v) => (typeof v === 'string' ? names.get(v) ?? v : Array.isArray(v) ? v.map(rename) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rename(x)])) : v);
  const again = loadModel({ ...model.raw, config: rename(model.raw.config) });
  again.kerasVersion = model.kerasVersion;
  again.backend = model.backend;
  return again;
}

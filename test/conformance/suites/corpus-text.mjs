// Real summaries from the corpus: the summary.txt a repository's notebook printed (Keras 2.x or
// 3.x, style from source.json's keras_version) and keras3-summary.txt (Keras 3 loading the file),
// compared byte for byte with kerascope's text for the model file. The width is read off the
// printed table. A folder with no readable model is a skip with the reason (allowed only if
// expected-skips.tsv lists it: weights-only folders).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, readRaw, summarize, summaryText } from '../../../dist/index.js';
import { parseSummaryText } from '../summary-text.mjs';
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
  const render = (model) => {
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
    return summaryText(model, { style: keras3 ? '3' : 'auto', lineLength, ...(noOptimizer ? { optimizer: null } : {}) });
  };
  const got = render(loaded.model);
  if (got === want) return { ok: true, problems: [] };
  const path = join(dir, loaded.file);
  // Keras 3's legacy loader turns a Keras 2 `batch_input_shape` on a first non-Input layer into
  // `input_shape`, batch axis included, so every shape gains a dimension (saving_utils.py
  // model_from_config). kerascope keeps the model the file describes; the text must be Keras 3's
  // once the model is given that axis, and nothing else may differ.
  if (keras3 && firstLayerBatchInputShape(loaded.model.raw.config)) {
    const axisAdded = render(await rebuilt(path, withBatchAxisAdded));
    if (axisAdded === want) return { skipped: true, reason: "Keras 3 adds an axis to a first layer's batch_input_shape (legacy loader quirk); with that axis the text is the same" };
    return { ok: false, problems: ['with the axis Keras 3 adds, still:', ...textDiff(want, axisAdded)] };
  }
  // The notebook may have printed another instance of the model: the same table under other
  // auto-name counters (`dense_3` for `dense`). Renamed as printed, the text must be the same.
  const names = printedNames(summarize(loaded.model), loaded.model.graph.name, got, want);
  if (names.size) {
    const renamed = render(await rebuilt(path, (config) => renameStrings(config, names)));
    const pairs = [...names].map(([a, b]) => `${a}→${b}`).join(', ');
    if (renamed === want) return { skipped: true, reason: `the notebook printed another instance of the model: renamed as printed (${pairs}) the text is the same` };
    return { ok: false, problems: [`renamed as printed (${pairs}), still:`, ...textDiff(want, renamed)] };
  }
  return { ok: false, problems: textDiff(want, got) };
}

/** The model read again with its config changed by `edit` (a copy). */
async function rebuilt(path, edit) {
  const raw = await readRaw(path);
  return loadModel({ ...raw, config: edit(structuredClone(raw.config)) });
}

/** Keras 3's reading of a first layer's batch_input_shape: as input_shape, under a new batch axis. */
function withBatchAxisAdded(config) {
  const first = sequentialLayers(config)[0];
  first.config.batch_input_shape = [null, ...first.config.batch_input_shape];
  return config;
}

/**
 * Our layer (and model) names → the printed ones, where the two differ only in an auto-name
 * counter; empty when the rows differ otherwise, are truncated, or do not pair up.
 */
function printedNames(summary, modelName, got, want) {
  const theirs = wrappedRowNames(want) ?? parseSummaryText(want).rows;
  const ours = summary.layers.map((l) => l.name);
  const modelLine = (t) => /^Model: "(.*)"/m.exec(t)?.[1];
  const layers = ours.map((n, i) => [n, theirs[i]?.truncated ? undefined : theirs[i]?.name]);
  // Keras <= 2.2 printed no Model: line
  const pairs = modelLine(want) === undefined ? layers : [[modelLine(got) ?? modelName, modelLine(want)], ...layers];
  const stem = (n) => n.replace(/_\d+$/, '');
  if (theirs.length !== ours.length || pairs.some(([a, b]) => b === undefined || stem(a) !== stem(b))) return new Map();
  return new Map(pairs.filter(([a, b]) => a !== b));
}

/** Every string value of a config that is one of `names`' keys, replaced by its value. */
function renameStrings(v, names) {
  if (typeof v === 'string') return names.get(v) ?? v;
  if (Array.isArray(v)) return v.map((x) => renameStrings(x, names));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renameStrings(x, names)]));
  return v;
}

/** Width of the printed table: its first `_` rule (Keras 2) or `┏` border (Keras 3). */
function printedWidth(text) {
  const rule = text.split('\n').find((l) => /^(_+|┏.*┓)\s*$/.test(l));
  return rule ? [...rule.trimEnd()].length : undefined;
}

/** A Sequential's layer configs (Keras 1 / early Keras 2 store them as the config itself). */
function sequentialLayers(config) {
  const layers = Array.isArray(config?.config) ? config.config : config?.config?.layers;
  return config?.class_name === 'Sequential' && Array.isArray(layers) ? layers : [];
}

/** A Keras 2 Sequential whose first layer (not an InputLayer) carries batch_input_shape. */
function firstLayerBatchInputShape(config) {
  const first = sequentialLayers(config)[0];
  return first !== undefined && first.class_name !== 'InputLayer' && Array.isArray(first.config?.batch_input_shape);
}

/**
 * The layer names of tf.keras 2.13+'s wrapped table, whole: there a cell too narrow for its text
 * goes on in fixed-width chunks on the next lines, so a name is never cut short. Undefined for
 * other layouts.
 */
function wrappedRowNames(text) {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.startsWith(' Layer (type)'));
  if (header < 0 || !lines[header + 1]?.startsWith('=')) return undefined;
  const width = lines[header].indexOf('Output Shape') - 3;
  const rows = [];
  let block = [];
  for (const l of lines.slice(header + 2)) {
    if (l.startsWith('=')) break;
    if (l.trim() === '') {
      if (block.length) rows.push({ name: block.map((b) => b.slice(1, 1 + width)).join('').trimEnd().replace(/ \([^()]*\)$/, '') });
      block = [];
    } else block.push(l);
  }
  return rows;
}

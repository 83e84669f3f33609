// Suites for the containers and dialects of issue 5: every .keras archive, config JSON and
// TensorFlow.js model in the shared corpus, the shared .keras fixtures (hostile ones included) and
// the real Keras 3 archives beside each generated model.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel, summarize, openModelFile } from '../../../dist/index.js';
import { ownerOfWeightName } from '../../../dist/normalize/index.js';
import { compareSummary } from '../compare.mjs';
import { compareWithSummaryText } from '../summary-text.mjs';
import { unimplementedClasses } from '../unimplemented.mjs';
import { corpusEntries } from '../corpus.mjs';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Reads a model; unimplemented layers (nested and wrapped ones too) make the case a skip. */
async function load(path) {
  const model = await readModel(path);
  const missing = unimplementedClasses(model.raw.config);
  return missing.length ? { skip: { skipped: true, reason: `layers not implemented: ${missing.join(', ')}` } } : { model };
}

/** Keras' expected.json, then summary.txt / keras3-summary.txt per layer, whichever exist. */
function compareAll(summary, dir, expectedNames, textNames) {
  const results = [];
  for (const e of expectedNames) if (existsSync(join(dir, e))) results.push(compareSummary(summary, readJson(join(dir, e))));
  for (const t of textNames) if (existsSync(join(dir, t))) results.push(compareWithSummaryText(summary, readFileSync(join(dir, t), 'utf8'), t));
  return results;
}

function compareTotals(actual, expected) {
  const problems = ['total_params', 'trainable_params', 'non_trainable_params']
    .filter((k) => actual[k] !== expected[k])
    .map((k) => `keras3-expected.json: ${k} ${actual[k]} ≠ ${expected[k]}`);
  return { ok: problems.length === 0, problems, classes: [] };
}

function merge(results) {
  return {
    ok: results.every((r) => r.ok),
    problems: results.flatMap((r) => r.problems),
    classes: results[0]?.classes ?? [],
  };
}

/** TensorFlow.js: every stored tensor has an owner, and each layer stores as many values as it has params. */
async function tfjsWeightsCheck(model) {
  const store = model.raw.weights;
  if (!store) return { ok: true, problems: [] };
  const problems = [];
  const stored = new Map();
  for (const t of store.layers.flatMap((l) => l.tensors)) {
    const owner = ownerOfWeightName(model.graph, t.name);
    if (!owner) {
      problems.push(`stored weight ${t.name} has no layer`);
      continue;
    }
    const n = t.shape.reduce((a, b) => a * b, 1);
    stored.set(owner[0].name, (stored.get(owner[0].name) ?? 0) + n);
    const values = await store.read(t.path);
    if (values.length !== n) problems.push(`stored weight ${t.name}: ${values.length} values ≠ ${n}`);
  }
  for (const l of summarize(model).layers) {
    if ((stored.get(l.name) ?? 0) !== (l.params ?? 0)) problems.push(`layer ${l.name}: ${stored.get(l.name) ?? 0} stored values ≠ ${l.params} params`);
  }
  return { ok: problems.length === 0, problems };
}

const keras3Archives = {
  name: 'keras3-archives',
  describe: 'real Keras 3.15.1 .keras archives vs expected.json and summary.txt',
  async cases(shared) {
    const roots = ['keras3/generated', 'keras3/seed-model'].map((r) => join(shared, r)).filter(existsSync);
    const dirs = roots.flatMap((r) => readdirSync(r).map((d) => join(r, d))).filter((d) => existsSync(join(d, 'model.keras')));
    return dirs.sort().map((dir) => ({
      id: `${dir.slice(shared.length + 1)}/model.keras`,
      run: async () => {
        const { model, skip } = await load(join(dir, 'model.keras'));
        if (skip) return skip;
        const s = summarize(model);
        const results = compareAll(s, dir, ['expected.json'], ['summary.txt']);
        if (!/^3\./.test(model.raw.kerasVersion ?? '')) results.push({ ok: false, problems: [`keras_version ${model.raw.kerasVersion} from metadata.json`] });
        return merge(results);
      },
    }));
  },
};

/** Corpus cases that are not HDF5 files: .keras archives, config JSON, TensorFlow.js models. */
const corpusFormats = {
  name: 'corpus-formats',
  describe: 'shared corpus: .keras archives, model.json configs and TensorFlow.js models',
  async cases(shared) {
    const out = [];
    for (const { name: d, dir, source } of corpusEntries(shared)) {
      const files = readdirSync(dir).filter((f) => f.endsWith('.keras') || f === 'model.json');
      for (const f of files) {
        out.push({ id: `corpus/${d}/${f}`, run: () => corpusCase(join(dir, f), dir, source) });
      }
    }
    return out;
  },
};

async function corpusCase(path, dir, source) {
  let loaded;
  try {
    loaded = await load(path);
  } catch (e) {
    // A subclassed model saves no layer list: the one outcome is a clear refusal.
    if (/SUBCLASSED/i.test(source.notes ?? '') && e.code === 'E_UNSUPPORTED') return { ok: true, problems: [], refusal: 'a subclassed model, as source.json says' };
    return { ok: false, problems: [`${e.code ?? 'error'}: ${e.message}`] };
  }
  if (loaded.skip) return loaded.skip;
  const s = summarize(loaded.model);
  // summary.txt is the writer's own model.summary(); keras3-* are Keras 3.15 re-loading the file,
  // which reinterprets some Keras 2 configs (a Dense with batch_input_shape gains an axis), so for
  // files written before Keras 3 they only vouch for the totals.
  const keras3 = /^3\./.test(loaded.model.raw.kerasVersion ?? '3.');
  const results = existsSync(join(dir, 'summary.txt')) || !keras3 ? compareAll(s, dir, [], ['summary.txt']) : compareAll(s, dir, ['keras3-expected.json'], ['keras3-summary.txt']);
  if (!keras3 && existsSync(join(dir, 'keras3-expected.json'))) results.push(compareTotals(s, readJson(join(dir, 'keras3-expected.json'))));
  if (s.incomplete?.length) results.push({ ok: false, problems: [`incomplete: ${s.incomplete.join(', ')}`] });
  if (loaded.model.raw.format === 'tfjs-layers') results.push(await tfjsWeightsCheck(loaded.model));
  return merge(results);
}

/** The .keras files of fixtures-h5/MANIFEST.json: totals, and hostile archives refused or reported. */
const sharedKerasFixtures = {
  name: 'fixtures-keras',
  describe: 'fixtures-h5 .keras archives (MANIFEST.json): totals, hostile members',
  async cases(shared) {
    const manifestPath = join(shared, 'fixtures-h5', 'MANIFEST.json');
    if (!existsSync(manifestPath)) return [];
    return readJson(manifestPath).files.filter((f) => f.file.endsWith('.keras')).map((f) => ({
      id: `fixtures-h5/${f.file}`,
      run: () => fixtureCase(join(shared, 'fixtures-h5', f.file), f.expected),
    }));
  },
};

async function fixtureCase(path, expected) {
  const problems = [];
  const members = expected.findings.map((text) => /zip member (?:with unsafe path: )?(.+?)(?::|$)/.exec(text)?.[1]).filter(Boolean);
  if (members.length) {
    // Refused by default (one-line error, exit 2) ...
    const refused = await openModelFile(path).then(() => null, (e) => e.code);
    if (!['E_UNSAFE_ARCHIVE', 'E_LIMIT'].includes(refused)) problems.push(`hostile archive not refused (got ${refused ?? 'no error'})`);
  }
  // ... and readable, with its problems listed, when the caller asks for a report (the audit).
  const m = await readModel(path, { archiveProblems: 'report' });
  const listed = (m.raw.meta.archiveProblems ?? []).map((p) => p.entry);
  for (const member of members) if (!listed.includes(member)) problems.push(`no problem reported for member ${member}`);
  if (problems.length) return { ok: false, problems };
  const missing = unimplementedClasses(m.raw.config);
  if (missing.length) return { skipped: true, reason: `archive checks pass; layers not implemented: ${missing.join(', ')}` };
  const s = summarize(m);
  if (s.total_params !== expected.total_params) problems.push(`total_params ${s.total_params} ≠ ${expected.total_params}`);
  return { ok: problems.length === 0, problems, classes: s.layers.map((l) => [l.class_name, true]) };
}

export const FORMAT_SUITES = [keras3Archives, corpusFormats, sharedKerasFixtures];

// HDF5 files of ../shared: every file in fixtures-h5/MANIFEST.json (a .keras archive's weights are
// HDF5 too) and every HDF5 file in corpus/.
// Each file is summarized under both HDF5 backends, which must agree exactly (a differential test
// of jsfive vs h5wasm); then totals are checked against the manifest, against summary.txt (per
// layer too) and against keras3-expected.json, and broken files must give the listed error.
import { existsSync, readdirSync, readFileSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { readRaw, loadModel, summarize, summarizeWeights, layerSpec } from '../../../dist/index.js';
import { pyShape } from '../../../dist/report/summary/python-repr.js';
import { parseSummaryText } from '../summary-text.mjs';
import { corpusEntries } from '../corpus.mjs';

const BACKENDS = ['jsfive', 'h5wasm'];
const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** Summary (or weights-only listing) of one input under one backend; errors become {error}. */
async function summaryWith(file, weights, hdf5) {
  let raw;
  try {
    // a .keras archive's weights are an HDF5 file too; its hostile members are listed, not refused
    raw = await readRaw(file, { weights, hdf5, archiveProblems: 'report' });
    if (raw.config === null) return { weightsOnly: summarizeWeights(raw) };
    return { summary: summarize(loadModel(raw)) };
  } catch (e) {
    return { error: { code: e.code ?? 'E_INTERNAL', message: e.message } };
  } finally {
    await raw?.weights?.close();
  }
}

/** Runs both backends and checks they agree; returns the jsfive result plus problems. */
async function differential(file, weights) {
  const results = [];
  for (const be of BACKENDS) results.push(await summaryWith(file, weights, be));
  const problems = [];
  const [x, y] = results;
  // The only legitimate difference: jsfive refusing a layout it would misread.
  if (x.error?.code === 'E_UNSUPPORTED' && /jsfive cannot read/.test(x.error.message) && !y.error) return { result: y, problems, note: 'jsfive refused' };
  if (JSON.stringify(x) !== JSON.stringify(y)) problems.push(`backends differ: jsfive ${brief(x)} vs h5wasm ${brief(y)}`);
  return { result: y, problems };
}

function brief(r) {
  if (r.error) return `error ${r.error.code}: ${r.error.message}`;
  const s = r.summary ?? r.weightsOnly;
  return JSON.stringify(s).slice(0, 160);
}

function unimplemented(summary) {
  return [...new Set(summary.layers.filter((l) => l.unknown_class).map((l) => l.class_name))].filter((c) => !MODEL_CLASSES.has(c) && !layerSpec(c));
}

function isHdf5(path) {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(8);
  const n = readSync(fd, head, 0, 8, 0);
  closeSync(fd);
  return n === 8 && head.equals(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
}

/**
 * Reader problems fail the case. Layer classes we do not know skip it only when they may be why it
 * differs from Keras (`extra`), or when no Keras summary was there to check it against (`checked`):
 * a model with custom layers whose rows and totals all match what Keras printed passes.
 */
function verdict(problems, summary, extra = [], checked = true) {
  if (problems.length) return { ok: false, problems: [...problems, ...extra] };
  const missing = summary ? unimplemented(summary) : [];
  if (missing.length && (extra.length || !checked)) return { skipped: true, reason: `layers not implemented: ${missing.join(', ')}${extra.length ? '' : ' (and no Keras summary to check the rest against)'}` };
  return extra.length ? { ok: false, problems: extra } : { ok: true, problems: [] };
}

const ERROR_SIGNS = [
  [/truncated/, 'E_TRUNCATED', (f) => new RegExp(`${f.match(/\d{4,}/g).join('.*')}`)],
  [/empty file/, 'E_EMPTY', () => /empty/],
  [/HTML/, 'E_NOT_A_MODEL', () => /HTML/],
  [/Git LFS pointer/, 'E_NOT_A_MODEL', (f) => new RegExp(`Git LFS pointer.*${f.match(/\d{4,}/)[0]}`)],
];

function manifestCases(shared) {
  const dir = join(shared, 'fixtures-h5');
  const manifestPath = join(dir, 'MANIFEST.json');
  if (!existsSync(manifestPath)) return [];
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  return manifest.files.map((entry) => ({
    id: `fixtures-h5/${entry.file}`,
    run: async () => {
      const { result, problems } = await differential(join(dir, entry.file), undefined);
      const exp = entry.expected;
      if (entry.format === 'broken') {
        const finding = exp.findings[0] ?? '';
        const sign = ERROR_SIGNS.find(([re]) => re.test(finding));
        if (!result.error) problems.push(`expected an error (${finding}), got a summary`);
        else if (sign && (result.error.code !== sign[1] || !sign[2](finding).test(result.error.message))) {
          problems.push(`expected ${sign[1]} like "${finding}", got ${result.error.code}: ${result.error.message}`);
        }
        return { ok: problems.length === 0, problems, refusal: 'a broken file, as the manifest says' };
      }
      if (result.error) return { ok: false, problems: [...problems, `error ${result.error.code}: ${result.error.message}`] };
      if (result.weightsOnly) {
        const w = result.weightsOnly;
        if (exp.total_params !== null) problems.push(`expected a model config, the file reads as weights-only`);
        if (w.stored_params !== exp.stored_params) problems.push(`stored_params ${w.stored_params} ≠ ${exp.stored_params}`);
        if (exp.layers !== undefined && w.layers.length !== exp.layers) problems.push(`${w.layers.length} stored layers ≠ ${exp.layers}`);
        return { ok: problems.length === 0, problems };
      }
      const s = result.summary;
      if (s.stored_params !== exp.stored_params) problems.push(`stored_params ${s.stored_params} ≠ ${exp.stored_params}`);
      const totals = [];
      for (const k of ['total_params', 'trainable_params', 'non_trainable_params']) {
        if (exp[k] !== undefined && exp[k] !== null && s[k] !== exp[k]) totals.push(`${k} ${s[k]} ≠ ${exp[k]}`);
      }
      return verdict(problems, s, totals);
    },
  }));
}

function corpusCases(shared) {
  const cases = [];
  for (const { name: d, dir, source } of corpusEntries(shared)) {
    const h5 = readdirSync(dir).filter((f) => !f.endsWith('.json') && !f.endsWith('.txt') && isHdf5(join(dir, f)));
    const named = readdirSync(dir).filter((f) => /\.h5$/.test(f) && !h5.includes(f));
    for (const f of [...h5, ...named]) {
      cases.push({ id: `corpus/${d}/${f}`, run: () => corpusCase(dir, f, source) });
    }
  }
  return cases;
}

async function corpusCase(dir, file, source) {
  const path = join(dir, file);
  if (/not-keras/.test(source.kind ?? '')) {
    const { result, problems } = await differential(path, undefined);
    if (result.error?.code !== 'E_NOT_A_MODEL') problems.push(`expected E_NOT_A_MODEL, got ${brief(result)}`);
    return { ok: problems.length === 0, problems, refusal: 'not a Keras file, as source.json says' };
  }
  const json = join(dir, 'model.json');
  let pair = false;
  const alone = await summaryWith(path, undefined, 'auto');
  if (alone.weightsOnly && existsSync(json)) pair = true;
  const { result, problems } = pair ? await differential(json, path) : await differential(path, undefined);
  if (result.error) return { ok: false, problems: [...problems, `error ${result.error.code}: ${result.error.message}`] };
  const text = existsSync(join(dir, 'summary.txt')) ? parseSummaryText(readFileSync(join(dir, 'summary.txt'), 'utf8')) : null;
  const k3 = existsSync(join(dir, 'keras3-expected.json')) ? JSON.parse(readFileSync(join(dir, 'keras3-expected.json'), 'utf8')) : null;
  if (result.weightsOnly) {
    const w = result.weightsOnly;
    if (text && w.stored_params !== text.total_params) problems.push(`stored_params ${w.stored_params} ≠ summary.txt total ${text.total_params}`);
    return { ok: problems.length === 0, problems };
  }
  const s = result.summary;
  const extra = [];
  if (s.total_params !== s.stored_params && s.incomplete === undefined) extra.push(`config total ${s.total_params} ≠ stored ${s.stored_params}`);
  const oracle = text ?? k3;
  if (oracle) {
    for (const k of ['total_params', 'trainable_params', 'non_trainable_params']) {
      if (oracle[k] !== undefined && s[k] !== oracle[k]) extra.push(`${k} ${s[k]} ≠ ${oracle[k]} (${text ? 'summary.txt' : 'keras3-expected.json'})`);
    }
  }
  if (text) extra.push(...compareRows(s, text.rows));
  return verdict(problems, s, extra, oracle !== null);
}

/** Each summary.txt row against ours: by name when every name is ours, else by position. */
function compareRows(summary, rows) {
  const problems = [];
  const ours = summary.layers;
  const byName = new Map(ours.map((l) => [l.name, l]));
  const byPosition = !rows.every((r) => byName.has(r.name));
  if (byPosition && rows.length !== ours.length) return [`${ours.length} layers ≠ ${rows.length} in summary.txt`];
  rows.forEach((r, i) => {
    const l = byPosition ? ours[i] : byName.get(r.name);
    const diffs = [];
    if (r.className && !l.class_name.startsWith(r.className)) diffs.push(`class ${l.class_name} ≠ ${r.className}`);
    // Several outputs print as a list, or as a tuple for a layer that returns one (MultiHeadAttention
    // with its scores); JSON keeps no such difference, so the outer brackets are not compared.
    const bare = (t) => t.replace(/^[[(](\(.*\))[\])]$/, '$1');
    const shape = l.output_shape ? bare(pyShape(l.output_shape).replace(/\s+/g, '')) : '?';
    const theirs = bare(r.shape);
    if (!(shape === theirs || (theirs.length >= 10 && shape.startsWith(theirs)))) diffs.push(`shape ${shape} ≠ ${r.shape}`);
    if (r.params !== null && l.params !== r.params) diffs.push(`params ${l.params} ≠ ${r.params}`);
    if (diffs.length) problems.push(`layer ${r.name}: ${diffs.join('; ')}${l.problem ? ` [${l.problem}]` : ''}`);
  });
  return problems;
}

export const h5Suite = {
  name: 'h5',
  describe: 'HDF5 files: fixtures-h5 manifest and corpus, jsfive and h5wasm must agree',
  async cases(shared) {
    return [...manifestCases(shared), ...corpusCases(shared)];
  },
};

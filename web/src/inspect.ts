// What the page shows for a set of dropped files, worked out in the Web Worker with the same library
// calls the CLI makes (src/cli/commands/summary.ts, audit.ts, diff.ts), so that the texts are the
// CLI's byte for byte. Everything returned is plain data: the page puts it in as text only.
import { openModelBlob, openPresetBlob, presetFolders, type BlobLike } from '../../src/readers/blob-source.js';
import { ErrorCode, isKerascopeError } from '../../src/errors.js';
import { errorLine } from '../../src/cli/run.js';
import { summaryNotes } from '../../src/report/summary/notes.js';
import { loadModel, withWeightsOf, type LoadedModel } from '../../src/graph/load.js';
import { summarize, summarizeWeights, summaryText, compareModels, renderDiffText, auditFileJson, renderAuditText, renderAuditMarkdown, renderSarif, FINDING_CODES } from '../../src/index.js';
import { auditRaw, type AuditedFile } from '../../src/audit-file.js';
import { pyShape, pyTuple } from '../../src/report/summary/python-repr.js';
import { renderWeightsText } from '../../src/report/summary/weights.js';
import { layerRowTree, type LayerRowTree } from '../../src/graph/rows.js';
import type { RawModel, WeightStore } from '../../src/readers/types.js';
import type { FileDigest } from '../../src/readers/digest.js';

export interface TableRow {
  name: string;
  className: string;
  output: string;
  params: string;
  macs: string;
  activationBytes: string;
  weightBytes: string;
  children: TableRow[];
}

export interface FindingView {
  severity: string;
  code: string;
  title: string;
  help: string;
  layer: string | null;
  weight: string | null;
  message: string;
}

export interface StoredView {
  layer: string;
  name: string;
  shape: string;
  dtype: string;
}

export interface ModelView {
  file: string;
  format?: string;
  /** the CLI's one-line error (stderr, exit 2), when the file cannot be read */
  error?: string;
  /** `kerascope summary` output, as printed (stdout) */
  summaryText?: string;
  /** `kerascope summary --cost` output */
  costText?: string;
  /** the notes `kerascope summary` writes to stderr */
  notes: string[];
  rows: TableRow[];
  stored: StoredView[];
  findings: FindingView[];
  auditText?: string;
  auditError?: string;
  /**
   * `unhashed`: an audit report still without the file's size and SHA-256, which `kerascope audit`
   * names (Inspection.reportsWithDigest makes it again with them)
   */
  downloads: { name: string; type: string; text: string; unhashed?: boolean }[];
}

export interface InspectResult {
  models: ModelView[];
  /** `kerascope diff a b` output, when two models were read */
  diff?: string;
  /** files given with others that are no model (the CLI's E_NOT_A_MODEL: a folder's notes, test data) */
  skipped: string[];
}

export interface InspectOptions {
  values: boolean;
  onProgress?: (done: number, total: number, what: string) => void;
}

export type Download = ModelView['downloads'][number];

/** What inspectFiles found, and the step that completes its audit reports. */
export interface Inspection {
  result: InspectResult;
  /**
   * The downloads of `result.models[index]` with its audit reports (JSON, SARIF, Markdown) made
   * again with the file's size and SHA-256, as `kerascope audit` gives them. Hashing a large file
   * takes seconds, so it is done only when a report is asked for.
   */
  reportsWithDigest(index: number, digest: (file: BlobLike, path: string) => Promise<FileDigest>): Promise<Download[]>;
}

/** The CLI's stdout: writeOut ends every text with one newline. */
const out = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
/** Files the page never opens as models (tfjs weight shards, notes); the CLI is given model files only. */
const NOT_A_MODEL_NAME = /\.(bin|txt|md|py|ipynb)$/i;

export async function inspectFiles(files: ReadonlyMap<string, BlobLike>, options: InspectOptions): Promise<Inspection> {
  // A KerasHub preset folder is one model, as `kerascope summary <folder>` reads it.
  const presets = presetFolders(files.keys());
  const paths = [...files.keys()].filter((p) => !NOT_A_MODEL_NAME.test(p) && !presets.some((d) => p.startsWith(`${d}/`))).sort();
  const { inputs: fileInputs, skipped } = await pairConfigsWithWeights(files, paths, presets.length);
  const inputs = [...presets.map((path) => ({ path, preset: true })), ...fileInputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const models: ModelView[] = [];
  const loaded: LoadedModel[] = [];
  const audits = new Map<number, { path: string; audited: AuditedFile }>();
  for (const input of inputs) {
    const view = await inspectOne(files, input, options);
    if (view.audited && !input.preset) audits.set(models.length, { path: input.path, audited: view.audited });
    models.push(view.view);
    if (view.model) loaded.push(view.model);
  }
  let diff: string | undefined;
  if (loaded.length === 2) {
    try {
      diff = out(renderDiffText(await compareModels(loaded[0], loaded[1]), { color: false }));
    } catch (e) {
      diff = errorLine(e);
    }
  }
  for (const m of loaded) await m.raw.weights?.close();
  const reportsWithDigest: Inspection['reportsWithDigest'] = async (index, digest) => {
    const audit = audits.get(index);
    if (!audit) return models[index].downloads;
    const hashed = await digest(files.get(audit.path)!, audit.path);
    return [...models[index].downloads.filter((d) => !d.unhashed), ...auditReports({ ...audit.audited, ...hashed }, stemOf(audit.path))];
  };
  return { result: { models, skipped, ...(diff !== undefined ? { diff } : {}) }, reportsWithDigest };
}

interface Input {
  path: string;
  /** a weights file read with it, as `--weights` */
  weights?: string;
  /** a KerasHub preset folder (path names the folder) */
  preset?: boolean;
}

/**
 * Of several files, a config-only model (a to_json() file) with exactly one weights-only file is
 * read as `kerascope summary config.json --weights weights.h5`; the others are read file by file,
 * but for those that are no model at all, which are skipped while some other input (of these
 * files, or one of `presets` folders) is one.
 */
async function pairConfigsWithWeights(files: ReadonlyMap<string, BlobLike>, paths: string[], presets: number): Promise<{ inputs: Input[]; skipped: string[] }> {
  if (paths.length + presets < 2) return { inputs: paths.map((path) => ({ path })), skipped: [] };
  const kinds = new Map<string, 'config' | 'weights' | 'not-a-model' | 'other'>();
  for (const p of paths) {
    try {
      const raw = await openModelBlob(files, p);
      kinds.set(p, raw.config === null ? 'weights' : raw.weights ? 'other' : 'config');
      await raw.weights?.close();
    } catch (e) {
      kinds.set(p, isKerascopeError(e) && e.code === ErrorCode.NotAModel ? 'not-a-model' : 'other');
    }
  }
  const of = (kind: string) => paths.filter((p) => kinds.get(p) === kind);
  const skipped = of('not-a-model').length < paths.length + presets ? of('not-a-model') : [];
  const rest = paths.filter((p) => !skipped.includes(p));
  const [configs, weights] = [of('config'), of('weights')];
  if (configs.length !== 1 || weights.length !== 1) return { inputs: rest.map((path) => ({ path })), skipped };
  return { inputs: [{ path: configs[0], weights: weights[0] }, ...rest.filter((p) => p !== configs[0] && p !== weights[0]).map((path) => ({ path }))], skipped };
}

async function openInput(files: ReadonlyMap<string, BlobLike>, input: Input, report: boolean): Promise<RawModel> {
  const opts = report ? { archiveProblems: 'report' as const, memberScan: true } : {};
  if (input.preset) return openPresetBlob(files, input.path, opts);
  const raw = await openModelBlob(files, input.path, opts);
  if (!input.weights) return raw;
  try {
    return await withWeightsOf(raw, await openModelBlob(files, input.weights, opts));
  } catch (e) {
    await raw.weights?.close();
    throw e;
  }
}

/** The name downloads are given: the file's, without folder and extension. */
const stemOf = (path: string) => path.replace(/^.*\//, '').replace(/\.[^.]*$/, '') || 'model';

/** `kerascope audit --format json|sarif|markdown` of one audited file. */
function auditReports(audited: AuditedFile, stem: string): Download[] {
  return [
    { name: `${stem}.audit.json`, type: 'application/json', text: out(JSON.stringify(auditFileJson(audited), null, 2)) },
    { name: `${stem}.sarif`, type: 'application/sarif+json', text: out(renderSarif([audited])) },
    { name: `${stem}.audit.md`, type: 'text/markdown', text: out(renderAuditMarkdown([audited])) },
  ];
}

async function inspectOne(files: ReadonlyMap<string, BlobLike>, input: Input, options: InspectOptions): Promise<{ view: ModelView; model?: LoadedModel; audited?: AuditedFile }> {
  const view: ModelView = { file: input.path, notes: [], rows: [], stored: [], findings: [], downloads: [] };
  const stem = stemOf(input.path);
  let model: LoadedModel | undefined;
  let audited: AuditedFile | undefined;
  // `kerascope summary`
  try {
    const raw = await openInput(files, input, false);
    view.format = raw.format;
    if (raw.config === null) {
      const listing = summarizeWeights(raw);
      view.summaryText = out(renderWeightsText(listing));
      view.stored = listing.layers.flatMap((l) => l.stored.map((t) => ({ layer: l.name, name: t.name, shape: pyTuple(t.shape), dtype: t.dtype })));
      view.downloads.push({ name: `${stem}.summary.json`, type: 'application/json', text: out(JSON.stringify(listing, null, 2)) });
      await raw.weights?.close();
    } else {
      model = loadModel(raw);
      view.summaryText = out(summaryText(model, { style: 'auto' }));
      view.costText = out(summaryText(model, { style: 'auto', cost: { batch: 1 } }));
      const json = summarize(model, { cost: true });
      view.notes = summaryNotes(input.path, json.layers, raw.meta).map((note) => `kerascope: note: ${note}`);
      view.rows = tableRows(layerRowTree(model.analysis, { expandNested: true }), costByLayer(json.layers));
      view.stored = json.layers.flatMap((l) => (l.stored ?? []).map((t) => ({ layer: l.name, name: t.name, shape: pyTuple(t.shape), dtype: t.dtype })));
      view.downloads.push({ name: `${stem}.summary.json`, type: 'application/json', text: out(JSON.stringify(summarize(model), null, 2)) });
    }
  } catch (e) {
    view.error = errorLine(e);
  }
  // `kerascope audit [--values]`
  try {
    const raw = await openInput(files, input, true);
    if (options.values && raw.weights && options.onProgress) raw.weights = withStreamProgress(raw.weights, options.onProgress);
    audited = await auditRaw(raw, { values: options.values });
    view.format ??= audited.format;
    view.auditText = out(renderAuditText([audited], { color: false }));
    const json = auditFileJson(audited);
    view.findings = json.findings.map((f) => {
      const info = FINDING_CODES[f.code as keyof typeof FINDING_CODES];
      return { severity: f.severity, code: f.code, title: info?.title ?? f.code, help: info?.help ?? '', layer: f.layer, weight: f.weight, message: f.message };
    });
    // `kerascope audit <folder>` hashes no file (digest.ts): a preset's reports are complete.
    view.downloads.push(...auditReports(audited, stem).map((d) => (input.preset ? d : { ...d, unhashed: true })));
  } catch (e) {
    view.auditError = errorLine(e);
  }
  return { view, ...(model ? { model } : {}), ...(audited ? { audited } : {}) };
}

type CostCells = Pick<TableRow, 'macs' | 'activationBytes' | 'weightBytes'>;

/** The cost columns of `summary --cost` (batch 1), by top-level layer. */
function costByLayer(layers: ReturnType<typeof summarize>['layers']): Map<string, CostCells> {
  const cell = (n: number | null | undefined) => (n === null || n === undefined ? '?' : n.toLocaleString('en-US'));
  return new Map(layers.map((l) => [l.name, { macs: cell(l.macs), activationBytes: cell(l.activation_bytes), weightBytes: cell(l.weight_bytes) }]));
}

function tableRows(trees: LayerRowTree[], cost: Map<string, CostCells>): TableRow[] {
  return trees.map(({ row, children }) => ({
    name: row.name,
    className: row.className,
    output: row.outputs.map((o) => (o === null ? '?' : pyShape(o))).join(', '),
    params: row.params === null ? '?' : row.params.toLocaleString('en-US'),
    ...(row.depth === 0 ? (cost.get(row.name) ?? { macs: '', activationBytes: '', weightBytes: '' }) : { macs: '', activationBytes: '', weightBytes: '' }),
    children: tableRows(children, cost),
  }));
}


/** A store whose `stream` reports each tensor it starts, for the value scan's progress bar. */
function withStreamProgress(store: WeightStore, onProgress: NonNullable<InspectOptions['onProgress']>): WeightStore {
  const total = store.layers.reduce((n, l) => n + l.tensors.length, store.topLevel?.tensors.length ?? 0);
  let done = 0;
  const stream = (path: string) => {
    onProgress(done++, total, path);
    return store.stream(path);
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'stream') return stream;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

// Audit conformance: the shared fixtures' MANIFEST.json files say which findings each file must
// yield (fixtures-h5) and which verdict with which words (fixtures-security); the clean corpus must
// give no error-severity finding.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditFile, auditFileJson, isKerascopeError } from '../../../dist/index.js';
import { corpusEntries } from '../corpus.mjs';

export const auditSuites = [
  { name: 'audit-h5', describe: 'fixtures-h5 MANIFEST findings', cases: h5Cases },
  { name: 'audit-security', describe: 'fixtures-security MANIFEST verdicts', cases: securityCases },
  { name: 'audit-corpus', describe: 'clean corpus: no error-severity finding', cases: corpusCases },
];

/** Runs the audit; unreadable input becomes a value. */
export async function audit(file, options = {}) {
  try {
    return { report: auditFileJson(await auditFile(file, options)) };
  } catch (e) {
    if (!isKerascopeError(e)) throw e;
    return { unreadable: e };
  }
}

// Manifest expectation text → the finding that satisfies it.
const H5_EXPECTATIONS = [
  [/no model_config: weights-only file/, () => ({ codes: ['weights-only'] })],
  [/weights stored as (\w+)/, (m) => ({ codes: ['unexpected-dtype', 'reduced-precision-weights'], details: { stored: m[1] } })],
  [/weight (\S+) contains (\d+) NaN and (\d+) Inf/, (m) => ({ codes: ['non-finite-values'], where: m[1], details: { nan: +m[2], inf: +m[3] } })],
  [/weight (\S+) is all zeros/, (m) => ({ codes: ['all-zero-tensor'], where: m[1] })],
  [/weight (\S+) shape mismatch: expected (\(.*?\)), stored (\(.*?\))/, (m) => ({ codes: ['weight-shape-mismatch'], where: m[1], mentions: [m[2], m[3]] })],
  [/weight (\S+) missing/, (m) => ({ codes: ['missing-weight'], where: m[1] })],
  [/weight (\S+) listed in weight_names but dataset missing/, (m) => ({ codes: ['dangling-weight-name', 'missing-weight'], where: m[1] })],
  [/layer (\S+) has stored weights/, (m) => ({ codes: ['unexpected-layer-weights'], where: m[1] })],
  [/group (\S+) not listed in layer_names/, (m) => ({ codes: ['unlisted-weight-group'], mentions: [m[1].split('/').pop()] })],
  [/zip member with unsafe path: (.*)$/, (m) => ({ codes: ['unsafe-archive-path'], mentions: [m[1]] })],
  [/zip member (\S+): suspicious compression ratio/, (m) => ({ codes: ['archive-compression-ratio'], mentions: [m[1]] })],
  [/zip member (\S+): declared size/, (m) => ({ codes: ['archive-size-mismatch'], mentions: [m[1]] })],
];

/** Manifest findings that are not errors: information, and weights-only files. */
const BENIGN_FINDING = /^info:|^no model_config: weights-only file$/;

function expectation(text) {
  for (const [re, make] of H5_EXPECTATIONS) {
    const m = re.exec(text);
    if (m) return make(m);
  }
  return null;
}

function satisfies(f, want) {
  if (!want.codes.includes(f.code)) return false;
  if (want.where && (f.weight === null ? f.layer : `${f.layer}/${f.weight}`) !== want.where) return false;
  if (want.mentions && !want.mentions.every((s) => f.message.includes(s))) return false;
  return Object.entries(want.details ?? {}).every(([k, v]) => f.details?.[k] === v);
}

function h5Cases(shared) {
  const dir = join(shared, 'fixtures-h5');
  if (!existsSync(join(dir, 'MANIFEST.json'))) return [];
  const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8'));
  return manifest.files.map((entry) => ({
    id: `fixtures-h5/${entry.file}`,
    run: async () => {
      const r = await audit(join(dir, entry.file), { values: true });
      const listed = entry.expected.findings;
      if (entry.format === 'broken') {
        return r.unreadable ? { ok: true, problems: [] } : { ok: false, problems: [`expected unreadable input (${listed.join('; ')}), got verdict ${r.report.verdict}`] };
      }
      if (r.unreadable) return { ok: false, problems: [`unreadable: ${r.unreadable.oneLine()}`] };
      const problems = [];
      for (const text of listed) {
        const want = expectation(text);
        if (!want) problems.push(`no matcher for manifest finding "${text}"`);
        else if (!r.report.findings.some((f) => satisfies(f, want))) problems.push(`missing finding: ${text}`);
      }
      // A file whose manifest lists no error is benign: it must get no error-severity finding.
      if (listed.every((text) => BENIGN_FINDING.test(text))) {
        for (const f of r.report.findings.filter((x) => x.severity === 'error')) problems.push(`unexpected error finding: ${f.code}: ${f.message}`);
      }
      for (const e of r.report.errors) problems.push(`check ${e.check} failed: ${e.message}`);
      return { ok: problems.length === 0, problems };
    },
  }));
}

function securityCases(shared) {
  const dir = join(shared, 'fixtures-security');
  if (!existsSync(join(dir, 'MANIFEST.json'))) return [];
  const manifest = JSON.parse(readFileSync(join(dir, 'MANIFEST.json'), 'utf8'));
  return manifest.map((entry) => ({
    id: `fixtures-security/${entry.file}`,
    run: async () => {
      const r = await audit(join(dir, entry.file));
      if (r.unreadable) return { ok: false, problems: [`unreadable: ${r.unreadable.oneLine()}`] };
      const problems = [];
      const verdict = r.report.verdict === 'info' ? 'clean' : r.report.verdict;
      if (verdict !== entry.expect) problems.push(`verdict ${verdict}, expected ${entry.expect}: ${r.report.findings.map((f) => f.code).join(', ')}`);
      const text = r.report.findings.filter((f) => f.severity !== 'info').map((f) => f.message).join('\n').toLowerCase();
      for (const word of entry.must_mention) if (!text.includes(word.toLowerCase())) problems.push(`no finding mentions "${word}"`);
      return { ok: problems.length === 0, problems };
    },
  }));
}

function corpusCases(shared) {
  return corpusEntries(shared).map(({ name: d, dir, source }) => ({
    id: `corpus/${d}`,
    run: async () => {
      const { model, weights } = corpusTarget(dir, source);
      const r = await audit(model, weights ? { weights } : {});
      if (source.kind.startsWith('not-keras')) {
        return r.unreadable ? { ok: true, problems: [] } : { ok: false, problems: ['a non-Keras file was audited instead of rejected'] };
      }
      if (r.unreadable) return { ok: false, problems: [`unreadable: ${r.unreadable.oneLine()}`] };
      const problems = r.report.findings.filter((f) => f.severity === 'error').map((f) => `error finding ${f.code}: ${f.message}`);
      for (const e of r.report.errors) problems.push(`check ${e.check} failed: ${e.message}`);
      return { ok: problems.length === 0, problems };
    },
  }));
}

/** The file to audit in a corpus folder, and its weights when the folder is a config + weights pair. */
function corpusTarget(dir, source) {
  const files = Object.keys(source.sha256 ?? {}).map((p) => p.split('/').pop());
  const json = files.find((f) => f.endsWith('.json'));
  const other = files.find((f) => !f.endsWith('.json') && !f.endsWith('.bin'));
  if (source.kind === 'tfjs-layers') return { model: join(dir, json) };
  if (json && other) return { model: join(dir, json), weights: join(dir, other) };
  return { model: join(dir, other ?? json) };
}

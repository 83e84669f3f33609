// Every report format over every finding code: JSON validates against schemas/audit.schema.json,
// SARIF against the official SARIF 2.1.0 schema; text and Markdown keep what they must.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, test } from 'vitest';
import { auditFile, auditFileJson, scanJson, renderSarif, renderAuditMarkdown, renderAuditText, EXAMPLE_FINDINGS, FINDING_CODES } from '../../src/index.js';
import type { FileOutcome, Finding } from '../../src/index.js';
import { findingJson } from '../../src/report/audit/json.js';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema(schema('summary.schema.json'));
const validateAudit = ajv.compile(schema('audit.schema.json'));
const sarifSchema = JSON.parse(readFileSync(new URL('../schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'));
// unicodeRegExp off: the official schema has a pattern that is invalid in unicode mode
const validateSarif = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(sarifSchema);

const everyCode: Finding[] = Object.values(EXAMPLE_FINDINGS);
const synthetic: FileOutcome = {
  file: 'models/model.h5',
  format: 'keras-h5',
  result: { file: 'models/model.h5', findings: everyCode, errors: [{ check: 'values', message: 'read failed' }], skipped: [{ check: 'x', reason: 'why' }], tensorStats: [{ layer: 'dense', weight: 'kernel', count: 4, min: 0, max: 1, mean: 0.5, std: 0.5, nan: 0, inf: 0, zeros: 2 }] },
  summary: null,
};
const unreadable: FileOutcome = { file: 'models/broken.h5', error: { code: 'E_TRUNCATED', message: 'file truncated' } };

async function realOutcome(): Promise<FileOutcome> {
  return auditFile(new URL('../../fixtures/audit/lambda_os_system.json', import.meta.url).pathname);
}

describe('JSON report', () => {
  test('every code has an example and the examples cover the catalogue', () => {
    expect(Object.keys(EXAMPLE_FINDINGS).sort()).toEqual(Object.keys(FINDING_CODES).sort());
  });

  test('a file report with every finding code validates', () => {
    const json = auditFileJson(synthetic);
    expect(validateAudit(json), JSON.stringify(validateAudit.errors)).toBe(true);
    expect(json.verdict).toBe('error');
    expect(json.findings.find((f) => f.code === 'weight-shape-mismatch')).toMatchObject({ severity: 'error', layer: 'conv2d', weight: 'kernel', message: 'weight conv2d/kernel shape mismatch: expected (3, 3, 3, 8), stored (3, 3, 3, 4)' });
  });

  test('a real audit with its summary validates', async () => {
    const json = auditFileJson(await realOutcome());
    expect(validateAudit(json), JSON.stringify(validateAudit.errors)).toBe(true);
    expect(json.summary).not.toBeNull();
    expect(json.findings.map((f) => [f.code, f.layer])).toEqual([['lambda-code-dangerous', 'evil']]);
  });

  test('code-bearing findings say which loaders run the code, per container, with the CVEs that apply', async () => {
    const json = auditFileJson(await realOutcome());
    expect(json.findings[0].loaders).toEqual([expect.stringMatching(/^Keras 2 \/ tf\.keras load_model.*CVE-2024-3660/)]);
    const archive = auditFileJson(await auditFile(new URL('../../fixtures/zip/member-at-2048-os-system.keras', import.meta.url).pathname));
    const module = archive.findings.find((f) => f.code === 'unsafe-module')!;
    expect(module.loaders).toEqual([expect.stringMatching(/before 3\.9.*CVE-2025-1550/)]);
    expect(validateAudit(archive), JSON.stringify(validateAudit.errors)).toBe(true);
    // a finding that carries no code has none
    expect(archive.findings.filter((f) => f.code.startsWith('ambiguous') || f.code.startsWith('polyglot')).every((f) => f.loaders === undefined)).toBe(true);
    const sarif = JSON.parse(renderSarif([await realOutcome()]));
    expect(sarif.runs[0].results[0].properties.loaders).toEqual(json.findings[0].loaders);
  });

  test("a finding in a polyglot's other reading gets that reading's loaders, not the primary container's", () => {
    const lambda = (path: string): Finding => ({ ...EXAMPLE_FINDINGS['lambda-code'], path }) as Finding;
    // an HDF5 config inside a .keras: Keras 2 load_model of the .h5 runs the Lambda, no safe_mode refusal
    expect(findingJson(lambda('hdf5@2048:config.config.layers[1].config.function'), 'keras-v3').loaders).toEqual([expect.stringMatching(/^Keras 2 \//), expect.stringMatching(/legacy \.h5/)]);
    expect(findingJson(lambda('config.config.layers[1].config.function'), 'keras-v3').loaders).toEqual([expect.stringMatching(/safe_mode=True \(the default\)/)]);
    // the Keras config of a tfjs model.json: model_from_json, where tfjs itself runs nothing
    expect(findingJson(lambda('json@0:config.config.layers[0].config.function'), 'tfjs-layers').loaders).toEqual([expect.stringMatching(/^Keras 2 \//)]);
    expect(findingJson(lambda('config.config.layers[0].config.function'), 'tfjs-layers').loaders).toBeUndefined();
  });

  test('the audited file is identified by its size and SHA-256', async () => {
    const path = new URL('../../fixtures/audit/lambda_os_system.json', import.meta.url);
    const bytes = readFileSync(path);
    const json = auditFileJson(await realOutcome());
    expect(json).toMatchObject({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    const bad = auditFileJson({ ...unreadable, size: 3, sha256: 'x' } as FileOutcome);
    expect(validateAudit(bad)).toBe(false);
  });

  test('a scan report with an unreadable file validates', async () => {
    const json = scanJson([synthetic, unreadable, await realOutcome()]);
    expect(validateAudit(json), JSON.stringify(validateAudit.errors)).toBe(true);
    expect(json.totals.unreadable).toBe(1);
    expect(json.totals.files).toBe(3);
  });

  test('the schema rejects a finding without a severity', () => {
    const json = auditFileJson(synthetic) as unknown as { findings: Record<string, unknown>[] };
    delete json.findings[0].severity;
    expect(validateAudit(json)).toBe(false);
  });
});

describe('SARIF report', () => {
  test('validates against the SARIF 2.1.0 schema, one rule per code, one result per finding', async () => {
    const sarif = JSON.parse(renderSarif([synthetic, unreadable, await realOutcome()], 'models'));
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(Object.keys(FINDING_CODES));
    expect(run.results).toHaveLength(everyCode.length + 1);
    const shape = run.results.find((r: { ruleId: string }) => r.ruleId === 'weight-shape-mismatch');
    expect(shape.level).toBe('error');
    expect(run.tool.driver.rules[shape.ruleIndex].id).toBe('weight-shape-mismatch');
    expect(shape.locations[0].physicalLocation.artifactLocation.uri).toBe('model.h5');
    expect(shape.locations[0].logicalLocations[0].fullyQualifiedName).toBe('conv2d/kernel');
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'optimizer-state').level).toBe('note');
    // the unreadable file and the crashed check are notifications, not results
    expect(run.invocations[0].toolExecutionNotifications).toHaveLength(2);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    const bytes = readFileSync(new URL('../../fixtures/audit/lambda_os_system.json', import.meta.url));
    expect(run.artifacts).toEqual([{ location: { uri: expect.stringMatching(/lambda_os_system\.json$/) }, length: bytes.length, hashes: { 'sha-256': createHash('sha256').update(bytes).digest('hex') } }]);
    run.results[0].level = 'fatal';
    expect(validateSarif(sarif)).toBe(false);
  });
});

describe('text and Markdown', () => {
  test('text groups by layer, model-wide first, and has no escape codes without colour', () => {
    const text = renderAuditText([synthetic], { color: false });
    expect(text).not.toMatch(/\x1b\[/);
    const lines = text.split('\n');
    expect(lines[1]).toBe('  model');
    const conv = lines.indexOf('  layer conv2d');
    expect(conv).toBeGreaterThan(0);
    expect(lines[conv + 1]).toMatch(/^ {4}error {4}weight-shape-mismatch +weight conv2d\/kernel shape mismatch/);
    expect(text).toContain('check failed  values: read failed');
    expect(renderAuditText([synthetic], { color: true })).toMatch(/\x1b\[31merror/);
  });

  test('Markdown has a table row per finding with pipes escaped', () => {
    const md = renderAuditMarkdown([synthetic, unreadable]);
    expect(md.split('\n').filter((l) => l.startsWith('| error |') || l.startsWith('| warning |') || l.startsWith('| info |'))).toHaveLength(everyCode.length);
    expect(md).toContain('| models/broken.h5 | 🚫 unreadable |');
    const piped = renderAuditMarkdown([{ ...synthetic, result: { ...synthetic.result, findings: [{ code: 'unsafe-archive-path', member: 'a|b', detail: 'zip member with unsafe path: a|b' }], errors: [] } }]);
    expect(piped).toContain('a\\|b');
  });
});

// SARIF 2.1.0 for code-scanning upload: one run, one rule per catalogue code, one result per
// finding located at the model file (and, logically, the layer/weight). Files that could not be
// read and checks that crashed become tool execution notifications.
import { FINDING_CODES, type FindingCode, type Severity } from '../../audit/codes.js';
import { KERASCOPE_VERSION } from '../../version.js';
import { auditFileJson, type FileOutcome } from './json.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const CODES = Object.keys(FINDING_CODES) as FindingCode[];
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export function renderSarif(outcomes: readonly FileOutcome[], baseDir?: string): string {
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  // Each audited file is an artifact with its length and SHA-256: which bytes the results are about.
  const artifacts: unknown[] = [];
  for (const o of outcomes) {
    const report = auditFileJson(o);
    const uri = artifactUri(o.file, baseDir);
    if (report.sha256 !== undefined) artifacts.push({ location: { uri }, length: report.size, hashes: { 'sha-256': report.sha256 } });
    if (report.error) {
      notifications.push({ level: 'error', message: { text: `${report.error.message} [${report.error.code}]` }, locations: [{ physicalLocation: { artifactLocation: { uri } } }] });
    }
    for (const e of report.errors) {
      notifications.push({ level: 'error', message: { text: `check ${e.check} failed: ${e.message}` }, locations: [{ physicalLocation: { artifactLocation: { uri } } }] });
    }
    for (const f of report.findings) {
      const where = [f.layer, f.weight].filter((x): x is string => x !== null).join('/');
      results.push({
        ruleId: f.code,
        ruleIndex: CODES.indexOf(f.code),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri } },
            ...(where ? { logicalLocations: [{ fullyQualifiedName: where, kind: f.weight ? 'member' : 'module' }] } : {}),
          },
        ],
        partialFingerprints: { 'kerascope/v1': `${f.code}:${where}:${f.message}` },
        ...(f.loaders ? { properties: { loaders: f.loaders } } : {}),
      });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kerascope',
            version: KERASCOPE_VERSION,
            informationUri: 'https://github.com/kerascope/kerascope',
            rules: CODES.map((code) => {
              const info = FINDING_CODES[code];
              return {
                id: code,
                name: ruleName(code),
                shortDescription: { text: info.title },
                fullDescription: { text: info.help },
                defaultConfiguration: { level: LEVEL[info.severity] },
                properties: { tags: [info.group] },
              };
            }),
          },
        },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        artifacts,
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/** `missing-weight` → `MissingWeight` (SARIF rule names are identifiers). */
function ruleName(code: string): string {
  return code.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** Relative, forward-slash URI (code scanning resolves it against the repository root). */
function artifactUri(file: string, baseDir?: string): string {
  let rel = file.replace(/\\/g, '/');
  const base = baseDir?.replace(/\\/g, '/').replace(/\/+$/, '');
  if (base && rel.startsWith(`${base}/`)) rel = rel.slice(base.length + 1);
  return encodeURI(rel.replace(/^\.\//, ''));
}

// A benign model never fails the audit: every real Keras 3.15.1 model in keras3/generated and
// keras3/modern, in each form Keras saved it (.keras, legacy .h5, config + .weights.h5, config +
// sharded weights), audits without an error-severity finding. (The corpus and fixtures-h5 files
// are held to the same rule by the audit-corpus and audit-h5 suites.)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { audit } from './audit.mjs';
import { caseFolders } from '../case-folders.mjs';

const FOLDERS = ['keras3/generated', 'keras3/modern'];

/** The forms a case folder holds: [label, file to audit, options]. */
function forms(dir) {
  const out = [
    ['model.keras', join(dir, 'model.keras'), {}],
    ['model.h5', join(dir, 'model.h5'), {}],
    ['model.weights.h5', join(dir, 'model.json'), { weights: join(dir, 'model.weights.h5') }],
    ['sharded.weights.json', join(dir, 'model.json'), { weights: join(dir, 'sharded.weights.json') }],
  ];
  return out.filter(([, file, o]) => existsSync(file) && (!o.weights || existsSync(o.weights)));
}

export const auditBenignSuite = {
  name: 'audit-benign',
  describe: 'Keras 3 models in every saved form: no error-severity finding',
  async cases(shared) {
    return caseFolders(shared, FOLDERS).flatMap(({ folder, name, dir }) =>
      forms(dir).map(([label, file, options]) => {
        const id = `${name}/${label}`;
        return { id: `${folder}/${id}`, run: () => runCase(file, options) };
      }),
    );
  },
};

async function runCase(file, options) {
  const r = await audit(file, options);
  if (r.skipped) return r;
  const problems = r.unreadable
    ? [`unreadable: ${r.unreadable.oneLine()}`]
    : [
        ...r.report.findings.filter((f) => f.severity === 'error').map((f) => `error finding ${f.code}: ${f.message}`),
        ...r.report.errors.map((e) => `check ${e.check} failed: ${e.message}`),
      ];
  return { ok: problems.length === 0, problems };
}

// A benign model never fails the audit: every real Keras 3.15.1 model in keras3/generated and
// keras3/modern, in each form Keras saved it (.keras, legacy .h5, config + .weights.h5, config +
// sharded weights), audits without an error-severity finding. (The corpus and fixtures-h5 files
// are held to the same rule by the audit-corpus and audit-h5 suites.)
import { audit } from './audit.mjs';
import { caseFolders, savedForms } from '../case-folders.mjs';

const FOLDERS = ['keras3/generated', 'keras3/modern'];

export const auditBenignSuite = {
  name: 'audit-benign',
  describe: 'Keras 3 models in every saved form: no error-severity finding',
  async cases(shared) {
    return caseFolders(shared, FOLDERS).flatMap(({ folder, name, dir }) =>
      savedForms(dir)
        // a config alone has no stored weights to audit
        .filter((form) => form.id !== 'model.json')
        .map((form) => ({ id: `${folder}/${name}/${form.id}`, run: () => runCase(form.file, form.options) })),
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

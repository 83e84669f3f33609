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

// Quantized kernels and scales, float8 scale histories and LoRA variables are not in the weight
// model yet (issue 16 adds them, with the sharded weights index): these files store variables the
// audit cannot place, so it still reports them. Listed case by case, with the forms that fail, so
// that each one fixed fails here until it is struck off.
const QUANT = (mode) => `stores ${mode} quantized variables, which the weight model does not build yet (issue 16)`;
const LORA_H5 = 'the legacy .h5 stores LoRA variables, which the weight model does not build yet (issue 16)';
const KERAS = ['model.keras', 'model.weights.h5'];
const ALL = [...KERAS, 'model.h5'];
const KNOWN_CASES = [
  ['0000', ALL, QUANT('int8')], ['0004', KERAS, QUANT('int4')], ['0007', ALL, QUANT('int4')], ['0008', ALL, QUANT('int4')],
  ['0010', ALL, QUANT('int8')], ['0014', ALL, QUANT('int8')], ['0015', KERAS, QUANT('float8')], ['0016', ALL, QUANT('int4 + LoRA')],
  ['0017', KERAS, QUANT('int8')], ['0018', ALL, QUANT('int8')], ['0022', KERAS, QUANT('float8')], ['0023', ALL, QUANT('int4')],
  ['0028', KERAS, QUANT('int8 + LoRA')], ['0029', ALL, QUANT('int8 + LoRA')], ['0031', ['model.h5'], LORA_H5], ['0032', ['model.h5'], LORA_H5],
  ['0037', ALL, QUANT('int8')], ['0043', ALL, QUANT('int8 + LoRA')], ['0045', KERAS, QUANT('float8')], ['0047', KERAS, QUANT('int8')],
  ['0054', ['model.h5'], LORA_H5], ['0055', KERAS, QUANT('float8')], ['0058', ALL, QUANT('int4')], ['0060', KERAS, QUANT('float8')],
  ['0061', KERAS, QUANT('float8')], ['0062', ALL, QUANT('int8')], ['0063', KERAS, QUANT('int4')], ['0064', KERAS, QUANT('int8 + LoRA')],
  ['0065', ALL, QUANT('int8')], ['0066', ALL, QUANT('int4')], ['0067', ALL, QUANT('int8')], ['0068', KERAS, QUANT('float8')],
  ['0073', KERAS, QUANT('int8')],
];
const KNOWN = new Map(KNOWN_CASES.flatMap(([n, forms, reason]) => forms.map((f) => [`modern-1-${n}/${f}`, reason])));
/** Every config + sharded index: the `*.weights.json` index is not read as --weights yet (issue 16). */
const SHARDED = 'the sharded weights index (sharded.weights.json) is not read yet (issue 16)';

export const auditBenignSuite = {
  name: 'audit-benign',
  describe: 'Keras 3 models in every saved form: no error-severity finding',
  async cases(shared) {
    return caseFolders(shared, FOLDERS).flatMap(({ folder, name, dir }) =>
      forms(dir).map(([label, file, options]) => {
        const id = `${name}/${label}`;
        return { id: `${folder}/${id}`, run: () => runCase(file, options, KNOWN.get(id) ?? (label === 'sharded.weights.json' ? SHARDED : undefined)) };
      }),
    );
  },
};

async function runCase(file, options, known) {
  const r = await audit(file, options);
  if (r.skipped) return r;
  const problems = r.unreadable
    ? [`unreadable: ${r.unreadable.oneLine()}`]
    : [
        ...r.report.findings.filter((f) => f.severity === 'error').map((f) => `error finding ${f.code}: ${f.message}`),
        ...r.report.errors.map((e) => `check ${e.check} failed: ${e.message}`),
      ];
  if (!known) return { ok: problems.length === 0, problems };
  // A known case that passes now must leave the list, so the list stays true.
  if (problems.length === 0) return { ok: false, problems: [`listed as known (${known}) but audits clean now: strike it off KNOWN`] };
  return { skipped: true, reason: `known: ${known}` };
}

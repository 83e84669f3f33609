// Suites of config cases: a folder per case with model.json + expected.json.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel, summarize, layerSpec } from '../../../dist/index.js';
import { compareSummary } from '../compare.mjs';
import { unimplementedClasses } from '../unimplemented.mjs';

export function configSuite(name, describe, folders) {
  return {
    name,
    describe,
    async cases(shared) {
      const out = [];
      for (const f of folders) {
        const root = join(shared, f);
        if (!existsSync(root)) continue;
        const dirs = existsSync(join(root, 'model.json')) ? [root] : readdirSync(root).map((d) => join(root, d)).filter((d) => existsSync(join(d, 'model.json')));
        for (const dir of dirs.sort()) {
          out.push({
            id: dir.slice(shared.length + 1),
            run: async () => {
              const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
              const missing = unimplemented(expected);
              if (missing.length) return { skipped: true, reason: `layers not implemented: ${missing.join(', ')}` };
              const model = await readModel(join(dir, 'model.json'));
              const inner = unimplementedClasses(model.raw.config);
              if (inner.length) return { skipped: true, reason: `layers not implemented: ${inner.join(', ')}` };
              return compareSummary(summarize(model), expected);
            },
          });
        }
      }
      return out;
    },
  };
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
/** Classes in a case that our layer table does not know (nested models' own layers included). */
function unimplemented(expected) {
  return [...new Set(expected.layers.map((l) => l.class_name))].filter((c) => !MODEL_CLASSES.has(c) && !layerSpec(c));
}

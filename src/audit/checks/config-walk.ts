// A check that looks at the values of a model's config trees one at a time (the model config and
// the training config): the shape every config-only security check shares.
import { configRoots, walkConfig, type Visit } from '../security/walk.js';
import type { Finding } from '../finding.js';
import type { Check } from '../types.js';
import { needsConfig } from './applies.js';

export function configValueCheck(id: string, visit: (v: Visit) => Finding | readonly Finding[] | null, roots: 'all' | 'model' = 'all'): Check {
  return {
    id,
    appliesTo: needsConfig,
    run: (m) => {
      const out: Finding[] = [];
      const trees = configRoots(m.raw, roots);
      for (const [root, rootName] of trees) {
        for (const v of walkConfig(root, rootName)) {
          const f = visit(v);
          if (f === null) continue;
          if (Array.isArray(f)) out.push(...(f as readonly Finding[]));
          else out.push(f as Finding);
        }
      }
      return out;
    },
  };
}

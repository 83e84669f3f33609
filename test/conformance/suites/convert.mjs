// `kerascope convert` round trips (see ../convert-roundtrip.mjs): every convertible shared case (seed
// model, fixtures-h5, keras3/generated, corpus) to
// TensorFlow.js (loaded by tfjs-layers) and to .keras (read back by our readers). A case the target
// cannot express, or an input that does not read, is a skip with the reason, which must be listed in
// ../expected-skips.tsv; real Keras 3 loading the .keras outputs is checked by
// scripts/verify-convert.mjs --keras3, which needs Python.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertCases, readValues, refusalProblems, roundTrip } from '../convert-roundtrip.mjs';
import { tfjsLayerClasses } from '../tfjs-registry.mjs';

const TFJS_CLASSES = tfjsLayerClasses();

export const convertSuite = {
  name: 'convert',
  describe: 'convert round trips: tfjs outputs loaded by tfjs-layers, every output read back',
  async cases(shared) {
    return (await convertCases(shared)).flatMap((c) =>
      ['tfjs', 'keras'].map((to) => ({
        id: `${c.id} --to ${to}`,
        run: async () => {
          const work = mkdtempSync(join(tmpdir(), 'kerascope-convert-'));
          const out = join(work, to === 'tfjs' ? 'tfjs' : 'model.keras');
          try {
            if (c.refusal || c.kinds !== undefined) {
              const problems = await refusalProblems(c, to, out);
              return { ok: problems.length === 0, problems };
            }
            let orig;
            try {
              orig = await readValues(c.input, c.weights);
            } catch (e) {
              return { skipped: true, reason: `the input is not readable: ${e?.code ?? ''} ${String(e?.message ?? e).split('\n')[0]}` };
            }
            const r = await roundTrip(c, to, out, orig);
            // tfjs-layers is asked, not our list of its classes
            const missing = /TensorFlow\.js layers has no (\w+) layer/.exec(r.refused ?? '')?.[1];
            if (missing && TFJS_CLASSES.has(missing)) return { ok: false, problems: [`refused: ${r.refused}, but tfjs-layers registers ${missing}`] };
            if (r.refused) return { skipped: true, reason: `refused: ${r.refused}` };
            return { ok: !r.problems, problems: r.problems ?? [] };
          } finally {
            rmSync(work, { recursive: true, force: true });
          }
        },
      })),
    );
  },
};

// `kerascope convert` round trips (see ../convert-roundtrip.mjs): every convertible shared case (seed
// model, fixtures-h5, keras3/generated, corpus) to
// TensorFlow.js (loaded by tfjs-layers) and to .keras (read back by our readers). A refusal is a
// verified refusal when an independent source says it is right: the manifest or source.json for an
// input that holds no model, tfjs-layers itself for what the tfjs target cannot express
// (../tfjs-refusals.mjs). Any other refusal, or an input that does not read, is a skip with the
// reason, which must be listed in ../expected-skips.tsv; real Keras 3 loading the .keras outputs is
// checked by scripts/verify-convert.mjs --keras3, which needs Python.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { convertCases, readValues, refusalProblems, roundTrip } from '../convert-roundtrip.mjs';
import { verifyTfjsRefusal } from '../tfjs-refusals.mjs';

/** name → layer of the summary Keras wrote beside the input (keras3 folders, corpus), or null. */
function kerasLayers(input) {
  const file = ['expected.json', 'keras3-expected.json'].map((f) => join(dirname(input), f)).find(existsSync);
  return file ? new Map(JSON.parse(readFileSync(file, 'utf8')).layers.map((l) => [l.name, l])) : null;
}

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
              return { ok: problems.length === 0, problems, refusal: 'as the manifest or source.json says' };
            }
            let orig;
            try {
              orig = await readValues(c.input, c.weights);
            } catch (e) {
              return { skipped: true, reason: `the input is not readable: ${e?.code ?? ''} ${String(e?.message ?? e).split('\n')[0]}` };
            }
            const r = await roundTrip(c, to, out, orig);
            if (r.refused) {
              const v = to === 'tfjs' ? await verifyTfjsRefusal(r.refused, { config: orig.config, keras: kerasLayers(c.input), inputs: orig.inputs }) : null;
              if (v?.verified) return { ok: true, refusal: v.verified };
              if (v?.problems) return { ok: false, problems: [`refused: ${r.refused}`, ...v.problems] };
              return { skipped: true, reason: `refused: ${r.refused}` };
            }
            return { ok: !r.problems, problems: r.problems ?? [] };
          } finally {
            rmSync(work, { recursive: true, force: true });
          }
        },
      })),
    );
  },
};

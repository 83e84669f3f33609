// `kerascope convert` round trips (see ../convert-roundtrip.mjs): every convertible shared case to
// TensorFlow.js (loaded by tfjs-layers) and to .keras (read back by our readers). A case the target
// cannot express is a skip with the converter's reason; real Keras 3 loading the .keras outputs is
// checked by scripts/verify-convert.mjs --keras3, which needs Python.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertCases, readValues, roundTrip } from '../convert-roundtrip.mjs';

export const convertSuite = {
  name: 'convert',
  describe: 'convert round trips: tfjs outputs loaded by tfjs-layers, every output read back',
  async cases(shared) {
    return (await convertCases(shared)).flatMap((c) =>
      ['tfjs', 'keras'].map((to) => ({
        id: `${c.id} --to ${to}`,
        run: async () => {
          let orig;
          try {
            orig = await readValues(c.input, c.weights);
          } catch (e) {
            return { skipped: true, reason: `the input is not readable (${e?.code ?? e})` };
          }
          const work = mkdtempSync(join(tmpdir(), 'kerascope-convert-'));
          try {
            const r = await roundTrip(c, to, join(work, to === 'tfjs' ? 'tfjs' : 'model.keras'), orig);
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

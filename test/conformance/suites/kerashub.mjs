// KerasHub models saved by Keras 3.15.1 + keras_hub (keras3/kerashub): each case in each saved form
// (model.keras; model.json alone; model.json with model.weights.h5). A family rebuilt from its
// constructor arguments must match expected.json layer by layer and summary.txt byte for byte
// (--style 3 at line length 88); one not rebuilt is summarized from its stored weights and reported
// as a skip, failing only if the stored total differs from Keras' total.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, readRaw, summarize, summarizeStorage, summaryText } from '../../../dist/index.js';
import { compareSummary, withoutUnlistedOpLayers } from '../compare.mjs';
import { textDiff } from '../text-diff.mjs';
import { caseFolders } from '../case-folders.mjs';

const FOLDER = 'keras3/kerashub';
/** the oracle's backend (expected.json: "keras 3.15.1 (jax)"); model.json names none */
const ORACLE_BACKEND = 'jax';

const FORMS = [
  { id: 'keras', file: 'model.keras' },
  { id: 'json', file: 'model.json' },
  { id: 'json+weights', file: 'model.json', weights: 'model.weights.h5' },
];

export const kerasHubSuite = {
  name: 'kerashub',
  describe: 'KerasHub backbones and tasks (Keras 3.15.1 + keras_hub): expected.json and summary.txt, each saved form',
  async cases(shared) {
    return caseFolders(shared, [FOLDER])
      .filter(({ dir }) => existsSync(join(dir, 'expected.json')))
      .flatMap(({ name, dir }) =>
        FORMS.filter((form) => existsSync(join(dir, form.file)) && (!form.weights || existsSync(join(dir, form.weights)))).map((form) => ({
          id: `${FOLDER}/${name} [${form.id}]`,
          run: () => runCase(dir, form),
        })),
      );
  },
};

async function runCase(dir, form) {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  const raw = await readRaw(join(dir, form.file), form.weights ? { weights: join(dir, form.weights) } : {});
  try {
    // bert-text-classifier's weights member starts at byte 2048, where h5py also finds an HDF5 superblock
    if (form.file.endsWith('.keras') && raw.format !== 'keras-v3') return { ok: false, problems: [`read as ${raw.format}, not as the .keras archive it is`] };
    const storage = summarizeStorage(raw);
    if (storage) {
      if (storage.total_params !== expected.total_params) {
        return { ok: false, problems: [`summary from storage: ${storage.total_params} stored params ≠ Keras' ${expected.total_params}`] };
      }
      return { skipped: true, reason: `${storage.registered_name ?? storage.class_name} not reconstructed: summarized from storage (${storage.total_params} params, as Keras counts)` };
    }
    let model;
    try {
      model = loadModel(raw);
    } catch (e) {
      // the refusal's own words, so expected-skips.tsv can accept this refusal and no other
      if (e?.code === 'E_UNSUPPORTED') return { skipped: true, reason: `${expected.class_name} not reconstructed, and no stored weights to summarize (${e.message})` };
      throw e;
    }
    model.backend ??= ORACLE_BACKEND;
    const json = summarize(model);
    const result = compareSummary(withoutUnlistedOpLayers(json, expected), expected);
    const want = readFileSync(join(dir, 'summary.txt'), 'utf8');
    // The oracle printed summary.txt before any training: its optimizer unbuilt, no "Optimizer params"
    // line. A file's stored optimizer scalars say so; a bare config cannot, so it is told here (Keras'
    // own model_from_json of a config with compile_config builds the optimizer and prints the line,
    // as kerascope does by default: checked with Keras 3.15.1).
    const got = summaryText(model, { style: '3', lineLength: 88, ...(form.weights || form.file.endsWith('.keras') ? {} : { optimizer: null }) });
    if (got !== want) result.problems.push(...textDiff(want, got));
    return { ...result, ok: result.problems.length === 0 };
  } finally {
    await raw.weights?.close();
  }
}

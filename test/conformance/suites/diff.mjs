// kerascope diff on shared files: two real corpus models whose differences are read off their own
// configs, and Keras 1 files against their own conversions (no structural difference; every
// tensor Keras loads without a layout conversion identical).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareModels, convertModel, readModel } from '../../../dist/index.js';

const canon = (v) => JSON.stringify(v);

async function diffFiles(a, b, values = false) {
  const [ma, mb] = [await readModel(a), await readModel(b)];
  try {
    return await compareModels(ma, mb, { values });
  } finally {
    await ma.raw.weights?.close();
    await mb.raw.weights?.close();
  }
}

/** problems where `got` differs from `want` (compared as JSON) */
function expectEqual(problems, what, got, want) {
  if (canon(got) !== canon(want)) problems.push(`${what}: got ${canon(got)}, want ${canon(want)}`);
}

const changed = (d, name) => {
  const l = d.layers.find((x) => x.name === name);
  return l ? Object.fromEntries(l.changes.map((c) => [c.key ?? c.field, [c.before, c.after]])) : null;
};

function corpusPair(shared, id, a, b, check) {
  const pa = join(shared, 'corpus', a);
  const pb = join(shared, 'corpus', b);
  return {
    id,
    run: async () => {
      if (!existsSync(pa) || !existsSync(pb)) return { skipped: true, reason: 'corpus files absent' };
      const problems = [];
      check(await diffFiles(pa, pb), problems);
      return { ok: problems.length === 0, problems };
    },
  };
}

function ownConversion(shared, file, to) {
  const src = join(shared, 'fixtures-h5', file);
  return {
    id: `fixtures-h5/${file} vs its --to ${to} conversion`,
    run: async () => {
      if (!existsSync(src)) return { skipped: true, reason: 'fixture absent' };
      const dir = mkdtempSync(join(tmpdir(), 'kerascope-diff-'));
      try {
        const out = join(dir, to === 'tfjs' ? 'tfjs' : 'model.keras');
        await convertModel(src, { to, out });
        const d = await diffFiles(src, to === 'tfjs' ? join(out, 'model.json') : out, true);
        const problems = [];
        if (d.structural) problems.push(`structural differences: ${d.layers.filter((l) => l.changes.some((c) => c.structural)).map((l) => l.name).join(', ')}`);
        if (d.counts.added || d.counts.removed || d.counts.renamed) problems.push(`layers added/removed/renamed: ${canon(d.counts)}`);
        if (d.values?.changed) problems.push(`${d.values.changed} tensors changed value`);
        return { ok: problems.length === 0, problems };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export const diffSuite = {
  name: 'diff',
  describe: 'kerascope diff: corpus model pairs, Keras 1 files vs their own conversions',
  async cases(shared) {
    return [
      // Same layer names, other sizes: conv1d_1 filters 2→4, dense units 6→10, dense_1 units 3→4.
      corpusPair(shared, 'corpus 1000salex model-h5 vs h5-model-h5', '1000salex-py-f4-neuron--model-h5/model.h5', '1000salex-py-f4-neuron--h5-model-h5/model.h5', (d, p) => {
        expectEqual(p, 'structural', d.structural, true);
        expectEqual(p, 'counts', d.counts, { same: 2, changed: 5, added: 0, removed: 0, renamed: 0 });
        expectEqual(p, 'conv1d_1', changed(d, 'conv1d_1'), { filters: [2, 4], output_shape: [[[null, 4, 2]], [[null, 4, 4]]], params: [50, 100], stored: [[[3, 8, 2], [2]], [[3, 8, 4], [4]]] });
        expectEqual(p, 'dense units/params', [changed(d, 'dense')?.units, changed(d, 'dense')?.params], [[6, 10], [54, 170]]);
        expectEqual(p, 'dense_1 units/params', [changed(d, 'dense_1')?.units, changed(d, 'dense_1')?.params], [[3, 4], [21, 44]]);
        expectEqual(p, 'model', d.model, [{ field: 'outputs', before: [[null, 3]], after: [[null, 4]], structural: true }]);
      }),
      // An LSTM model against a bidirectional GRU one from the same notebook.
      corpusPair(shared, 'corpus anushree1001 lstm vs bigru', 'anushree1001-comparing-multiple-pre-trained-neur--lstm-model-h5/lstm_model.h5', 'anushree1001-comparing-multiple-pre-trained-neur--bigru-model-h5/bigru_model.h5', (d, p) => {
        expectEqual(p, 'layers', d.layers.map((l) => [l.status, l.name]), [['removed', 'embedding_4'], ['removed', 'lstm'], ['added', 'embedding_9'], ['added', 'bidirectional_4'], ['renamed', 'dense_8']]);
        expectEqual(p, 'dense_8 previous name', d.layers.find((l) => l.name === 'dense_8')?.previous_name, 'dense_4');
      }),
      ownConversion(shared, 'k1_cifar10_th_full.h5', 'keras'),
      ownConversion(shared, 'k1_bn_lstm_full.h5', 'keras'),
      ownConversion(shared, 'tfk_cifar10_full_h5py3.h5', 'tfjs'),
      ownConversion(shared, 'k2_cifar10_full_h5py2.h5', 'keras'),
    ];
  },
};

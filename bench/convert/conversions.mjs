// The conversion benchmarks of issues 8 and 21: the ~553 MB VGG16-sized h5 of the HDF5 benchmark (same
// generator, bench/out/, never committed) converted to TensorFlow.js and to .keras, against copying the
// file with `cp`, warm cache, best of 3. Targets: tfjs at most 2× cp's wall time; peak RSS at most
// 300 MB for both (the .keras writer streams a weight by chunks, issue 21; its largest is 411 MB).
import { readdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { best, fixed as f, loadRow, measure } from '../lib/measure.mjs';
import { CLI, OUT, VGG16_FILE as FILE, vgg16Ready } from '../lib/vgg16-file.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export const conversions = {
  name: 'convert',
  describe: 'convert the 553 MB VGG16-sized .h5 to TensorFlow.js and to .keras vs cp of the file (targets from issues 8, 21)',
  async run() {
    const ready = vgg16Ready();
    if (typeof ready !== 'string') return ready;
    const copy = `${OUT}/vgg16_copy.h5`;
    const tfjs = `${OUT}/vgg16_tfjs`;
    const cp = best(3, () => measure('cp', [FILE, copy]));
    const floor = best(3, () => measure(process.execPath, [here('./node-copy-floor.mjs'), FILE, `${OUT}/vgg16_floor`]));
    rmSync(`${OUT}/vgg16_floor`, { recursive: true, force: true });
    const conv = best(3, () => measure(process.execPath, [CLI, 'convert', FILE, '--to', 'tfjs', '-o', tfjs, '--force']));
    const keras = `${OUT}/vgg16.keras`;
    const toKeras = best(3, () => measure(process.execPath, [CLI, 'convert', FILE, '--to', 'keras', '-o', keras, '--force']));
    const kerasBytes = statSync(keras).size;
    rmSync(keras, { force: true });
    const outputs = readdirSync(tfjs);
    const shards = outputs.filter((f) => f.endsWith('.bin')).length;
    const bytes = outputs.reduce((n, f) => n + statSync(`${tfjs}/${f}`).size, 0);
    rmSync(copy, { force: true });
    rmSync(tfjs, { recursive: true, force: true });
    return {
      rows: [
        { what: 'file size (MB)', value: f(statSync(FILE).size / 1e6, 1) },
        { what: 'tfjs output (MB, shards)', value: `${f(Number(bytes) / 1e6, 1)} (${shards})` },
        { what: 'cp wall (s)', value: f(cp.seconds, 3) },
        { what: 'convert --to tfjs wall (s)', value: f(conv.seconds, 3) },
        { what: 'convert / cp wall ratio', value: f(conv.seconds / cp.seconds, 2), target: '<= 2', ok: conv.seconds <= 2 * cp.seconds },
        { what: 'cp / convert CPU (s)', value: `${f(cp.cpu)} / ${f(conv.cpu)}` },
        { what: 'floor: bare Node copy into 4 MiB shards (s)', value: f(floor.seconds, 3) },
        { what: 'floor / cp, convert / floor wall ratios', value: `${f(floor.seconds / cp.seconds, 2)} / ${f(conv.seconds / floor.seconds, 2)}` },
        loadRow(),
        { what: 'convert peak RSS (MB)', value: f(conv.rssMB, 0), target: '<= 300', ok: conv.rssMB <= 300 },
        { what: 'convert --to keras wall (s), .keras size (MB)', value: `${f(toKeras.seconds, 3)}, ${f(kerasBytes / 1e6, 1)}` },
        { what: 'convert --to keras / cp wall ratio', value: f(toKeras.seconds / cp.seconds, 2) },
        { what: 'convert --to keras peak RSS (MB)', value: f(toKeras.rssMB, 0), target: '<= 300', ok: toKeras.rssMB <= 300 },
      ],
    };
  },
};

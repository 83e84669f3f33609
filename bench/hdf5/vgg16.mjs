// The HDF5 benchmark of issue 4: a ~553 MB VGG16-sized tf.keras h5 (generated into bench/out/,
// never committed). Measures `kerascope summary` against `h5dump -H` and reading every weight
// against `cat file > /dev/null`, warm cache, best of 3.
import { statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { best, fixed as f, loadRow, measure } from '../lib/measure.mjs';
import { CLI, VGG16_FILE as FILE, VGG16_PARAMS, vgg16Ready } from '../lib/vgg16-file.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The same ratios with a cold page cache (the first look at a freshly downloaded model), for
 * information: measured only where the kernel lets us drop caches (root on Linux).
 */
function coldRows() {
  const drop = () => spawnSync('sh', ['-c', 'sync && echo 3 > /proc/sys/vm/drop_caches'], { stdio: 'ignore' }).status === 0;
  if (!drop()) return [{ what: 'cold-cache figures', value: 'skipped (cannot drop the page cache here)' }];
  const cold = (cmd, args) => best(3, () => (drop(), measure(cmd, args)));
  const h5dump = cold('h5dump', ['-H', FILE]);
  const summary = cold(process.execPath, [CLI, 'summary', FILE]);
  const cat = cold('sh', ['-c', `cat '${FILE}' > /dev/null`]);
  const readAll = cold(process.execPath, [here('./read-all-weights.mjs'), FILE]);
  return [
    { what: 'cold cache: summary / h5dump -H wall', value: `${f(summary.seconds, 3)} / ${f(h5dump.seconds, 3)} s = ${f(summary.seconds / h5dump.seconds, 1)}x` },
    { what: 'cold cache: read every weight / cat wall', value: `${f(readAll.seconds, 3)} / ${f(cat.seconds, 3)} s = ${f(readAll.seconds / cat.seconds, 1)}x` },
  ];
}

const has = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

export const vgg16H5 = {
  name: 'hdf5-vgg16',
  describe: 'summary and full weight read of a 553 MB VGG16-sized .h5 (targets from issue 4)',
  async run() {
    if (!has('h5dump', ['--version'])) return { skipped: 'h5dump is needed as the baseline (apt-get install hdf5-tools)' };
    const ready = vgg16Ready();
    if (typeof ready !== 'string') return ready;
    const size = statSync(FILE).size;
    const h5dump = best(3, () => measure('h5dump', ['-H', FILE]));
    const summary = best(3, () => measure(process.execPath, [CLI, 'summary', FILE]));
    const json = JSON.parse(measure(process.execPath, [CLI, 'summary', FILE, '--format', 'json']).stdout);
    const cat = best(3, () => measure('sh', ['-c', `cat '${FILE}' > /dev/null`]));
    const readAll = best(3, () => measure(process.execPath, [here('./read-all-weights.mjs'), FILE]));
    const read = JSON.parse(readAll.stdout);
    return {
      rows: [
        { what: 'file size (MB)', value: f(size / 1e6, 1) },
        { what: 'total params (summary JSON)', value: json.total_params, target: String(VGG16_PARAMS), ok: json.total_params === VGG16_PARAMS },
        { what: 'h5dump -H wall (s)', value: f(h5dump.seconds, 3) },
        { what: 'kerascope summary wall (s)', value: f(summary.seconds, 3) },
        { what: 'summary / h5dump -H wall ratio', value: f(summary.seconds / h5dump.seconds, 1), target: '<= 30', ok: summary.seconds <= 30 * h5dump.seconds },
        { what: 'h5dump -H / kerascope summary CPU (s)', value: `${f(h5dump.cpu)} / ${f(summary.cpu)}` },
        { what: 'kerascope summary peak RSS (MB)', value: f(summary.rssMB, 0), target: '<= 200', ok: summary.rssMB <= 200 },
        { what: 'cat file > /dev/null wall (s)', value: f(cat.seconds, 3) },
        { what: `read every weight wall (s), ${read.values} values via ${read.backend}`, value: f(readAll.seconds, 3) },
        { what: 'read every weight / cat wall ratio', value: f(readAll.seconds / cat.seconds, 1), target: '<= 10', ok: readAll.seconds <= 10 * cat.seconds },
        { what: 'cat / read every weight CPU (s)', value: `${f(cat.cpu)} / ${f(readAll.cpu)}` },
        loadRow(),
        { what: 'read every weight peak RSS (MB)', value: f(readAll.rssMB, 0), target: '<= 300', ok: readAll.rssMB <= 300 },
        ...coldRows(),
      ],
    };
  },
};

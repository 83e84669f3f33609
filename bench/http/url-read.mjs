// The URL benchmark of issue 20: `summary` of the 553 MB VGG16-sized .h5 and `audit` of a VGG16
// .keras of the same size over HTTP, from a local Range server (range-server.mjs, a process of its
// own), against the same commands on the files. Bytes and requests are what the JSON reports say.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { best, fixed as f, loadRow, measure } from '../lib/measure.mjs';
import { CLI, OUT, VGG16_FILE, VGG16_PARAMS, vgg16Ready } from '../lib/vgg16-file.mjs';

const KERAS_FILE = `${OUT}/vgg16.keras`;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const MB = 1024 * 1024;

/** The .keras file (made by Keras itself), or null when BENCH_PYTHON has no Keras 3. */
function ensureKerasFile() {
  if (existsSync(KERAS_FILE)) return KERAS_FILE;
  const python = process.env.BENCH_PYTHON ?? 'python3';
  const r = spawnSync(python, [here('./make_vgg16_keras.py'), KERAS_FILE], { stdio: 'inherit', env: { KERAS_BACKEND: 'jax', ...process.env } });
  return r.status === 0 ? KERAS_FILE : null;
}

async function startServer() {
  const child = spawn(process.execPath, [here('./range-server.mjs'), OUT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  return { url: String(line).trim(), stop: () => child.kill() };
}

/** Local and URL runs of one command, best of 3 each, and the URL run's transfer. */
function compare(command, file, url, extra) {
  const local = best(3, () => measure(process.execPath, [CLI, command, file, ...extra]));
  const remote = best(3, () => measure(process.execPath, [CLI, command, url, ...extra]));
  const json = JSON.parse(measure(process.execPath, [CLI, command, url, ...extra, '--format', 'json']).stdout);
  return { local, remote, transfer: json.transfer, json };
}

export const urlRead = {
  name: 'http-url',
  describe: 'summary of the 553 MB .h5 and audit of a 553 MB .keras over HTTP from a local Range server (targets from issue 20)',
  async run() {
    const ready = vgg16Ready();
    if (typeof ready !== 'string') return ready;
    const keras = ensureKerasFile();
    const server = await startServer();
    try {
      const h5 = compare('summary', VGG16_FILE, `${server.url}/vgg16_like.h5`, []);
      const rows = [
        { what: 'total params over HTTP (summary JSON)', value: h5.json.total_params, target: String(VGG16_PARAMS), ok: h5.json.total_params === VGG16_PARAMS },
        { what: '.h5 summary over HTTP: MB read', value: f(h5.transfer.bytes / MB, 2), target: '<= 2', ok: h5.transfer.bytes <= 2 * MB },
        { what: '.h5 summary over HTTP: requests', value: h5.transfer.requests, target: '<= 40', ok: h5.transfer.requests <= 40 },
        { what: '.h5 summary wall, file / URL (s)', value: `${f(h5.local.seconds, 3)} / ${f(h5.remote.seconds, 3)}` },
        { what: '.h5 summary URL / file wall ratio', value: f(h5.remote.seconds / h5.local.seconds, 2), target: '<= 2', ok: h5.remote.seconds <= 2 * h5.local.seconds },
      ];
      if (!keras) return { rows: [...rows, { what: '.keras audit', value: 'skipped (BENCH_PYTHON has no Keras 3 to write the file)' }] };
      const k = compare('audit', KERAS_FILE, `${server.url}/vgg16.keras`, []);
      const python = process.env.BENCH_PYTHON ?? 'python3';
      const member = (name) => Number(spawnSync(python, ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo(sys.argv[2]).compress_size)', KERAS_FILE, name], { encoding: 'utf8' }).stdout);
      const configBytes = member('config.json');
      rows.push(
        { what: '.keras size (MB)', value: f(statSync(KERAS_FILE).size / 1e6, 1) },
        { what: '.keras audit over HTTP: MB read (config.json: MB)', value: `${f(k.transfer.bytes / MB, 2)} (${f(configBytes / MB, 2)})`, target: '<= 2 + config', ok: k.transfer.bytes <= 2 * MB + configBytes },
        { what: '.keras audit over HTTP: requests', value: k.transfer.requests },
        { what: '.keras audit wall, file / URL (s)', value: `${f(k.local.seconds, 3)} / ${f(k.remote.seconds, 3)}` },
        loadRow(),
      );
      return { rows };
    } finally {
      server.stop();
    }
  },
};

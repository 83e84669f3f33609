// Round trips of `kerascope convert` over the shared ground truth (the seed model, fixtures-h5, the
// models real Keras 3 built in keras3/generated, and corpus): each convertible case goes to TensorFlow.js and to .keras; tfjs-layers loads every tfjs
// output (layer count, parameter count, each layer's output shape, every weight), and our readers read every output back (same
// layer rows and totals). Used by the conformance suite `convert` and by scripts/verify-convert.mjs,
// which adds real Keras 3 loading the .keras outputs.
import './tfjs-cpu.mjs';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertModel, openModelFile, readModel, summarize } from '../../dist/index.js';
import { corpusEntries, NOT_MODELS } from './corpus.mjs';
import { caseFolders } from './case-folders.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function kind(path) {
  try {
    const raw = await openModelFile(path);
    await raw.weights?.close();
    return raw.config === null ? 'weights' : raw.weights ? 'model' : 'config';
  } catch {
    return 'none';
  }
}

/**
 * `{id, input, weights?, expectedTotal?, refusal?, kinds?}` for every shared model file and corpus
 * folder: `refusal` (`{codes, message}`) is how convert must refuse it, `kinds` says what it holds
 * when that is not a whole model (one without a `refusal` fails: it does not open).
 */
export async function convertCases(shared) {
  const out = [{ id: 'seed/cifar10_cnn.h5', input: join(root, 'fixtures/cifar10_cnn.h5'), expectedTotal: 1250858 }];
  const manifestPath = join(shared, 'fixtures-h5/MANIFEST.json');
  if (existsSync(manifestPath)) {
    // every fixture is a case: one that is not a whole model must be refused as its manifest says
    for (const f of JSON.parse(readFileSync(manifestPath, 'utf8')).files) {
      const input = join(shared, 'fixtures-h5', f.file);
      const k = await kind(input);
      out.push({ id: `fixtures-h5/${f.file}`, input, expectedTotal: f.expected?.total_params ?? undefined, refusal: fixtureRefusal(f), ...(k === 'model' ? {} : { kinds: k }) });
    }
  }
  // models built and saved by real Keras 3 (their .keras archives), with the total Keras printed;
  // keras3/modern: quantized, LoRA, dtype policies, dict inputs
  for (const { folder, name, dir } of caseFolders(shared, ['keras3/generated', 'keras3/modern'])) {
    const input = join(dir, 'model.keras');
    if (!existsSync(input)) continue;
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    out.push({ id: `${folder}/${name}`, input, expectedTotal: expected.total_params });
  }
  // every corpus folder is a case: one whose files hold no model must be refused as its source.json says
  for (const { name, dir, source } of corpusEntries(shared)) {
    const files = readdirSync(dir).filter((f) => !NOT_MODELS.has(f) && !f.endsWith('.bin'));
    const kinds = await Promise.all(files.map(async (f) => [f, await kind(join(dir, f))]));
    const model = kinds.find(([, k]) => k === 'model');
    const config = kinds.find(([, k]) => k === 'config');
    const weights = kinds.find(([, k]) => k === 'weights');
    // a subclassed model saves no layer list: refusing it is the one right outcome
    if (model && /SUBCLASSED/i.test(source.notes ?? '')) out.push({ id: `corpus/${name}`, input: join(dir, model[0]), refusal: { codes: ['E_UNSUPPORTED'], message: /is a subclassed "\w+" whose config has no layer list/ } });
    else if (model) out.push({ id: `corpus/${name}`, input: join(dir, model[0]) });
    else if (config && weights) out.push({ id: `corpus/${name}`, input: join(dir, config[0]), weights: join(dir, weights[0]) });
    else out.push({ id: `corpus/${name}`, input: join(dir, files[0] ?? ''), refusal: NO_MODEL_KINDS.find(([re]) => re.test(source.kind))?.[1], kinds: kinds.map((k) => k.join(': ')).join(', ') || 'no files' });
  }
  return out;
}

/**
 * The refusal a fixture's manifest calls for: a broken file, a weights-only one, a hostile archive,
 * or a layer whose stored weights do not fit it (wrong shape, missing), named.
 */
function fixtureRefusal(f) {
  const findings = f.expected?.findings ?? [];
  if (f.format === 'broken') return { codes: ['E_TRUNCATED', 'E_EMPTY', 'E_NOT_A_MODEL'], message: /./ };
  if (f.expected?.total_params === null) return { codes: ['E_UNSUPPORTED'], message: /holds weights only/ };
  if (findings.some((t) => t.startsWith('zip member'))) return { codes: ['E_UNSAFE_ARCHIVE', 'E_LIMIT'], message: /^refusing the archive: zip member/ };
  const layer = findings.map((t) => /^weight ([^/\s]+)\/\S+ (shape mismatch|missing|listed in weight_names but dataset missing)/.exec(t)?.[1]).find(Boolean);
  return layer && { codes: ['E_UNSUPPORTED'], message: new RegExp(`^layer "${layer}" .*: the stored weights .* do not match the weights the layer builds`) };
}

/** source.json kinds of corpus folders that hold no model to convert → the refusal convert must give. */
const NO_MODEL_KINDS = [
  [/^not-keras/, { codes: ['E_NOT_A_MODEL'], message: /not a Keras model file/ }],
  [/^arch-json-only$/, { codes: ['E_UNSUPPORTED'], message: /holds no weights/ }],
  [/weights-only(-h5)?$/, { codes: ['E_UNSUPPORTED'], message: /holds weights only/ }],
];

/** A case that must be refused (or holds no model): `[]` when convert refuses it as expected, else the problems. */
export async function refusalProblems(c, to, out) {
  if (!c.refusal) return [`does not open as a model (${c.kinds})`];
  const want = `${c.refusal.codes.join('|')} ${c.refusal.message}`;
  try {
    await convertModel(c.input, { to, out, weights: c.weights });
  } catch (e) {
    if (c.refusal.codes.includes(e?.code) && c.refusal.message.test(e.message)) return [];
    return [`refused with ${e?.code} ${e?.message}, want ${want}`];
  }
  return [`converted, want the refusal ${want}`];
}

/**
 * The summary and every stored tensor (by layer and position) of a model as our readers read it,
 * with the config as the file stores it and each layer's input shapes (nested models' layers too).
 */
export async function readValues(path, weights) {
  const m = await readModel(path, weights ? { weights } : {});
  try {
    const vals = new Map();
    for (const [layer, tensors] of m.weightMatch.byLayer) for (const [i, t] of tensors.entries()) vals.set(`${layer}/${i}`, await m.raw.weights.read(t.path));
    const inputs = new Map();
    const visit = (analysis) => analysis.layers.forEach((a) => {
      if (!inputs.has(a.node.name) && a.callInputs[0]?.length === 1) inputs.set(a.node.name, a.callInputs[0][0]);
      if (a.inner) visit(a.inner);
    });
    visit(m.analysis);
    return { s: summarize(m), vals, config: m.raw.config, inputs };
  } finally {
    await m.raw.weights?.close();
  }
}

const rowsOf = (s) => JSON.stringify(s.layers.map((l) => [l.name, l.class_name, l.output_shape, l.params]));
const same = (a, b) => a && b && a.length === b.length && a.every((x, i) => Object.is(Math.fround(Number(x)), Math.fround(Number(b[i]))) || (Number.isNaN(x) && Number.isNaN(b[i])));

async function tfjsProblems(folder, orig, keras1) {
  const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
  const g = json.weightsManifest[0];
  const bytes = Buffer.concat(g.paths.map((p) => readFileSync(join(folder, p))));
  const model = await tfl.loadLayersModel({ load: async () => ({ modelTopology: json.modelTopology, weightSpecs: g.weights, weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }) }, { strict: true });
  const problems = [];
  if (model.countParams() !== orig.s.total_params) problems.push(`tfjs countParams ${model.countParams()} vs ${orig.s.total_params}`);
  if (model.layers.length !== orig.s.layers.length) problems.push(`tfjs layers ${model.layers.length} vs ${orig.s.layers.length}`);
  // by layer and position (tfjs keeps Keras' weight order per layer; its own names differ for wrappers);
  // Keras 1 layouts are rewritten on the way, so their values are compared by the converter's own tests
  for (const l of orig.s.layers) {
    const layer = model.layers.find((x) => x.name === l.name);
    if (!layer) {
      problems.push(`tfjs has no layer ${l.name}`);
      continue;
    }
    // the shape tfjs-layers works out for the layer's last call, as the summary shows it
    const outs = layer.inboundNodes.at(-1)?.outputShapes;
    const shape = outs?.length === 1 ? outs[0] : outs;
    if (l.output_shape !== null && JSON.stringify(shape) !== JSON.stringify(l.output_shape)) problems.push(`tfjs ${l.name}: output shape ${JSON.stringify(shape)} vs ${JSON.stringify(l.output_shape)}`);
    if (!(l.weights ?? []).length) continue;
    // tfjs lists a nested model's weights trainable first; they are matched by name (`<inner layer>/<weight>`;
    // a wrapper's, `time_distributed/dense/kernel`, tfjs calls `time_distributed/kernel`)
    const inner = Array.isArray(layer.layers) ? new Map(layer.weights.map((w) => [w.originalName, w.read().dataSync()])) : null;
    const outerAndLast = (name) => name.split('/').filter((_, i, parts) => i === 0 || i === parts.length - 1).join('/');
    const got = inner ? l.weights.map((w) => inner.get(w.name) ?? inner.get(outerAndLast(w.name))).filter((v) => v !== undefined) : layer.getWeights().map((t) => t.dataSync());
    if (got.length !== l.weights.length) problems.push(`tfjs ${l.name}: ${got.length} weights vs ${l.weights.length}`);
    else if (!keras1) got.forEach((v, i) => same(v, orig.vals.get(`${l.name}/${i}`)) || problems.push(`tfjs ${l.name}[${i}] values differ`));
  }
  model.dispose();
  return problems;
}

/**
 * Converts `c` to `to` under `out` and checks the output; resolves to
 * `{ok: true}`, `{refused: reason}` (E_UNSUPPORTED: the target cannot express it) or `{problems}`.
 */
export async function roundTrip(c, to, out, orig) {
  const keras1 = orig.s.keras_version?.startsWith?.('1') ?? false;
  try {
    await convertModel(c.input, { to, out, weights: c.weights });
  } catch (e) {
    if (e?.code === 'E_UNSUPPORTED') return { refused: e.message };
    return { problems: [`${e?.code ?? ''} ${e?.message ?? e}`.trim()] };
  }
  const back = await readValues(to === 'tfjs' ? join(out, 'model.json') : out);
  const problems = [];
  // the fixture manifest's total (what Keras printed), where known: independent of our readers
  if (c.expectedTotal !== undefined && back.s.total_params !== c.expectedTotal) problems.push(`read back: total ${back.s.total_params}, Keras says ${c.expectedTotal}`);
  if (rowsOf(back.s) !== rowsOf(orig.s)) problems.push('read back: layer rows differ');
  if (back.s.total_params !== orig.s.total_params) problems.push(`read back: total ${back.s.total_params} vs ${orig.s.total_params}`);
  // every stored tensor, by layer and position, bit for bit (Keras 1 layouts are rewritten on the way)
  if (!keras1) {
    for (const [key, want] of orig.vals) if (!same(back.vals.get(key), want)) problems.push(`read back: ${key} values differ`);
    if (back.vals.size !== orig.vals.size) problems.push(`read back: ${back.vals.size} tensors vs ${orig.vals.size}`);
  }
  if (to === 'tfjs') {
    try {
      problems.push(...(await tfjsProblems(out, orig, keras1)));
    } catch (e) {
      problems.push(`tfjs-layers cannot load the output: ${String(e?.message ?? e).split('\n')[0]}`);
    }
  }
  return problems.length ? { problems } : { ok: true };
}

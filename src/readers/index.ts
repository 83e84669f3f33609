import { ErrorCode, KerascopeError, isKerascopeError } from '../errors.js';
import { DEFAULT_LIMITS, SNIFF_BYTES } from './limits.js';
import { looksLikeJsonObject, looksLikeJsonString, readJsonObject, readJsonStringObject } from './json.js';
import { isKerasConfigJson, kerasJsonModel } from './keras-json.js';
import { isTfjsModelJson, tfjsModel } from './tfjs.js';
import { findZipEnd, isZip, type ZipEnd } from './zip.js';
import { isShardedWeightsIndex, shardedWeightsModel } from './keras-sharded.js';
import { kerasArchiveModel } from './keras-v3.js';
import { fileContext, fileSource, type SourceContext } from './source.js';
import { findHdf5Signature, openKerasHdf5, readKerasHdf5Config } from './hdf5/index.js';
import { describeContent } from './content-hints.js';
import { looksLikeUrl } from './http/url.js';
import { urlContext } from './http/source.js';
import { openPresetFolder } from './preset.js';
import { statSync } from 'node:fs';
import type { OpenOptions, OtherReading, RawModel } from './types.js';

export type { ArchiveProblem } from './zip.js';
export type { RawModel, OtherReading, OpenOptions, WeightStore, StoredLayer, StoredTensor, FormatId, DType } from './types.js';

/**
 * Opens any supported model file, sniffing its content (never its extension).
 * Precedence: a zip that is a Keras archive (found by its first bytes, or by its end record as
 * Python's zipfile finds it), then HDF5 (a signature at 0, 512, 1024, … as h5py searches), then JSON
 * by its keys: a tfjs `model.json` has `modelTopology`; a `to_json()` config has `class_name` +
 * `config`; a Keras 3 sharded weights index has `weight_map` + `metadata`; a file that is one JSON
 * string is a `to_json()` config encoded twice (`json.dump(model.to_json(), f)`). Keras picks a
 * loader by the file's name, so a file two readers claim is read both ways: the first is the model,
 * the others are kept in `otherReadings`, whose configs the audit checks too.
 * An http(s) URL is read where it lives, with Range requests (readers/http/); a folder is read as a
 * KerasHub preset (preset.ts).
 */
export async function openModelFile(path: string, options: Partial<OpenOptions> = {}): Promise<RawModel> {
  const opts: OpenOptions = { limits: DEFAULT_LIMITS, ...options };
  // A folder is a KerasHub preset or nothing (fileSource names the other non-files).
  if (!looksLikeUrl(path) && isDirectory(path)) return openPresetFolder(path, opts);
  const url = looksLikeUrl(path) ? await urlContext(path, opts.http) : null;
  const source = url ? url.ctx.source : await fileSource(path);
  try {
    if (url) return { ...(await openFromContext(url.ctx, opts)), transfer: url.transfer };
    return await openFromContext(fileContext(source, path), opts);
  } finally {
    // Readers that keep the file open for lazy reads take their own handle.
    await source.close();
  }
}

export async function openFromContext(ctx: SourceContext, opts: OpenOptions): Promise<RawModel> {
  const { source } = ctx;
  if (source.size === 0) throw new KerascopeError(ErrorCode.Empty, 'file is empty', source.name);
  const head = await source.read(0, SNIFF_BYTES);
  const hdf5At = await findHdf5Signature(source, head);
  // A zip by its first bytes, or else by an end record (found once, handed on to the zip reader).
  const zipAtStart = isZip(head);
  const zipEnd = zipAtStart ? null : await findZipEnd(source);
  if (zipAtStart || zipEnd) {
    const archive = await openArchive(ctx, opts, zipEnd, hdf5At >= 0);
    if (archive && 'meta' in archive) {
      return hdf5At < 0 ? archive : withOtherReading(archive, await readAs('hdf5', hdf5At, () => readKerasHdf5Config(source, opts)));
    }
    if (archive) return withOtherReading(await openKerasHdf5(source, opts), archive);
  }
  if (hdf5At >= 0) return openKerasHdf5(source, opts);
  if (looksLikeJsonObject(head)) {
    const obj = await readJsonObject(source, opts.limits.maxJsonBytes);
    const keras = isKerasConfigJson(obj);
    if (isTfjsModelJson(obj)) {
      const tfjs = await tfjsModel(obj, ctx, opts);
      return keras ? withOtherReading(tfjs, await readAs('json', 0, async () => kerasJsonModel(obj, source.name))) : tfjs;
    }
    if (keras) return kerasJsonModel(obj, source.name);
    if (isShardedWeightsIndex(obj)) return shardedWeightsModel(obj, ctx, opts);
    throw new KerascopeError(ErrorCode.NotAModel, 'JSON object is neither a Keras model config (class_name/config) nor a TensorFlow.js model.json (modelTopology)', source.name);
  }
  if (looksLikeJsonString(head)) {
    const obj = await readJsonStringObject(source, opts.limits.maxJsonBytes);
    if (!isKerasConfigJson(obj)) throw new KerascopeError(ErrorCode.NotAModel, 'a JSON string that holds no Keras model config (class_name/config)', source.name);
    const raw = kerasJsonModel(obj, source.name);
    return { ...raw, meta: { ...raw.meta, jsonEncodedTwice: true } };
  }
  throw new KerascopeError(ErrorCode.NotAModel, describeUnknown(head, source.name), source.name);
}

/**
 * The file as a `.keras` archive. A zip found only by its end record, in a file that is also HDF5,
 * is an archive only when its directory opens and lists a config: a weight tensor whose bytes merely
 * contain the record's signature is no archive (Python's zipfile could not open it either), and an
 * archive refused for another reason (a limit) is kept as an unread other reading.
 */
async function openArchive(ctx: SourceContext, opts: OpenOptions, foundByEnd: ZipEnd | null, alsoHdf5: boolean): Promise<RawModel | OtherReading | null> {
  try {
    return await kerasArchiveModel(ctx, opts, foundByEnd ?? undefined);
  } catch (e) {
    if (!foundByEnd || !isKerascopeError(e)) throw e;
    if (e.code === ErrorCode.NotAModel || e.code === ErrorCode.Corrupt) return null;
    if (!alsoHdf5) throw e;
    return { container: 'zip', offset: 0, config: null, error: `${e.message} [${e.code}]` };
  }
}

/** The same bytes read as another container: its config (for the audit), or why it did not open. */
async function readAs(container: OtherReading['container'], offset: number, open: () => Promise<Pick<RawModel, 'format' | 'config' | 'trainingConfig'>>): Promise<OtherReading> {
  try {
    const raw = await open();
    return { container, offset, format: raw.format, config: raw.config, trainingConfig: raw.trainingConfig };
  } catch (e) {
    if (!isKerascopeError(e)) throw e;
    return { container, offset, config: null, error: `${e.message} [${e.code}]` };
  }
}

function withOtherReading(raw: RawModel, other: OtherReading): RawModel {
  return { ...raw, otherReadings: [...(raw.otherReadings ?? []), other] };
}

function describeUnknown(head: Uint8Array, name: string): string {
  const hint = describeContent(head, name);
  if (hint) return `not a Keras model file: ${hint}`;
  // Only text can be JSON: random or binary bytes that happen to start with a digit are not.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, 64), { stream: true }); // a cut last character is fine
  } catch {
    text = '';
  }
  if (!/[\x00-\x08\x0e-\x1f]/.test(text) && /^\s*[[\d"tfn-]/.test(text)) return 'JSON that is not an object: not a Keras model config';
  return 'not a Keras model file (no HDF5, zip or JSON signature)';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// Keras 3 (and tf.keras 2.13+) `.keras` archives: a zip of metadata.json, config.json,
// model.weights.h5 (or .npz) and assets/ (keras-formats.md §6). The JSON members are read in
// memory, a stored weights member in place (a region of the archive); names are checked, never
// used as paths.
import { ErrorCode, KerascopeError } from '../errors.js';
import { parseJsonObject } from './json.js';
import { openKeras3WeightsH5 } from './keras-v3-weights.js';
import type { SourceContext } from './source.js';
import type { OpenOptions, RawModel } from './types.js';
import { bufferSource } from './source.js';
import { extraMembers } from './extra-members.js';
import { openZip, type ArchiveProblem, type ZipArchive, type ZipEnd, type ZipEntry } from './zip.js';

const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS_H5 = 'model.weights.h5';
const WEIGHTS_NPZ = 'model.weights.npz';

export interface ArchiveMember {
  name: string;
  size: number;
  compressedSize: number;
  stored: boolean;
}

/** `end`: the archive's end record, when the caller has found it already (readers/index.ts). */
export async function kerasArchiveModel(ctx: SourceContext, options: OpenOptions, end?: ZipEnd): Promise<RawModel> {
  const file = ctx.source.name;
  const zip = await openZip(ctx.source, options.limits, end);
  const refuse = options.archiveProblems !== 'report';
  const check = () => {
    if (refuse && zip.problems.length > 0) {
      const p = zip.problems[0];
      throw new KerascopeError(p.code === 'size-mismatch' || p.code === 'compression-ratio' ? ErrorCode.LimitExceeded : ErrorCode.UnsafeArchive, `refusing the archive: ${p.message}`, file);
    }
  };
  check();
  const configEntry = zip.find(CONFIG);
  if (!configEntry) {
    throw new KerascopeError(ErrorCode.NotAModel, `zip archive has no ${CONFIG}: not a Keras .keras archive`, file);
  }
  const config = await readJson(zip, configEntry, options, file);
  const metaEntry = zip.find(METADATA);
  const metadata = metaEntry ? await readJson(zip, metaEntry, options, file) : undefined;
  check();
  if (typeof config.class_name !== 'string') {
    throw new KerascopeError(ErrorCode.BadConfig, `${CONFIG} has no "class_name": not a Keras model config`, file);
  }
  const weightsEntry = zip.find(WEIGHTS_H5) ?? zip.find(WEIGHTS_NPZ);
  const weights = weightsEntry?.name === WEIGHTS_H5 ? await openWeights(zip, weightsEntry, options, file) : undefined;
  check();
  const extra = options.memberScan ? await extraMembers(zip, (name) => name === CONFIG || name === METADATA || name === weightsEntry?.name, options.limits) : [];
  const kerasVersion = typeof metadata?.keras_version === 'string' ? metadata.keras_version : undefined;
  return {
    format: 'keras-v3',
    file,
    config,
    kerasVersion,
    trainingConfig: config.compile_config ?? undefined,
    weights,
    ...(extra.length ? { extraMembers: extra } : {}),
    meta: {
      metadata,
      members: zip.entries.map(member),
      weightsMember: weightsEntry ? member(weightsEntry) : undefined,
      assets: zip.entries.filter((e) => e.name.startsWith('assets/') && !e.name.endsWith('/')).map(member),
      archiveProblems: zip.problems satisfies ArchiveProblem[],
    },
  };
}

async function readJson(zip: ZipArchive, entry: ZipEntry, options: OpenOptions, file: string): Promise<Record<string, unknown>> {
  const bytes = await zip.read(entry, options.limits.maxJsonBytes);
  return parseJsonObject(bytes, `${file}!${entry.name}`);
}

/** A stored member is opened in place; a deflated one is inflated into memory first. */
async function openWeights(zip: ZipArchive, entry: ZipEntry, options: OpenOptions, file: string) {
  const inPlace = await zip.rangeSource(entry);
  if (inPlace) return openKeras3WeightsH5(inPlace, options);
  const bytes = await zip.read(entry, options.limits.maxWeightsBytes);
  return openKeras3WeightsH5(bufferSource(`${file}!${entry.name}`, bytes), options);
}

function member(e: ZipEntry): ArchiveMember {
  return { name: e.name, size: e.size, compressedSize: e.compressedSize, stored: e.method === 0 };
}

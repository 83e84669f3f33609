// A KerasHub preset folder (what `model.save_to_preset(dir)` writes and Kaggle / Hugging Face
// serve): `config.json` (the backbone's or task's serialized config), `metadata.json` (keras and
// keras_hub versions, parameter count), `model.weights.h5`, and the configs a loader also
// deserializes beside the model: `tokenizer.json`, `preprocessor.json`, `task.json`,
// `image_converter.json`, …, plus `assets/` (vocabularies, sentencepiece protos). Read as one
// model: its config and weights as a `.keras` archive holds them; every other JSON config is kept
// in `companions` for the security walk. A large preset's sharded weights (`model.weights.json` +
// `model_NNNNN.weights.h5`) are read as the sharded reader reads them.
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, KerascopeError } from '../errors.js';
import { readJsonObject } from './json.js';
import { openKeras3WeightsH5 } from './keras-v3-weights.js';
import { fileContext, fileSource, type SourceContext } from './source.js';
import { shardedWeightsModel } from './keras-sharded.js';
import type { OpenOptions, RawModel } from './types.js';

const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS_H5 = 'model.weights.h5';
const SHARDED_INDEX = 'model.weights.json';
/** Entries of a preset folder (and of its assets/) looked at; a preset has a handful. */
const MAX_PRESET_ENTRIES = 10_000;
/** How deep under assets/ a preset's files are listed. */
const MAX_ASSET_DEPTH = 4;

/**
 * A preset folder's files, wherever they are: on disk (presetOnDisk), or dropped together in a
 * page (blob-source.ts). `files` are relative to the folder, sorted: the top level and assets/.
 */
export interface PresetFolder {
  /** the folder as given (messages, RawModel.file) */
  name: string;
  files: string[];
  /** one of its files, its siblings beside it (the caller closes the source) */
  open(relative: string): Promise<SourceContext>;
}

/** What makes a folder a preset: config.json beside KerasHub's metadata.json or the model weights. */
export function looksLikePreset(has: (name: string) => boolean): boolean {
  return has(CONFIG) && (has(METADATA) || has(WEIGHTS_H5) || has(SHARDED_INDEX));
}

/** Whether a file, by its path relative to a preset folder, is one of the preset's (presetOnDisk lists the same). */
export function inPresetListing(relative: string): boolean {
  const parts = relative.split('/');
  return parts.length === 1 || (parts[0] === 'assets' && parts.length <= MAX_ASSET_DEPTH + 1);
}

/** A folder on disk that is a preset. */
export function isPresetFolder(dir: string): boolean {
  return looksLikePreset((name) => {
    try {
      return statSync(join(dir, name)).isFile();
    } catch {
      return false;
    }
  });
}

export async function openPresetFolder(dir: string, options: OpenOptions): Promise<RawModel> {
  return openPreset(await presetOnDisk(dir), options);
}

export async function openPreset(folder: PresetFolder, options: OpenOptions): Promise<RawModel> {
  const { name: dir, files } = folder;
  if (files.length > MAX_PRESET_ENTRIES) throw new KerascopeError(ErrorCode.LimitExceeded, `preset folder holds more than ${MAX_PRESET_ENTRIES} files`, dir);
  if (!files.includes(CONFIG)) {
    throw new KerascopeError(ErrorCode.NotAFile, `is a folder but not a KerasHub preset: no ${CONFIG} (a preset holds ${CONFIG}, ${METADATA} and ${WEIGHTS_H5})`, dir);
  }
  const json = async (name: string) => {
    const { source } = await folder.open(name);
    try {
      return await readJsonObject(source, options.limits.maxJsonBytes);
    } finally {
      await source.close();
    }
  };
  const config = await json(CONFIG);
  if (typeof config.class_name !== 'string') {
    throw new KerascopeError(ErrorCode.NotAModel, `folder is not a KerasHub preset: ${CONFIG} has no "class_name" (not a Keras config)`, dir);
  }
  const metadata = files.includes(METADATA) ? await json(METADATA) : undefined;
  const companions: { name: string; config: unknown }[] = [];
  for (const name of files) {
    if (name === CONFIG || name === METADATA || name === SHARDED_INDEX || !name.endsWith('.json') || name.includes('/')) continue;
    companions.push({ name, config: await json(name) });
  }
  let weights;
  let sharded: RawModel | undefined;
  let weightsFile: string | undefined;
  if (files.includes(WEIGHTS_H5)) {
    const { source } = await folder.open(WEIGHTS_H5);
    try {
      weights = await openKeras3WeightsH5(source, options);
    } finally {
      // the store pages the file through a handle of its own
      await source.close();
    }
  } else if (files.includes(SHARDED_INDEX)) {
    // large presets: the index and its shards, read as `--weights model.weights.json` reads them
    const ctx = await folder.open(SHARDED_INDEX);
    weightsFile = ctx.source.name;
    try {
      sharded = await shardedWeightsModel(await readJsonObject(ctx.source, options.limits.maxJsonBytes), ctx, options);
    } finally {
      await ctx.source.close();
    }
  }
  const kerasVersion = typeof metadata?.keras_version === 'string' ? metadata.keras_version : undefined;
  return {
    format: 'keras-hub-preset',
    file: dir,
    config,
    kerasVersion,
    trainingConfig: config.compile_config ?? undefined,
    weights: weights ?? sharded?.weights,
    companions,
    meta: { metadata, files, ...(sharded ? { weightsFile, weightsMeta: sharded.meta } : {}) },
  };
}

/** A folder on disk: its files (top level and under assets/), relative paths sorted. */
async function presetOnDisk(dir: string): Promise<PresetFolder> {
  const files: string[] = [];
  const walk = async (rel: string) => {
    for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
      if (files.length >= MAX_PRESET_ENTRIES) throw new KerascopeError(ErrorCode.LimitExceeded, `preset folder holds more than ${MAX_PRESET_ENTRIES} files`, dir);
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isFile()) files.push(path);
      else if (e.isDirectory() && inPresetListing(`${path}/-`)) await walk(path);
    }
  };
  await walk('');
  const open = async (rel: string) => {
    const path = join(dir, rel);
    return fileContext(await fileSource(path), path);
  };
  return { name: dir, files: files.sort(), open };
}

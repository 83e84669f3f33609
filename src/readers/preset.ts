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
import { fileContext, fileSource } from './source.js';
import { shardedWeightsModel } from './keras-sharded.js';
import type { OpenOptions, RawModel } from './types.js';

const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS_H5 = 'model.weights.h5';
const SHARDED_INDEX = 'model.weights.json';
/** Entries of a preset folder (and of its assets/) looked at; a preset has a handful. */
const MAX_PRESET_ENTRIES = 10_000;

/** A folder holding config.json beside KerasHub's metadata.json or the model weights. */
export function isPresetFolder(dir: string): boolean {
  const isFile = (name: string) => {
    try {
      return statSync(join(dir, name)).isFile();
    } catch {
      return false;
    }
  };
  return isFile(CONFIG) && (isFile(METADATA) || isFile(WEIGHTS_H5) || isFile(SHARDED_INDEX));
}

export async function openPresetFolder(dir: string, options: OpenOptions): Promise<RawModel> {
  const files = await listPreset(dir);
  if (!files.includes(CONFIG)) {
    throw new KerascopeError(ErrorCode.NotAFile, `is a folder but not a KerasHub preset: no ${CONFIG} (a preset holds ${CONFIG}, ${METADATA} and ${WEIGHTS_H5})`, dir);
  }
  const json = async (name: string) => {
    const source = await fileSource(join(dir, name));
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
  if (files.includes(WEIGHTS_H5)) {
    const source = await fileSource(join(dir, WEIGHTS_H5));
    try {
      weights = await openKeras3WeightsH5(source, options);
    } finally {
      // the store pages the file through a handle of its own
      await source.close();
    }
  } else if (files.includes(SHARDED_INDEX)) {
    // large presets: the index and its shards, read as `--weights model.weights.json` reads them
    const path = join(dir, SHARDED_INDEX);
    const source = await fileSource(path);
    try {
      sharded = await shardedWeightsModel(await readJsonObject(source, options.limits.maxJsonBytes), fileContext(source, path), options);
    } finally {
      await source.close();
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
    meta: { metadata, files, ...(sharded ? { weightsFile: join(dir, SHARDED_INDEX), weightsMeta: sharded.meta } : {}) },
  };
}

/** The folder's files (top level and under assets/), relative paths sorted. */
async function listPreset(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string, depth: number) => {
    for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
      if (out.length >= MAX_PRESET_ENTRIES) throw new KerascopeError(ErrorCode.LimitExceeded, `preset folder holds more than ${MAX_PRESET_ENTRIES} files`, dir);
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isFile()) out.push(path);
      else if (e.isDirectory() && depth < 4 && (rel !== '' || e.name === 'assets')) await walk(path, depth + 1);
    }
  };
  await walk('', 0);
  return out.sort();
}

// Keras 3 sharded weights (`save_weights("x.weights.json", max_shard_size=...)`, saving_lib
// `ShardedH5IOStore`): a JSON index `{"metadata": {"total_size": N}, "weight_map": {"/layers/dense/vars":
// ["x_00000.weights.h5"] or "x_00000.weights.h5", …}}` beside shards `x_00000.weights.h5`, … that hold
// the same group paths as one `.weights.h5`. A layer's vars may be split over two shards (`vars/0-6`
// in one, `vars/7` in the next). Each shard is opened in turn for its descriptors and keeps its own
// lazy store: tensor bytes are read from the one shard that holds them, when asked.
import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ErrorCode, KerascopeError } from '../errors.js';
import { isObject } from './json.js';
import { openHdf5Weights } from './hdf5/index.js';
import type { SourceContext } from './source.js';
import type { OpenOptions, RawModel, StoredLayer, StoredTensor, WeightStore } from './types.js';
import { unsafeEntryName } from './zip.js';
import { MAX_ZIP_ENTRIES } from './limits.js';

type JsonObject = Record<string, unknown>;

/** A shard the index names that is not there, or a shard beside the index that it does not name. */
export interface ShardProblem {
  code: 'missing-shard' | 'unindexed-shard';
  shard: string;
  message: string;
}

/** The index's own keys: a weight_map object and a metadata object, and nothing of a model config. */
export function isShardedWeightsIndex(obj: JsonObject): boolean {
  return isObject(obj.weight_map) && isObject(obj.metadata) && !('class_name' in obj) && !('modelTopology' in obj);
}

/** The shard files an index names, in first-mention order. */
function shardNames(index: JsonObject, file: string): string[] {
  const names = new Set<string>();
  for (const [group, v] of Object.entries(index.weight_map as JsonObject)) {
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
      throw new KerascopeError(ErrorCode.Corrupt, `weights index: "${group}" does not name a shard file or a list of them`, file);
    }
    for (const s of list as string[]) {
      const unsafe = unsafeEntryName(s) ?? (s.includes('/') || s.includes('\\') ? 'not a file beside the index' : null);
      if (unsafe) throw new KerascopeError(ErrorCode.UnsafeArchive, `weights index: shard ${JSON.stringify(s)} is refused (${unsafe})`, file);
      names.add(s);
      if (names.size > MAX_ZIP_ENTRIES) throw new KerascopeError(ErrorCode.LimitExceeded, `weights index names more than ${MAX_ZIP_ENTRIES} shards`, file);
    }
  }
  return [...names];
}

/** Files beside the index that look like its shards (`<base>_NNNNN.weights.h5`) but that it does not name. */
function unindexedShards(file: string, named: readonly string[]): string[] {
  const base = basename(file).replace(/\.weights\.json$/, '');
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_\\d{5}\\.weights\\.h5$`);
  let entries: string[];
  try {
    entries = readdirSync(dirname(file));
  } catch {
    return [];
  }
  return entries.filter((f) => pattern.test(f) && !named.includes(f)).sort();
}

export async function shardedWeightsModel(index: JsonObject, ctx: SourceContext, options: OpenOptions): Promise<RawModel> {
  const file = ctx.source.name;
  const names = shardNames(index, file);
  // (only a folder on disk can be listed: beside a URL or a dropped file, an unnamed shard is not seen)
  const beside = ctx.source.path ? unindexedShards(ctx.source.path, names) : [];
  const problems: ShardProblem[] = beside.map((shard) => ({ code: 'unindexed-shard', shard, message: `weights shard ${shard} lies beside the index but the index does not name it` }));
  // refused at the first problem, before (more) shards are opened for nothing
  const refuse = options.archiveProblems !== 'report';
  const refused = (p: ShardProblem) => new KerascopeError(p.code === 'missing-shard' ? ErrorCode.FileNotFound : ErrorCode.Corrupt, p.message, ctx.siblingPath(p.shard));
  if (refuse && problems.length) throw refused(problems[0]);
  const stores: { shard: string; store: WeightStore }[] = [];
  try {
    for (const shard of names) {
      const source = await ctx.openSibling(shard);
      if (!source) {
        const missing: ShardProblem = { code: 'missing-shard', shard, message: `weights shard ${shard} named by the index is missing` };
        if (refuse) throw refused(missing);
        problems.push(missing);
        continue;
      }
      try {
        stores.push({ shard, store: (await openHdf5Weights(source, options.hdf5 ?? 'auto')).store });
      } finally {
        await source.close();
      }
    }
    return {
      format: 'keras-v3-sharded-weights',
      file,
      config: null,
      weights: mergedStore(stores, file),
      meta: { shards: names, ...(problems.length ? { shardProblems: problems } : {}) },
    };
  } catch (e) {
    await Promise.all(stores.map((s) => s.store.close()));
    throw e;
  }
}

/** One store over the shards: a group split over shards is one group again, its tensors in index order. */
function mergedStore(stores: { shard: string; store: WeightStore }[], file: string): WeightStore {
  const owner = new Map<string, WeightStore>();
  const merge = (groups: StoredLayer[]): StoredLayer[] => {
    const byPath = new Map<string, StoredLayer>();
    for (const g of groups) {
      const seen = byPath.get(g.path);
      if (!seen) byPath.set(g.path, { ...g, tensors: [...g.tensors], missing: [...g.missing] });
      else {
        seen.tensors.push(...g.tensors);
        seen.missing.push(...g.missing);
        seen.objectName ??= g.objectName;
      }
    }
    for (const g of byPath.values()) g.tensors.sort((a, b) => varIndex(a) - varIndex(b));
    return [...byPath.values()];
  };
  for (const { store } of stores) {
    const all = [...store.layers, ...store.unlisted, ...(store.topLevel ? [store.topLevel] : [])].flatMap((l) => l.tensors);
    for (const t of [...all, ...store.optimizer]) {
      if (owner.has(t.path)) throw new KerascopeError(ErrorCode.Corrupt, `weights shards: tensor ${t.path} is stored in two shards`, file);
      owner.set(t.path, store);
    }
  }
  const top = merge(stores.flatMap(({ store }) => (store.topLevel ? [store.topLevel] : [])));
  const storeOf = (path: string): WeightStore => {
    const s = owner.get(path);
    if (!s) throw new KerascopeError(ErrorCode.Usage, `no stored tensor at ${path}`, file);
    return s;
  };
  return {
    layout: 'keras3',
    layers: merge(stores.flatMap(({ store }) => store.layers)),
    ...(top.length ? { topLevel: top[0] } : {}),
    unlisted: merge(stores.flatMap(({ store }) => store.unlisted)),
    optimizer: stores.flatMap(({ store }) => store.optimizer),
    notes: stores.flatMap(({ shard, store }) => store.notes.map((n) => `${shard}: ${n}`)),
    read: (path) => storeOf(path).read(path),
    stream: (path) => storeOf(path).stream(path),
    close: async () => {
      await Promise.all(stores.map((s) => s.store.close()));
    },
  };
}

/** `…/vars/7` → 7: the position Keras saved the variable at. */
function varIndex(t: StoredTensor): number {
  const m = /\/(\d+)$/.exec(t.path);
  return m ? Number(m[1]) : 0;
}

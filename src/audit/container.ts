// Container anomalies the readers noticed and let pass: archive members with unsafe names, bomb-like
// ratios or lying sizes (the zip reader lists them in `meta.archiveProblems` as `{code, entry,
// message}` when asked to report rather than refuse); weight shards missing from or not named by a
// sharded index (`meta.shardProblems`, likewise); weight names a legacy h5 lists without a
// dataset; groups its layer_names does not list.
import type { RawModel, WeightStore } from '../readers/types.js';
import { sizeOf } from '../types/shape.js';
import { relativeWeightName } from '../graph/stored-weights.js';
import type { Finding } from './finding.js';
import type { ShardProblem } from '../readers/keras-sharded.js';
import { isObject } from '../normalize/config-access.js';
import { lookupTable } from '../types/lookup.js';
import { FORMATS, type Container } from './formats.js';

type ArchiveCode = 'unsafe-archive-path' | 'archive-compression-ratio' | 'archive-size-mismatch' | 'archive-member-problem';

const ARCHIVE_CODES: Readonly<Record<string, ArchiveCode>> = lookupTable({
  'unsafe-name': 'unsafe-archive-path',
  'compression-ratio': 'archive-compression-ratio',
  'size-mismatch': 'archive-size-mismatch',
});

export function containerFindings(raw: RawModel): Finding[] {
  return [...readingFindings(raw), ...extensionFindings(raw), ...archiveFindings(raw), ...shardFindings(raw), ...(raw.weights ? storeFindings(raw.weights) : [])];
}

/** A sharded weights index's missing and stray shards, opened alone or as the weights beside a config. */
function shardFindings(raw: RawModel): Finding[] {
  const meta = isObject(raw.meta.weightsMeta) ? raw.meta.weightsMeta : raw.meta;
  const problems = Array.isArray(meta.shardProblems) ? (meta.shardProblems as ShardProblem[]) : [];
  return problems.map((p) => ({ code: p.code === 'missing-shard' ? 'missing-weight-shard' : 'unindexed-weight-shard', shard: p.shard }));
}

// What Keras' loaders take a file to be from its name (load_model / load_weights dispatch on it).
const CONTAINER_BY_EXTENSION: Readonly<Record<string, Container>> = lookupTable({ keras: 'zip', h5: 'hdf5', hdf5: 'hdf5', json: 'json' });

/** A name whose extension says another container than the bytes are: Keras would pick the wrong loader. */
function extensionFindings(raw: RawModel): Finding[] {
  const base = raw.file.slice(Math.max(raw.file.lastIndexOf('/'), raw.file.lastIndexOf('\\')) + 1);
  const extension = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1).toLowerCase() : '';
  const named = CONTAINER_BY_EXTENSION[extension];
  const container = FORMATS[raw.format].container;
  return named && named !== container ? [{ code: 'extension-mismatch', extension: `.${extension}`, container, named }] : [];
}

/** A file two readers claim: harmless when the other reading holds no config, a warning when it does. */
function readingFindings(raw: RawModel): Finding[] {
  const container = FORMATS[raw.format].container;
  return (raw.otherReadings ?? []).map((r) => {
    const where = { container, other: r.container, offset: r.offset, ...(r.format ? { otherFormat: r.format } : {}) };
    if (r.error !== undefined) return { code: 'polyglot-container', ...where, error: r.error };
    return { code: r.config === null ? 'ambiguous-container' : 'polyglot-container', ...where };
  });
}

function storeFindings(store: WeightStore): Finding[] {
  const out: Finding[] = [];
  for (const l of store.layers) {
    for (const w of l.missing) out.push({ code: 'dangling-weight-name', layer: l.name, weight: relativeWeightName(l.name, w) });
  }
  // Keras 3 files have no layer list: their extra groups (metric state) are not anomalies.
  if (store.layout === 'keras-legacy') {
    for (const g of store.unlisted) out.push({ code: 'unlisted-weight-group', group: g.path, params: g.tensors.reduce((n, t) => n + sizeOf(t.shape), 0) });
  }
  return out;
}

function archiveFindings(raw: RawModel): Finding[] {
  const problems = raw.meta.archiveProblems;
  if (!Array.isArray(problems)) return [];
  const out: Finding[] = [];
  for (const p of problems) {
    if (!p || typeof p !== 'object') continue;
    const { code, entry, message } = p as { code?: unknown; entry?: unknown; message?: unknown };
    if (typeof entry !== 'string') continue;
    out.push({
      code: (typeof code === 'string' && ARCHIVE_CODES[code]) || 'archive-member-problem',
      member: entry,
      detail: typeof message === 'string' ? message : `zip member ${entry}: ${String(code)}`,
    });
  }
  return out;
}

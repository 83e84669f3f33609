// A weights-only file summarized on its own: the stored layers and tensor sizes, as JSON
// (schemas/weights-summary.schema.json) and as a text table.
import type { RawModel, StoredLayer } from '../../readers/types.js';
import { countValues } from '../../graph/storage-tree.js';
import { metricParams, storedJson, storedParams, type StoredJson } from './json.js';
import { readableBytes, withCommas } from './numbers.js';
import { pyTuple } from './python-repr.js';

export interface WeightsSummaryJson {
  file: string;
  format: string;
  weights_only: true;
  keras_version?: string;
  backend?: string;
  layers: { name: string; path: string; params: number; bytes: number; stored: StoredJson[]; missing?: string[]; object_name?: string }[];
  unlisted: { name: string; path: string; params: number }[];
  stored_params: number;
  stored_bytes: number;
  optimizer_params: number;
  optimizer_tensors: number;
  /** values in the stored metric state (tf.keras 2.13-2.15), not model weights */
  metric_params?: number;
  notes?: string[];
}

export function weightsSummaryJson(raw: RawModel): WeightsSummaryJson {
  const store = raw.weights;
  const layers = store ? [...(store.topLevel?.tensors.length ? [store.topLevel] : []), ...store.layers] : [];
  const bytes = (l: StoredLayer) => l.tensors.reduce((n, t) => n + t.byteLength, 0);
  return {
    file: raw.file,
    format: raw.format,
    weights_only: true,
    ...(raw.kerasVersion ? { keras_version: raw.kerasVersion } : {}),
    ...(raw.backend ? { backend: raw.backend } : {}),
    layers: layers.map((l) => ({
      name: l.name,
      path: l.path,
      params: countValues(l.tensors),
      bytes: bytes(l),
      stored: l.tensors.map(storedJson),
      ...(l.missing.length ? { missing: l.missing } : {}),
      ...(l.objectName !== undefined ? { object_name: l.objectName } : {}),
    })),
    unlisted: (store?.unlisted ?? []).map((l) => ({ name: l.name, path: l.path, params: countValues(l.tensors) })),
    stored_params: store ? storedParams(store) : 0,
    stored_bytes: [...layers, ...(store?.unlisted ?? [])].reduce((n, l) => n + bytes(l), 0),
    optimizer_params: store ? countValues(store.optimizer) : 0,
    optimizer_tensors: store?.optimizer.length ?? 0,
    ...(store ? metricParams(store) : {}),
    ...(store?.notes.length ? { notes: store.notes } : {}),
  };
}

export function renderWeightsText(s: WeightsSummaryJson): string {
  const version = [s.keras_version && `Keras ${s.keras_version}`, s.backend].filter(Boolean).join(', ');
  const out = [`Weights-only file: ${s.file} (${s.format}${version ? `; ${version}` : ''})`, 'No model config: pass one with --weights to see the architecture.', ''];
  const rows: string[][] = [['Layer', 'Weight', 'Shape', 'Dtype', 'Param #']];
  for (const l of s.layers) {
    const label = l.object_name !== undefined && l.object_name !== l.name ? `${l.name} [${l.object_name}]` : l.name;
    if (l.stored.length === 0) rows.push([label, '-', '', '', '0']);
    l.stored.forEach((t, i) => rows.push([i === 0 ? label : '', t.name, pyTuple(t.shape), t.dtype, withCommas(t.shape.reduce((a, b) => a * b, 1))]));
    for (const m of l.missing ?? []) rows.push(['', m, 'missing', '', '']);
  }
  // A file may list 10^6 tensors: reduce, not Math.max(...rows), which overflows the stack.
  const widths = rows[0].map((_, c) => rows.reduce((w, r) => Math.max(w, r[c].length), 0));
  const line = (r: string[]) => r.map((cell, c) => (c === r.length - 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  out.push(line(rows[0]), '-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const r of rows.slice(1)) out.push(line(r));
  out.push('');
  out.push(`Stored params: ${withCommas(s.stored_params)} (${readableBytes(s.stored_bytes, 'B')}) in ${s.layers.length} layers`);
  for (const u of s.unlisted) out.push(`Not in the layer list: ${u.path} (${withCommas(u.params)} params)`);
  if (s.optimizer_tensors) out.push(`Optimizer state: ${withCommas(s.optimizer_params)} values in ${s.optimizer_tensors} tensors (not model weights)`);
  if (s.metric_params !== undefined) out.push(`Metric state: ${withCommas(s.metric_params)} values (not model weights)`);
  for (const n of s.notes ?? []) out.push(`Note: ${n}`);
  return out.join('\n') + '\n';
}

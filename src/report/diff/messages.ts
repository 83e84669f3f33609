// Words for a model diff, shared by the text and Markdown reports.
import type { Change, DiffSide, LayerDiff, ModelDiff, TensorDiff } from '../../graph/diff.js';
import { isShapeList, type OutputShape, type Shape } from '../../types/shape.js';
import { withCommas } from '../summary/numbers.js';

export function shapeText(s: OutputShape | null | undefined): string {
  if (s === null || s === undefined) return '?';
  const tuple = (x: Shape) => `(${x.map((d) => (d === null ? 'None' : String(d))).join(', ')}${x.length === 1 ? ',' : ''})`;
  return isShapeList(s) ? `[${s.map(tuple).join(', ')}]` : tuple(s);
}

/** A value as a config writes it; shapes of calls as tuples. */
function valueText(field: Change['field'], v: unknown): string {
  if (v === undefined) return '(absent)';
  if (field === 'output_shape' || field === 'inputs' || field === 'outputs') {
    const calls = v as (OutputShape | null)[];
    return calls.length === 1 ? shapeText(calls[0]) : calls.map(shapeText).join(' | ');
  }
  if (field === 'params' && typeof v === 'number') return withCommas(v);
  if (field === 'inbound') {
    const calls = v as [string, number, number][][];
    return calls.map((c) => c.map(([l, n, t]) => `${l}[${n}][${t}]`).join(', ') || '-').join(' | ');
  }
  if (field === 'stored') return (v as number[][]).map((s) => `(${s.join(', ')})`).join(', ');
  return JSON.stringify(v);
}

const FIELD_WORDS: Record<Change['field'], string> = {
  model_name: 'model name',
  class_name: 'class',
  config: 'config',
  dtype: 'dtype',
  trainable: 'trainable',
  output_shape: 'output shape',
  params: 'params',
  inbound: 'inputs from',
  stored: 'stored tensor shapes',
  inputs: 'model inputs',
  outputs: 'model outputs',
};

export function changeText(c: Change): string {
  const what = c.field === 'config' ? `config ${c.key}` : FIELD_WORDS[c.field];
  return `${what}: ${valueText(c.field, c.before)} → ${valueText(c.field, c.after)}`;
}

export function sideText(label: string, s: DiffSide): string {
  const facts = [s.format, `${s.class_name} "${s.name}"`, `${withCommas(s.total_params)} params`, s.keras_version ? `Keras ${s.keras_version}` : undefined, s.stored_weights ? undefined : 'no stored weights'];
  return `${label}: ${s.file} (${facts.filter(Boolean).join(', ')})`;
}

export function layerHead(l: LayerDiff): string {
  const shape = l.status === 'added' || l.status === 'removed' ? `  ${shapeText(l.output_shape)}, ${l.params === null || l.params === undefined ? '?' : withCommas(l.params)} params` : '';
  const name = l.status === 'renamed' ? `${l.previous_name} → ${l.name}` : l.name;
  return `${name} (${l.class_name})${shape}`;
}

export const STATUS_WORDS: Record<LayerDiff['status'], string> = {
  same: 'same',
  changed: 'changed',
  added: 'added',
  removed: 'removed',
  renamed: 'renamed',
};

export function tensorText(t: TensorDiff): string {
  switch (t.status) {
    case 'identical':
      return `${t.weight}: identical`;
    case 'changed':
      return `${t.weight}: changed, max |a - b| = ${formatDiff(t.max_abs_diff ?? 0)} (${withCommas(t.differing ?? 0)} of ${withCommas(t.count ?? 0)} values differ)`;
    case 'shape_differs':
      return `${t.weight}: shapes differ, ${t.note}`;
    default:
      return `${t.weight}: ${t.status}${t.note ? `, ${t.note}` : ''}`;
  }
}

function formatDiff(x: number): string {
  return x === Number.MAX_VALUE ? 'NaN/Inf' : x.toPrecision(4);
}

export function countsText(d: ModelDiff): string {
  const c = d.counts;
  const parts = [`${c.same} same`, `${c.changed} changed`, `${c.added} added`, `${c.removed} removed`, `${c.renamed} renamed`];
  const values = d.values ? `; tensors: ${d.values.identical} identical, ${d.values.changed} changed${d.values.not_compared ? `, ${d.values.not_compared} not compared` : ''}` : '';
  return `layers: ${parts.join(', ')}${values}`;
}

export function verdictText(d: ModelDiff): string {
  return d.structural ? 'structural differences' : 'no structural differences';
}

/** The layers worth listing: every one that differs (with --values, by value too). */
export function differingLayers(d: ModelDiff): LayerDiff[] {
  return d.layers.filter((l) => l.status !== 'same');
}

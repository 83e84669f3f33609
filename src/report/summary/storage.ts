// The summary of a model known only from its stored weights: a subclassed model whose config lists
// no layers (KerasHub backbones and tasks, users' own classes). Rows are the stored objects as
// Keras' saving walk names them, with the values stored under each; output shapes and the
// trainable split are not in the file, and are said to be unknown rather than guessed.
// JSON: schemas/storage-summary.schema.json.
import type { LayerRow, LayerRowTree } from '../../graph/rows.js';
import { countValues, storageTree, type StorageNode } from '../../graph/storage-tree.js';
import { toSnakeCase, type SubclassedModel } from '../../normalize/index.js';
import type { RawModel } from '../../readers/types.js';
import { ErrorCode, KerascopeError } from '../../errors.js';
import { summaryColumns } from './columns.js';
import type { SummaryDocument } from './document.js';
import { storedJson, type StoredJson } from './json.js';
import { renderDocument, styleFor, type TextOptions } from './text.js';

export interface StorageLayerJson {
  /** the object's key in the file (snake-cased class with counter, or attribute name) */
  key: string;
  /** its group path, e.g. `layers/transformer_encoder/_self_attention_layer` */
  path: string;
  /** the layer's own name, when the file records it (Keras 3.6+) */
  name?: string;
  /** values stored for it and everything under it */
  params: number;
  bytes: number;
  /** its own stored variables */
  stored: StoredJson[];
  missing?: string[];
  layers: StorageLayerJson[];
}

export interface StorageSummaryJson {
  file: string;
  format: string;
  from_storage: true;
  name: string;
  class_name: string;
  registered_name: string | null;
  module: string | null;
  /** the constructor arguments get_config() saved */
  config: Record<string, unknown>;
  keras_version?: string;
  backend?: string;
  /** what a summary from storage cannot tell */
  unknown: ['output_shape', 'trainable_split'];
  layers: StorageLayerJson[];
  /** the model object's own stored variables */
  own: StoredJson[];
  /** values and bytes of the model's stored weights (layers and own) */
  total_params: number;
  total_bytes: number;
  optimizer_params: number;
  optimizer_tensors: number;
  notes?: string[];
}

/** The storage summary of a subclassed model whose file stores weights. */
export function storageSummaryJson(raw: RawModel, model: SubclassedModel): StorageSummaryJson {
  const store = raw.weights;
  if (!store) throw new KerascopeError(ErrorCode.Unsupported, `the subclassed "${model.className}" has no stored weights to summarize`, raw.file);
  const tree = storageTree(store);
  return {
    file: raw.file,
    format: raw.format,
    from_storage: true,
    name: model.name ?? toSnakeCase(model.className),
    class_name: model.className,
    registered_name: model.registeredName,
    module: model.module,
    config: model.config,
    ...(raw.kerasVersion ? { keras_version: raw.kerasVersion } : {}),
    ...(raw.backend ? { backend: raw.backend } : {}),
    unknown: ['output_shape', 'trainable_split'],
    layers: tree.roots.map(layerJson),
    own: tree.own.map(storedJson),
    total_params: tree.params,
    total_bytes: tree.bytes,
    optimizer_params: countValues(store.optimizer),
    optimizer_tensors: store.optimizer.length,
    ...(store.notes.length ? { notes: store.notes } : {}),
  };
}

function layerJson(n: StorageNode): StorageLayerJson {
  return {
    key: n.key,
    path: n.path,
    ...(n.name !== undefined ? { name: n.name } : {}),
    params: n.params,
    bytes: n.bytes,
    stored: n.tensors.map(storedJson),
    ...(n.missing.length ? { missing: n.missing } : {}),
    layers: n.children.map(layerJson),
  };
}

/**
 * The storage summary in a Keras layout: rows `name (key)`, output `?`, the params stored under
 * each object, the tree nested as expand_nested nests it (Keras <= 2.6 cannot nest: there each
 * row is named by its parents' names and its own), totals with the trainable split as `?`, and a note saying so.
 */
export function renderStorageText(s: StorageSummaryJson, options: TextOptions): string {
  if (options.showTrainable) throw new KerascopeError(ErrorCode.Usage, 'the trainable split of a model summarized from its stored weights is unknown: --show-trainable has nothing to show');
  if (options.cost) throw new KerascopeError(ErrorCode.Usage, 'the cost needs output shapes, which a model summarized from its stored weights does not have');
  const auto = options.style === 'auto';
  const style = options.style === 'auto' ? styleFor(s.keras_version) : options.style;
  const nested = style !== '2.2';
  const toRows = (layers: StorageLayerJson[], depth: number, parent: string): LayerRowTree[] =>
    layers.flatMap((l) => {
      const label = parent + (l.name ?? l.key);
      const children = toRows(l.layers, depth + 1, nested ? '' : `${label}/`);
      const row = storageRow(label, l.key, l.params, depth);
      return nested ? [{ row, children }] : [{ row, children: [] }, ...children];
    });
  const doc: SummaryDocument = {
    modelName: s.name,
    sequentialLike: true,
    columns: summaryColumns(true, false),
    rows: toRows(s.layers, 0, ''),
    totals: { total: s.total_params, totalBytes: s.total_bytes, trainable: 0, trainableBytes: 0, nonTrainable: 0, nonTrainableBytes: 0, incomplete: [] },
    splitUnknown: true,
  };
  const registered = s.registered_name && s.registered_name !== s.class_name ? ` (${s.registered_name})` : '';
  const note =
    `Note: "${s.class_name}"${registered} is a subclassed model whose config lists no layers; the rows are the objects its ` +
    `weights file stores, named as Keras' saving walk names them (type = the name in the file), with the params stored under ` +
    `each. Output shapes and the trainable split are unknown.`;
  return `${renderDocument(doc, style, auto ? s.keras_version : undefined, options.lineLength)}${note}\n`;
}

function storageRow(name: string, key: string, params: number, depth: number): LayerRow {
  return {
    name,
    className: key,
    outputs: [null],
    params,
    weights: null,
    connections: [],
    depth,
    dtype: '',
    trainable: true,
    unbuilt: false,
    unknownClass: false,
  };
}

// What Keras wrote into an HDF5 file, read through our Hdf5File view: the root attributes, and the
// stored weights as descriptors (no tensor bytes are read here). Four layouts:
//  - full model (Keras 1/2, tf.keras, Keras 3 legacy): root `model_config`, weights in /model_weights
//  - legacy weights-only (`save_weights`): root `layer_names` (possibly split into layer_names0, 1, …)
//  - Keras 0.x weights: root `nb_layers`, groups layer_<k> holding param_<p>
//  - Keras 3 `.weights.h5` / `model.weights.h5`: `layers/<path>/vars/<i>`, `optimizer/vars/<i>`
import { ErrorCode, KerascopeError } from '../../errors.js';
import { parseJsonObject } from '../json.js';
import { MAX_H5_DEPTH, MAX_H5_OBJECTS } from '../limits.js';
import type { FormatId, StoredLayer, StoredTensor, WeightLayout } from '../types.js';
import { joinPath, type Hdf5File } from './file.js';
import { attrString, attrStrings } from './values.js';
import { lookupTable } from '../../types/lookup.js';

export interface KerasH5Content {
  format: FormatId;
  config: Record<string, unknown> | null;
  trainingConfig?: unknown;
  kerasVersion?: string;
  backend?: string;
  layout: WeightLayout;
  layers: StoredLayer[];
  topLevel?: StoredLayer;
  unlisted: StoredLayer[];
  optimizer: StoredTensor[];
  metrics?: StoredLayer[];
  notes: string[];
}

const TOP_LEVEL = 'top_level_model_weights';
const LINK_WORDS: Readonly<Record<string, string>> = lookupTable({ 'soft-link': 'a soft link', 'external-link': 'an external link', group: 'a group', other: 'a named datatype' });

export function readKerasH5(h5: Hdf5File, file: string): KerasH5Content {
  const reader = new LayoutReader(h5, file);
  return reader.read();
}

/** What an HDF5 file is and the config its root carries, read from the root alone: no weight group is walked. */
export function readKerasH5Config(h5: Hdf5File, file: string): Pick<KerasH5Content, 'format' | 'config' | 'trainingConfig'> {
  const reader = new LayoutReader(h5, file);
  const { format, config, training } = reader.header();
  return { format, config, trainingConfig: training === undefined ? undefined : reader.trainingConfig(training) };
}

/** Which of the four layouts the root says the file has, with the root's config (as stored) if any. */
interface Header {
  layout: 'model' | 'legacy-weights' | 'keras0-weights' | 'keras3-weights';
  format: FormatId;
  config: Record<string, unknown> | null;
  /** the root's training_config attribute, unparsed */
  training?: string;
}

class LayoutReader {
  private objects = 0;
  private readonly notes: string[] = [];
  constructor(private readonly h5: Hdf5File, private readonly file: string) {}

  header(): Header {
    const h5 = this.h5;
    const rootAttrs = new Set(h5.attrNames('/'));
    if (rootAttrs.has('model_config')) {
      const json = attrString(h5.attr('/', 'model_config'));
      if (json === undefined) throw this.bad('the root attribute model_config is not a string');
      return { layout: 'model', format: 'keras-h5', config: parseJsonObject(json, this.file), training: attrString(h5.attr('/', 'training_config')) };
    }
    if (rootAttrs.has('layer_names') || rootAttrs.has('layer_names0')) return { layout: 'legacy-weights', format: 'keras-weights-h5', config: null };
    if (rootAttrs.has('nb_layers')) return { layout: 'keras0-weights', format: 'keras-weights-h5', config: null };
    const rootChildren = new Set(h5.children('/'));
    if (rootChildren.has('layers') || rootChildren.has('vars') || rootChildren.has('_layer_checkpoint_dependencies')) {
      return { layout: 'keras3-weights', format: 'keras-v3-weights-h5', config: null };
    }
    throw new KerascopeError(
      ErrorCode.NotAModel,
      'an HDF5 file, but not a Keras one: no model_config or layer_names attribute and no Keras 3 layers/vars groups',
      this.file,
    );
  }

  read(): KerasH5Content {
    const h5 = this.h5;
    const { layout, format, config, training } = this.header();
    const text = (path: string, name: string) => attrString(h5.attr(path, name));
    const base = (weightsRoot: string) => ({
      kerasVersion: text('/', 'keras_version') ?? (weightsRoot !== '/' && h5.kind(weightsRoot) === 'group' ? text(weightsRoot, 'keras_version') : undefined),
      backend: text('/', 'backend') ?? (weightsRoot !== '/' && h5.kind(weightsRoot) === 'group' ? text(weightsRoot, 'backend') : undefined),
    });
    switch (layout) {
      case 'model': {
        const weights = h5.kind('/model_weights') === 'group' ? this.legacyWeights('/model_weights') : this.noWeights();
        if (h5.kind('/model_weights') !== 'group') this.notes.push('the file has a model_config but no model_weights group');
        return {
          format,
          config,
          trainingConfig: training === undefined ? undefined : this.trainingConfig(training),
          ...base('/model_weights'),
          ...weights,
          optimizer: this.optimizerWeights(),
          notes: this.notes,
        };
      }
      case 'legacy-weights':
        return { format, config, ...base('/'), ...this.legacyWeights('/'), optimizer: this.optimizerWeights(), notes: this.notes };
      case 'keras0-weights':
        return { format, config, kerasVersion: undefined, ...this.keras0Weights(), optimizer: [], notes: this.notes };
      case 'keras3-weights':
        return { format, config, ...this.keras3Weights(), notes: this.notes };
    }
  }

  private bad(message: string): KerascopeError {
    return new KerascopeError(ErrorCode.Corrupt, message, this.file);
  }

  private count(): void {
    if (++this.objects > MAX_H5_OBJECTS) {
      throw new KerascopeError(ErrorCode.LimitExceeded, `more than ${MAX_H5_OBJECTS} HDF5 objects and names`, this.file);
    }
  }

  trainingConfig(json: string): unknown {
    try {
      return parseJsonObject(json, this.file);
    } catch {
      this.notes.push('training_config is not valid JSON; ignored');
      return undefined;
    }
  }

  private noWeights() {
    return { layout: 'keras-legacy' as const, layers: [], unlisted: [] };
  }

  /** `name`, or `name0`, `name1`, … when Keras split a long list (HDF5's 64 KB header limit). */
  private nameList(path: string, name: string): string[] | undefined {
    const h5 = this.h5;
    const whole = h5.attr(path, name);
    if (whole !== undefined) {
      const list = attrStrings(whole);
      if (!list) throw this.bad(`attribute ${name} of ${path} is not a list of names`);
      list.forEach(() => this.count());
      return list;
    }
    const names = new Set(h5.attrNames(path));
    if (!names.has(`${name}0`)) return undefined;
    const out: string[] = [];
    for (let i = 0; names.has(`${name}${i}`); i++) {
      const part = attrStrings(h5.attr(path, `${name}${i}`));
      if (!part) throw this.bad(`attribute ${name}${i} of ${path} is not a list of names`);
      for (const n of part) {
        this.count();
        out.push(n);
      }
    }
    return out;
  }

  private legacyWeights(root: string) {
    const layerNames = this.nameList(root, 'layer_names') ?? [];
    const listed = new Set(layerNames);
    const layers = layerNames.map((name) => this.legacyLayer(root, name));
    const unlisted: StoredLayer[] = [];
    let topLevel: StoredLayer | undefined;
    for (const child of this.h5.children(root)) {
      if (listed.has(child)) continue;
      const path = joinPath(root, child);
      if (root === '/' && child === 'optimizer_weights') continue;
      if (this.h5.kind(path) !== 'group') continue;
      if (child === TOP_LEVEL) topLevel = this.legacyLayer(root, child);
      else unlisted.push({ name: child, path: rel(path), tensors: this.allDatasets(path), missing: [] });
    }
    return { layout: 'keras-legacy' as const, layers, topLevel, unlisted };
  }

  private legacyLayer(root: string, name: string): StoredLayer {
    const path = joinPath(root, name);
    const layer: StoredLayer = { name, path: rel(path), tensors: [], missing: [] };
    const kind = this.h5.kind(path);
    if (kind !== 'group') {
      this.notes.push(`layer ${name} is listed in layer_names but has no group (${kind})`);
      return layer;
    }
    for (const weight of this.nameList(path, 'weight_names') ?? []) {
      // A weight name is a relative HDF5 path: `dense_1/kernel:0` nests a group inside the layer's.
      const parts = weight.split('/').filter((p) => p !== '' && p !== '.');
      const target = parts.reduce((p, part) => joinPath(p, part), path);
      const tk = parts.length === 0 || parts.includes('..') ? 'missing' : this.h5.kind(target);
      if (tk === 'dataset') layer.tensors.push(this.tensor(target, weight));
      else {
        layer.missing.push(weight);
        if (tk !== 'missing') this.notes.push(`weight ${weight} of layer ${name} is ${LINK_WORDS[tk]}, not a dataset; not followed`);
      }
    }
    return layer;
  }

  private keras0Weights() {
    const layers: StoredLayer[] = [];
    const n = Number(this.h5.attr('/', 'nb_layers'));
    if (!Number.isInteger(n) || n < 0 || n > MAX_H5_OBJECTS) throw this.bad('attribute nb_layers is not a layer count');
    for (let k = 0; k < n; k++) {
      const path = `/layer_${k}`;
      const layer: StoredLayer = { name: `layer_${k}`, path: rel(path), tensors: [], missing: [] };
      if (this.h5.kind(path) === 'group') {
        const params = Number(this.h5.attr(path, 'nb_params') ?? 0);
        for (let p = 0; p < params && p < MAX_H5_OBJECTS; p++) {
          const target = `${path}/param_${p}`;
          if (this.h5.kind(target) === 'dataset') layer.tensors.push(this.tensor(target, `param_${p}`));
          else layer.missing.push(`param_${p}`);
        }
      }
      layers.push(layer);
    }
    return { layout: 'keras-legacy' as const, layers, unlisted: [] };
  }

  private keras3Weights() {
    const h5 = this.h5;
    const layers: StoredLayer[] = [];
    const unlisted: StoredLayer[] = [];
    const metrics: StoredLayer[] = [];
    let optimizer: StoredTensor[] = [];
    let topLevel: StoredLayer | undefined;
    for (const child of h5.children('/')) {
      const path = `/${child}`;
      // saved on Windows, tf.keras 2.13-2.15 joined group paths with `\\`: `layers\\conv1d` is one root group
      const top = child.split('\\')[0];
      if (child === 'vars') topLevel = this.varsGroup('/');
      else if (h5.kind(path) !== 'group') continue;
      else if (top === 'layers' || top === '_layer_checkpoint_dependencies') this.collectVars(path, layers);
      else if (child === 'optimizer') optimizer = this.allDatasets(path);
      // tf.keras 2.13-2.15 also save the compiled metrics' state (`metrics/mean/vars`): not model weights
      else if (top === 'metrics') this.collectVars(path, metrics);
      else this.collectVars(path, unlisted);
    }
    return { layout: 'keras3' as const, layers, topLevel, unlisted, optimizer, metrics };
  }

  /** Every `vars` group under `path`, one StoredLayer each (Keras 3 saves one per saveable object). */
  private collectVars(path: string, out: StoredLayer[], depth = 0): void {
    // Depth is counted here as in allDatasets: a link named "" leads back to its own group
    // without making the path longer, so the backends' path-depth checks never see it.
    this.checkDepth(path, depth);
    // an object's own vars first, then its sub-objects
    const kids = this.h5.children(path).sort((a, b) => Number(b === 'vars') - Number(a === 'vars'));
    for (const child of kids) {
      this.count();
      const p = joinPath(path, child);
      if (child === 'vars') out.push(this.varsGroup(path));
      else if (this.h5.kind(p) === 'group') this.collectVars(p, out, depth + 1);
    }
  }

  private checkDepth(path: string, depth: number): void {
    if (depth > MAX_H5_DEPTH) {
      throw new KerascopeError(ErrorCode.LimitExceeded, `HDF5 groups nested deeper than ${MAX_H5_DEPTH} levels at /${rel(path).slice(0, 60)} (a cyclic link?)`, this.file);
    }
  }

  private varsGroup(owner: string): StoredLayer {
    const path = joinPath(owner, 'vars');
    const layer: StoredLayer = { name: owner === '/' ? '' : slashed(rel(owner)), path: rel(path), tensors: [], missing: [] };
    const objectName = attrString(this.h5.attr(path, 'name'));
    if (objectName !== undefined) layer.objectName = objectName;
    const indexed = this.h5.children(path).filter((c) => /^\d+$/.test(c)).sort((a, b) => Number(a) - Number(b));
    for (const c of indexed) {
      const p = joinPath(path, c);
      // named by its path below layers/ (`sequential/layers/dense/vars/0`): unique and readable
      if (this.h5.kind(p) === 'dataset') layer.tensors.push(this.tensor(p, slashed(rel(p)).replace(/^(layers|_layer_checkpoint_dependencies)\//, '')));
    }
    return layer;
  }

  private optimizerWeights(): StoredTensor[] {
    const root = '/optimizer_weights';
    if (this.h5.kind(root) !== 'group') return [];
    const names = this.nameList(root, 'weight_names');
    if (!names) return this.allDatasets(root);
    const out: StoredTensor[] = [];
    for (const name of names) {
      const target = name.split('/').filter((p) => p !== '' && p !== '.' && p !== '..').reduce((p, part) => joinPath(p, part), root);
      if (this.h5.kind(target) === 'dataset') out.push(this.tensor(target, name));
    }
    return out;
  }

  /** Datasets anywhere under `path`, depth first in name order (numeric for Keras 3 `vars`). */
  private allDatasets(path: string): StoredTensor[] {
    const out: StoredTensor[] = [];
    // Depth is counted here too: a link named "" or "." leads back to its own group without
    // making the path longer, so the backends' path-depth checks never see it.
    const walk = (p: string, depth: number) => {
      this.checkDepth(p, depth);
      const kids = this.h5.children(p);
      if (kids.every((k) => /^\d+$/.test(k))) kids.sort((a, b) => Number(a) - Number(b));
      for (const child of kids) {
        this.count();
        const cp = joinPath(p, child);
        const k = this.h5.kind(cp);
        if (k === 'dataset') out.push(this.tensor(cp, rel(cp).slice(rel(path).length + 1)));
        else if (k === 'group') walk(cp, depth + 1);
      }
    };
    walk(path, 0);
    return out;
  }

  private tensor(path: string, name: string): StoredTensor {
    this.count();
    const info = this.h5.dataset(path);
    let dtype = info.dtype;
    // Keras 3 stores bfloat16 as a 2-byte opaque type tagged with a dtype attribute.
    if (dtype === 'unknown' && info.itemSize === 2 && attrString(this.h5.attr(path, 'dtype')) === 'bfloat16') dtype = 'bfloat16';
    return { path: rel(path), name, shape: info.shape, dtype, byteLength: info.byteLength };
  }
}

/** Container paths in the store have no leading slash. */
function rel(path: string): string {
  return path.replace(/^\/+/, '');
}

/** A Keras 3 object path as Keras names it on every platform: Windows-saved `\\` separators read as `/`. */
function slashed(path: string): string {
  return path.replaceAll('\\', '/');
}

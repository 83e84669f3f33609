// The legacy weight layouts Keras' legacy .h5 loader converts (preprocess_weights_for_loading,
// keras-formats.md §2.6), derived from the Keras 2 weights the layer table expects, in one table:
//  - Keras 1 files (original_keras_version '1'): per-layer layouts (layoutOf), the Keras 1.1 Conv1D
//    kernel (olderLayout);
//  - Keras 2 files: a 4-D convolution kernel whose shape differs from the layer's is transposed
//    (3, 2, 0, 1) (Theano-ordered kernels saved by Keras 2 under the Theano backend);
//  - wrappers: their inner layer's layout (Bidirectional: forward half, then backward half).
// The audit (pairing), convert (weight-plan), the summary JSON and diff all read it, so a layout
// one of them accepts is accepted by all, with the same conversion.
import { isObject } from './config-access.js';
import type { LayerNode } from './types.js';

export interface StoredWeightSpec {
  /** the name Keras 1 gave the variable: `<layer>_<param>` (`dense_1_W`, `lstm_1_U_i`) */
  name: string;
  shape: number[];
}

/** How one Keras 2 weight is made from the stored arrays: concatenated on the last axis, each transposed by `perm`. */
export interface WeightRecipe {
  /** indices into `stored`, in concatenation order */
  inputs: number[];
  /** axes permutation applied to each input of that rank (a reshape that drops unit axes needs none) */
  perm?: number[];
}

export interface LegacyWeightLayout {
  /** the arrays in the order Keras 1 wrote them */
  stored: StoredWeightSpec[];
  /** what Keras 2 does to them on load; null when they load as they are */
  conversion: string | null;
  /** per Keras 2 weight, in the layer's order: how it is made from `stored` (what the converter applies) */
  recipes: WeightRecipe[];
  /** a layout of Keras 1 files (else a rule of the Keras 2 loader) */
  keras1?: boolean;
}

interface LegacyLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
}

/**
 * The Keras 1 layout of a layer's weights, given the Keras 2 shapes the layer table expects
 * (in Keras 2 order). Null when the class owns no weights or its Keras 1 layout is not known.
 */
export function keras1WeightLayout(node: Pick<LayerNode, 'name' | 'className' | 'config'>, expected: readonly (readonly number[])[]): LegacyWeightLayout | null {
  return keras1WeightLayouts(node, expected)[0] ?? null;
}

/**
 * Every layout of the layer's weights that Keras' loader takes from a file of Keras `kerasMajor`:
 * for Keras 1 the usual one first, then older ones (Keras 1.1); then the Keras 2 loader's own rules.
 */
function loadableLayouts(node: Pick<LayerNode, 'name' | 'className' | 'config'>, expected: readonly (readonly number[])[], kerasMajor: 1 | 2 | 3): LegacyWeightLayout[] {
  if (expected.length === 0) return [];
  return layoutsOf({ name: node.name, className: node.className, config: node.config }, expected.map((s) => [...s]), kerasMajor);
}

function keras1WeightLayouts(node: Pick<LayerNode, 'name' | 'className' | 'config'>, expected: readonly (readonly number[])[]): LegacyWeightLayout[] {
  return loadableLayouts(node, expected, 1).filter((l) => l.keras1);
}

/**
 * The legacy layout the stored shapes are in, when they are (in order) and Keras converts it on
 * load from a file of Keras `kerasMajor`; null when the tensors are stored as the layer builds them
 * or in no known layout.
 */
export function convertedLegacyLayout(
  node: Pick<LayerNode, 'name' | 'className' | 'config'>,
  expected: readonly (readonly number[])[],
  stored: readonly (readonly number[])[],
  kerasMajor: 1 | 2 | 3,
): (LegacyWeightLayout & { conversion: string }) | null {
  const fits = (layout: LegacyWeightLayout) =>
    layout.conversion !== null &&
    layout.stored.length === stored.length &&
    layout.stored.every((w, i) => w.shape.length === stored[i].length && w.shape.every((d, j) => d === stored[i][j]));
  return (loadableLayouts(node, expected, kerasMajor).find(fits) as (LegacyWeightLayout & { conversion: string }) | undefined) ?? null;
}

function layoutsOf(layer: LegacyLayer, shapes: number[][], kerasMajor: 1 | 2 | 3): LegacyWeightLayout[] {
  if (layer.className === 'Bidirectional' || layer.className === 'TimeDistributed') return wrapped(layer, shapes, kerasMajor);
  const keras1 = kerasMajor === 1 ? [layoutOf(layer, shapes), olderLayout(layer, shapes)].map((l) => l && { ...l, keras1: true }) : [];
  // (for Keras 1 files this step follows their own conversion, which the layouts above already include)
  const keras2 = kerasMajor === 2 ? [theanoKernel(layer, shapes)] : [];
  return [...keras1, ...keras2].filter((l): l is LegacyWeightLayout => l !== null);
}

const THEANO_KERNEL_PERM = [3, 2, 0, 1];

/**
 * Keras 2's loader: a Conv1D/2D/3D/Conv2DTranspose whose stored kernel
 * shape differs from the layer's is transposed (3, 2, 0, 1) — the Theano ordering of a 4-D kernel.
 */
function theanoKernel(layer: LegacyLayer, shapes: number[][]): LegacyWeightLayout | null {
  const [kernel, ...rest] = shapes;
  if (!['Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose'].includes(layer.className) || kernel?.length !== 4) return null;
  // the stored s with s transposed (3, 2, 0, 1) equal to the kernel
  const stored = [kernel[2], kernel[3], kernel[1], kernel[0]];
  return {
    stored: [{ name: `${layer.name}/kernel`, shape: stored }, ...rest.map((shape, i) => ({ name: `${layer.name}/param_${i + 1}`, shape }))],
    conversion: 'Theano-layout kernel transposed (3, 2, 0, 1)',
    recipes: shapes.map((_, i) => ({ inputs: [i], ...(i === 0 ? { perm: THEANO_KERNEL_PERM } : {}) })),
  };
}

/**
 * Keras 1.0-1.1 wrote Conv1D kernels as (filters, input_dim, length, 1); Keras 2 tells them from
 * the 1.2 layout by their shape, transposes them (2, 3, 1, 0) and drops axis 1.
 */
function olderLayout(layer: LegacyLayer, shapes: number[][]): LegacyWeightLayout | null {
  const [kernel, ...rest] = shapes;
  if (layer.className !== 'Conv1D' || kernel?.length !== 3) return null;
  return named(layer, ['W', 'b'], [[kernel[2], kernel[1], kernel[0], 1], ...rest], 'the Keras 1.1 kernel (filters, input_dim, length, 1) is transposed (2, 3, 1, 0) and loses axis 1', [2, 3, 1, 0]);
}

/** One stored array per weight, in order, named `<layer>_<param>`; `kernelPerm` transposes the first (the kernel). */
function named(layer: LegacyLayer, params: string[], stored: number[][], conversion: string | null, kernelPerm?: number[]): LegacyWeightLayout {
  return {
    stored: stored.map((shape, i) => ({ name: `${layer.name}_${params[i] ?? `param_${i}`}`, shape })),
    conversion,
    recipes: stored.map((_, i) => ({ inputs: [i], ...(i === 0 && kernelPerm ? { perm: kernelPerm } : {}) })),
  };
}

function layoutOf(layer: LegacyLayer, shapes: number[][]): LegacyWeightLayout | null {
  const channelsFirst = layer.config.data_format === 'channels_first';
  const [kernel, ...rest] = shapes;
  switch (layer.className) {
    case 'Dense':
      return named(layer, ['W', 'b'], shapes, null);
    case 'SimpleRNN':
      return named(layer, ['W', 'U', 'b'], shapes, null);
    case 'Embedding':
      return named(layer, ['W'], shapes, null);
    case 'PReLU':
      return named(layer, ['alphas'], shapes, null);
    case 'BatchNormalization':
      // No conversion: the four arrays load by position, and running_std already holds a variance.
      return named(layer, ['gamma', 'beta', 'running_mean', 'running_std'].slice(4 - shapes.length), shapes, shapes.length === 4 ? 'running_std is loaded as moving_variance (it holds the variance)' : null);
    case 'Conv1D':
      if (kernel.length !== 3) return null;
      return named(layer, ['W', 'b'], [[kernel[0], 1, kernel[1], kernel[2]], ...rest], 'the 4-D kernel (length, 1, input_dim, filters) loses axis 1');
    case 'Conv2D':
      if (!channelsFirst || kernel.length !== 4) return named(layer, ['W', 'b'], shapes, null);
      return named(layer, ['W', 'b'], [[kernel[3], kernel[2], kernel[0], kernel[1]], ...rest], 'the Theano-ordered kernel (filters, input_depth, rows, cols) is transposed (2, 3, 1, 0)', [2, 3, 1, 0]);
    case 'Conv2DTranspose':
      if (kernel.length !== 4) return null;
      if (channelsFirst) return named(layer, ['W', 'b'], [[kernel[2], kernel[3], kernel[0], kernel[1]], ...rest], 'the kernel is transposed (2, 3, 0, 1)', [2, 3, 0, 1]);
      return named(layer, ['W', 'b'], [[kernel[0], kernel[1], kernel[3], kernel[2]], ...rest], 'the kernel is transposed (0, 1, 3, 2)', [0, 1, 3, 2]);
    case 'Conv3D':
      if (!channelsFirst || kernel.length !== 5) return named(layer, ['W', 'b'], shapes, null);
      return named(layer, ['W', 'b'], [[kernel[4], kernel[3], kernel[0], kernel[1], kernel[2]], ...rest], 'the Theano-ordered kernel is transposed (2, 3, 4, 1, 0)', [2, 3, 4, 1, 0]);
    case 'LSTM':
      return gated(layer, shapes, ['i', 'c', 'f', 'o'], ['i', 'f', 'c', 'o'], 'the 12 per-gate arrays (gates i, c, f, o) are concatenated into kernel, recurrent_kernel and bias in gate order i, f, c, o');
    case 'GRU':
      return gated(layer, shapes, ['z', 'r', 'h'], ['z', 'r', 'h'], 'the 9 per-gate arrays (gates z, r, h) are concatenated into kernel, recurrent_kernel and bias');
    case 'ConvLSTM2D': {
      const layout = gated(layer, shapes, ['i', 'c', 'f', 'o'], ['i', 'f', 'c', 'o'], 'the 12 per-gate arrays are concatenated in gate order i, f, c, o');
      if (!layout || !channelsFirst || layout.recipes.length !== 3) return layout;
      const perm = [2, 3, 1, 0];
      return {
        stored: layout.stored.map((w) => (w.shape.length === 4 ? { ...w, shape: [w.shape[3], w.shape[2], w.shape[0], w.shape[1]] } : w)),
        conversion: `${layout.conversion}, after transposing each kernel (2, 3, 1, 0)`,
        // the kernel and the recurrent kernel are 4-D; the bias is not
        recipes: layout.recipes.map((r, i) => (i < 2 ? { ...r, perm } : r)),
      };
    }
    default:
      return null;
  }
}

/**
 * Keras 1 recurrent layers kept one W, U, b per gate (stored in `gates` order) unless built with
 * consume_less='gpu'; Keras 2 concatenates them per kind in its own gate order `order`.
 */
function gated(layer: LegacyLayer, shapes: number[][], gates: string[], order: string[], conversion: string): LegacyWeightLayout | null {
  if (shapes.length !== 3) return null;
  if (layer.config.implementation === 2) {
    return { stored: ['W', 'U', 'b'].map((p, i) => ({ name: `${layer.name}_${p}`, shape: shapes[i] })), conversion: null, recipes: shapes.map((_, i) => ({ inputs: [i] })) };
  }
  const n = gates.length;
  const perGate = (s: number[]) => [...s.slice(0, -1), s[s.length - 1] / n];
  const stored: StoredWeightSpec[] = [];
  for (const g of gates) {
    ['W', 'U', 'b'].forEach((p, i) => stored.push({ name: `${layer.name}_${p}_${g}`, shape: perGate(shapes[i]) }));
  }
  const recipes = [0, 1, 2].map((kind) => ({ inputs: order.map((g) => gates.indexOf(g) * 3 + kind) }));
  return { stored, conversion, recipes };
}

/** Wrappers store their inner layer's weights (Bidirectional: forward half, then backward half, in the same layout). */
function wrapped(layer: LegacyLayer, shapes: number[][], kerasMajor: 1 | 2 | 3): LegacyWeightLayout[] {
  const inner = layer.config.layer;
  if (!isObject(inner) || typeof inner.class_name !== 'string' || !isObject(inner.config)) return [];
  const innerName = typeof inner.config.name === 'string' ? inner.config.name : layer.name;
  const innerLayer = (name: string): LegacyLayer => ({ name, className: inner.class_name as string, config: inner.config as Record<string, unknown> });
  if (layer.className === 'TimeDistributed') return layoutsOf(innerLayer(innerName), shapes, kerasMajor);
  if (shapes.length % 2 !== 0) return [];
  const half = shapes.length / 2;
  const forward = layoutsOf(innerLayer(`forward_${innerName}`), shapes.slice(0, half), kerasMajor);
  const backward = layoutsOf(innerLayer(`backward_${innerName}`), shapes.slice(half), kerasMajor);
  return forward.flatMap((fwd, i) => (backward[i] ? [bothDirections(fwd, backward[i])] : []));
}

function bothDirections(fwd: LegacyWeightLayout, bwd: LegacyWeightLayout): LegacyWeightLayout {
  const shift = fwd.stored.length;
  return {
    ...(fwd.keras1 ? { keras1: true } : {}),
    stored: [...fwd.stored, ...bwd.stored],
    conversion: fwd.conversion && `each direction: ${fwd.conversion}`,
    recipes: [...fwd.recipes, ...bwd.recipes.map((r) => ({ ...r, inputs: r.inputs.map((k) => k + shift) }))],
  };
}

// tfjs-layers (4.x) computes a few output shapes differently from Keras — bugs in its
// computeOutputShape. A model saved by tfjs was built from those shapes (its weights too), and tfjs'
// own summary shows them, so for the tfjs dialect we reproduce them, and only there.
import type { Shape } from '../types/shape.js';
import type { Padding } from './shape-math.js';
import type { LayerContext } from './types.js';

export function isTfjs(ctx: LayerContext): boolean {
  return ctx.dialect === 'tfjs';
}

/** tfjs DepthwiseConv2D ignores `dilation_rate` when computing its output length. */
export function tfjsDepthwiseDilation(ctx: LayerContext, dilation: number[]): number[] {
  return isTfjs(ctx) ? dilation.map(() => 1) : dilation;
}

/** tfjs' convOutputLength knows only `same`; everything else, `causal` included, counts as `valid`. */
export function tfjsConvPadding(ctx: LayerContext, p: Padding): Padding {
  return isTfjs(ctx) && p === 'causal' ? 'valid' : p;
}

/** tfjs Resizing returns `[height, width, input[2]]`: no batch axis, and input axis 2 as channels. */
export function tfjsResizing(x: Shape, height: number, width: number): Shape {
  return [height, width, x[2]];
}

/**
 * tfjs CenterCrop writes height and width into the input shape it is given and returns that same
 * array, so the producing layer's recorded output shape becomes the cropped one as well.
 */
export function tfjsCenterCrop(x: Shape, height: number, width: number): Shape {
  x[x.length - 3] = height;
  x[x.length - 2] = width;
  return x;
}

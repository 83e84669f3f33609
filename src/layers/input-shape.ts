import { asShape } from '../normalize/config-access.js';
import type { Shape } from '../types/shape.js';
import type { LayerConfig } from './config.js';

/** The shape an InputLayer (or a first layer) declares, batch dimension included. */
export function declaredShape(c: LayerConfig): Shape | undefined {
  const batch = asShape(c.get('batch_input_shape')) ?? asShape(c.get('batch_shape'));
  if (batch) return batch;
  const shape = asShape(c.get('input_shape')) ?? asShape(c.get('shape'));
  return shape ? [null, ...shape] : undefined;
}

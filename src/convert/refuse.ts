// Conversions refuse what the target cannot express, naming the layer and the option.
import { ErrorCode, KerascopeError } from '../errors.js';

export function refuse(file: string, message: string): KerascopeError {
  return new KerascopeError(ErrorCode.Unsupported, message, file);
}

/** `layer "conv1" (Conv2D)` */
export function layerRef(layer: { name: string; className: string }): string {
  return `layer "${layer.name}" (${layer.className})`;
}

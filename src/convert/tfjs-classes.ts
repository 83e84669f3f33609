// What TensorFlow.js can hold and build, beside the layer classes it registers
// (audit/security/tfjs-classes.ts, which the audit's tfjs-compat check reads too).

/** Weight dtypes a tfjs manifest can hold (keras-formats.md §7.1). */
export const TFJS_DTYPES: ReadonlySet<string> = new Set(['float32', 'int32', 'bool']);

/**
 * Classes tfjs-layers registers but builds wrongly inside a model: their output shape is worked
 * out as if the input had no batch axis (tfjs-layers 4.22 `computeOutputShape`), so every layer
 * after them gets the wrong shape.
 */
export const TFJS_BATCHLESS_CLASSES: ReadonlySet<string> = new Set(['Resizing', 'RandomWidth']);

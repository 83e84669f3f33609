// Every read of untrusted input is bounded by one of these named limits.
export const SNIFF_BYTES = 4096;
/** A model config JSON larger than this is refused before it is parsed. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;
/** Deepest JSON / layer nesting we follow (nested models, wrappers). */
export const MAX_NESTING = 64;
/**
 * Deepest bracket nesting of a JSON text we parse. A model nested MAX_NESTING levels deep is
 * about eight JSON levels per model level; a million-deep `[[[…` would cost JSON.parse seconds
 * and ~100 MB of heap for a 2 MB file, so it is refused before parsing.
 */
export const MAX_JSON_DEPTH = 1024;
/**
 * Layer evaluations (one per layer call, nested models included) shape inference may spend on
 * one file. Real models need thousands; a nested model called 10^5 times inside another called
 * 10^5 times would otherwise take hours.
 */
export const MAX_LAYER_EVALUATIONS = 200_000;

export interface Limits {
  maxJsonBytes: number;
  maxNesting: number;
}
export const DEFAULT_LIMITS: Limits = { maxJsonBytes: MAX_JSON_BYTES, maxNesting: MAX_NESTING };

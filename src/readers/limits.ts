// Every read of untrusted input is bounded by one of these named limits.
export const SNIFF_BYTES = 4096;
/** A model config JSON larger than this is refused before it is parsed. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;
/** Deepest JSON / layer nesting we follow (nested models, wrappers). */
export const MAX_NESTING = 64;

export interface Limits {
  maxJsonBytes: number;
  maxNesting: number;
}
export const DEFAULT_LIMITS: Limits = { maxJsonBytes: MAX_JSON_BYTES, maxNesting: MAX_NESTING };

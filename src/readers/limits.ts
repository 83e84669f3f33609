// Every read of untrusted input is bounded by one of these named limits.
export const SNIFF_BYTES = 4096;
/** A model config JSON larger than this is refused before it is parsed. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;
/** Deepest JSON / layer nesting we follow (nested models, wrappers). */
export const MAX_NESTING = 64;
/** Weight bytes held in memory at once: a .keras archive's weights member, a tfjs model's shards. */
export const MAX_WEIGHTS_BYTES = 2 * 1024 * 1024 * 1024;
/** Members a zip archive may list (a .keras archive has three, plus assets). */
export const MAX_ZIP_ENTRIES = 10_000;
/** Size of a zip archive's central directory. */
export const MAX_ZIP_DIRECTORY_BYTES = 16 * 1024 * 1024;
/**
 * A zip member declaring more than ZIP_BOMB_RATIO times its stored size, above
 * ZIP_BOMB_FLOOR_BYTES, is a decompression bomb (DEFLATE cannot exceed ~1032:1; Keras writes
 * its members stored, and its own guard uses the same ratio).
 */
export const ZIP_BOMB_RATIO = 100;
export const ZIP_BOMB_FLOOR_BYTES = 1024 * 1024;

export interface Limits {
  maxJsonBytes: number;
  maxNesting: number;
  maxWeightsBytes: number;
  maxZipEntries: number;
  maxZipDirectoryBytes: number;
}
export const DEFAULT_LIMITS: Limits = {
  maxJsonBytes: MAX_JSON_BYTES,
  maxNesting: MAX_NESTING,
  maxWeightsBytes: MAX_WEIGHTS_BYTES,
  maxZipEntries: MAX_ZIP_ENTRIES,
  maxZipDirectoryBytes: MAX_ZIP_DIRECTORY_BYTES,
};

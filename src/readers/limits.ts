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
/** Blocks (num_layers) a KerasHub model or layer is rebuilt with at most; real presets have tens to a few hundred. */
export const MAX_REBUILT_BLOCKS = 10_000;
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

/** Bytes of an archive member Keras does not write that the audit looks at (a pickle's globals, a magic number). */
export const MAX_MEMBER_SCAN_BYTES = 4 * 1024 * 1024;
/** Such members looked at per archive (nested zip members included), and their bytes in all; the rest are listed unread. */
export const MAX_SCANNED_MEMBERS = 64;
export const MAX_MEMBER_SCAN_TOTAL_BYTES = 64 * 1024 * 1024;

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

// HDF5 (see src/readers/hdf5/): what a file may declare before we refuse it.
/**
 * Above this file size `--hdf5 auto` uses h5wasm instead of jsfive. jsfive pages a file on disk in
 * as it reads (only the metadata, a summary's few hundred KB), but into a buffer reserved at the
 * file's full size: address space, not memory, yet more than we ask of a machine for larger files.
 */
export const H5WASM_THRESHOLD_BYTES = 4 * 1024 * 1024 * 1024;
/** Pages of a file jsfive may load (file structure, never tensor data) before h5wasm takes over. */
export const MAX_PAGED_METADATA_BYTES = 256 * 1024 * 1024;
/** Bytes that are only in memory (a `.keras` member) given to jsfive; beyond this h5wasm reads them. */
export const MAX_JSFIVE_FILE_BYTES = 1024 * 1024 * 1024;
/** One attribute's value (model_config is the big one). */
export const MAX_H5_ATTRIBUTE_BYTES = MAX_JSON_BYTES;
/** Groups, datasets and list entries visited in one file. */
export const MAX_H5_OBJECTS = 1_000_000;
/** Group nesting we follow; deeper means a cyclic hard link or a hostile file. */
export const MAX_H5_DEPTH = 32;
/** One tensor read into memory (`WeightStore.read`). */
export const MAX_TENSOR_BYTES = 2 * 1024 * 1024 * 1024 - 1;
/** Elements per hyperslab when streaming a tensor through a library (bounds the scratch buffer). */
export const H5_READ_SLAB_ELEMENTS = 1024 * 1024;
/**
 * Bytes per slab when contiguous data is read straight from the file (jsfive's path): pieces that
 * stay in the CPU cache while the consumer uses them (4 MiB pieces made copying data into tfjs
 * shards three times slower). h5wasm keeps H5_READ_SLAB_ELEMENTS: each of its slabs runs under a
 * watchdog (~0.2 ms), which would cost more than the cache saves.
 */
export const H5_DIRECT_SLAB_BYTES = 128 * 1024;
/**
 * Wall time the HDF5 libraries may spend on one file: opening it and reading its structure, and
 * again on each slab of tensor data. HDF5_BUDGET_MS, plus HDF5_BUDGET_MS_PER_MB per MB of file
 * (a 3000-layer, 4 MB Keras file takes 1.5–4.5 s through h5wasm on a loaded machine), at most
 * HDF5_BUDGET_MAX_MS. A corrupt file can make the HDF5 C library (h5wasm) loop forever, and
 * synchronous WebAssembly cannot be interrupted any other way (see hdf5/budget.ts).
 */
export const HDF5_BUDGET_MS = 10_000;
export const HDF5_BUDGET_MS_PER_MB = 2_000;
export const HDF5_BUDGET_MAX_MS = 300_000;
/**
 * Memory the HDF5 C library (h5wasm) may grow to. Its own limit is 2 GB, and a corrupt file can
 * declare a global heap or a string of gigabytes that the library allocates before finding the
 * data missing; wasm memory never shrinks. Reading needs far less: one slab of
 * H5_READ_SLAB_ELEMENTS, an attribute of at most MAX_H5_ATTRIBUTE_BYTES, the chunk cache; so does
 * writing a `.keras` (convert/keras-archive.ts: a weight of at most one chunk at a time).
 */
export const MAX_H5WASM_MEMORY_BYTES = 768 * 1024 * 1024;

// HTTP (see src/readers/http/).
/**
 * A server that ignores Range answers with the whole file: its body is read only as far as the bytes
 * needed, and a file of at most this size is kept whole (no request after the first); reading
 * further into a larger one is refused (E_LIMIT) rather than downloading a hub's 500 MB models.
 */
export const MAX_HTTP_WHOLE_BODY_BYTES = 64 * 1024 * 1024;
/** Fetched pages of one URL kept for reuse within a run (metadata and read-ahead). */
export const MAX_HTTP_CACHE_BYTES = 64 * 1024 * 1024;
/**
 * A `scan` worker whose HDF5 library holds more wasm memory than this (memory wasm never returns)
 * is replaced after its file; so is one whose library was stopped by the time budget.
 */
export const SCAN_WORKER_H5WASM_BYTES = 256 * 1024 * 1024;

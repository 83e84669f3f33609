// kerascope's own small view of an HDF5 file. Two backends implement it (jsfive, h5wasm); the
// Keras layout code above it never sees either library, so both give identical answers.
import type { DType } from '../types.js';
import type { TensorData } from '../tensor-data.js';

export type Hdf5Backend = 'jsfive' | 'h5wasm';
/** What `--hdf5` / `OpenOptions.hdf5` may name: auto, or a backend. */
export const HDF5_CHOICES = ['auto', 'jsfive', 'h5wasm'] as const satisfies readonly ('auto' | Hdf5Backend)[];
export type Hdf5Choice = (typeof HDF5_CHOICES)[number];

/** An attribute value as text or numbers: fixed-length strings NUL-stripped, any string storage decoded. */
export type AttrValue = string | number | bigint | (string | number | bigint)[];

/** What a name in a group is, found without following soft or external links. */
export type LinkKind = 'group' | 'dataset' | 'soft-link' | 'external-link' | 'other' | 'missing';

export interface DatasetInfo {
  shape: number[];
  dtype: DType;
  /** bytes of one stored element */
  itemSize: number;
  /** declared size of the data (may exceed the file for hostile or sparse datasets) */
  byteLength: number;
}

/**
 * Read-only access to one HDF5 file. Paths are absolute (`/model_weights/dense`). Nothing here
 * follows soft or external links: such names report their kind and are never resolved.
 */
export interface Hdf5File {
  readonly backend: Hdf5Backend;
  /** what `path` names; every component before the last must be a group reached by hard links */
  kind(path: string): LinkKind;
  /** link names in a group, sorted by UTF-16 code unit so both backends list alike */
  children(path: string): string[];
  attrNames(path: string): string[];
  /** an attribute's value, or undefined when absent or of a type we do not read */
  attr(path: string, name: string): AttrValue | undefined;
  dataset(path: string): DatasetInfo;
  /**
   * the dataset's values in C order, `slabElements` (or fewer) at a time, raw little-endian bytes.
   * A slab may be a view of the library's memory or of one refilled buffer: valid until the next.
   */
  readRaw(path: string, slabElements: number): Iterable<Uint8Array>;
  close(): void;
}

/** A backend cannot read this file correctly; auto mode retries with h5wasm. */
export class NeedsFullLibrary extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Joins an absolute group path and a relative name. */
export function joinPath(group: string, name: string): string {
  return group === '/' ? `/${name}` : `${group}/${name}`;
}

export type { TensorData };

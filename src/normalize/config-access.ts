// Small typed accessors over raw JSON: normalize must never trust a file's shapes of values.
import { ErrorCode, KerascopeError } from '../errors.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function badConfig(file: string, message: string): KerascopeError {
  return new KerascopeError(ErrorCode.BadConfig, message, file);
}

/** Reads a shape such as `[null, 32, 32, 3]`; returns undefined when it is not one. */
export function asShape(v: unknown): (number | null)[] | undefined {
  if (!Array.isArray(v)) return undefined;
  if (!v.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 0))) return undefined;
  return v as (number | null)[];
}

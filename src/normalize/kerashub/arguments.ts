// A KerasHub model's constructor arguments, read from its config with the defaults its __init__ has.
import { badConfig, type JsonObject } from '../config-access.js';
import { ErrorCode, KerascopeError } from '../../errors.js';
import { MAX_REBUILT_BLOCKS } from '../../readers/limits.js';

/** A backbone's constructor argument: a non-negative integer, or the default when it has one. */
export function intArg(config: JsonObject, key: string, file: string, fallback?: number): number {
  const v = config[key] ?? fallback;
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw badConfig(file, `KerasHub "${key}" must be a non-negative integer below 2^53, got ${JSON.stringify(v)}`);
  return v as number;
}

/** `num_layers`, bounded: a hostile config must not make us write millions of layers. */
export function blocksArg(config: JsonObject, file: string): number {
  const n = intArg(config, 'num_layers', file);
  if (n > MAX_REBUILT_BLOCKS) throw new KerascopeError(ErrorCode.LimitExceeded, `KerasHub "num_layers" ${n} is over the ${MAX_REBUILT_BLOCKS} this reader rebuilds`, file);
  return n;
}

/** A numeric argument (a rate, an epsilon), or its default. */
export function numArg(config: JsonObject, key: string, fallback: number): number {
  const v = config[key];
  return typeof v === 'number' ? v : fallback;
}

/** A string argument (the model's `name`), or its default. */
export const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);

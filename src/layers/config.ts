import { ErrorCode, KerascopeError } from '../errors.js';

/** A layer config with its Keras defaults, read through typed accessors that name bad values. */
export class LayerConfig {
  constructor(
    readonly layerName: string,
    readonly className: string,
    private readonly values: Readonly<Record<string, unknown>>,
    private readonly defaults: Readonly<Record<string, unknown>> = {},
  ) {}

  has(key: string): boolean {
    return this.values[key] !== undefined && this.values[key] !== null;
  }

  get(key: string): unknown {
    const v = this.values[key];
    return v === undefined || v === null ? this.defaults[key] ?? v : v;
  }

  /** the raw value, with no default applied */
  raw(key: string): unknown {
    return this.values[key];
  }

  fail(key: string, expected: string): never {
    const got = JSON.stringify(this.values[key] ?? this.defaults[key] ?? null);
    throw new KerascopeError(
      ErrorCode.BadConfig,
      `layer "${this.layerName}" (${this.className}): expected ${expected} for "${key}", got ${got}`,
    );
  }

  int(key: string): number {
    const v = this.get(key);
    if (Number.isSafeInteger(v)) return v as number;
    // past 2^53 a size is not even exact here, and its products reach Infinity
    return this.fail(key, Number.isInteger(v) ? 'an integer below 2^53' : 'an integer');
  }

  optInt(key: string): number | null {
    const v = this.get(key);
    if (v === undefined || v === null) return null;
    return this.int(key);
  }

  num(key: string): number {
    const v = this.get(key);
    if (typeof v === 'number') return v;
    return this.fail(key, 'a number');
  }

  bool(key: string): boolean {
    const v = this.get(key);
    if (typeof v === 'boolean') return v;
    return this.fail(key, 'true or false');
  }

  str(key: string): string {
    const v = this.get(key);
    if (typeof v === 'string') return v;
    return this.fail(key, 'a string');
  }

  /** an int or a list of ints, as Keras' `standardize_tuple` accepts */
  ints(key: string, rank: number): number[] {
    const v = this.get(key);
    if (typeof v === 'number' && Number.isInteger(v)) return Array(rank).fill(v);
    if (Array.isArray(v) && v.length === rank && v.every((x) => typeof x === 'number' && Number.isInteger(x))) return v as number[];
    if (Array.isArray(v) && v.length === 1 && rank > 1 && Number.isInteger(v[0])) return Array(rank).fill(v[0]);
    return this.fail(key, rank === 1 ? 'an integer' : `an integer or a list of ${rank} integers`);
  }

  /** the whole config with defaults applied (for wrappers passing it on) */
  toObject(): Record<string, unknown> {
    return { ...this.defaults, ...Object.fromEntries(Object.entries(this.values).filter(([, v]) => v !== undefined)) };
  }
}

/** Shape arithmetic that cannot proceed (e.g. a kernel larger than its input) names the layer. */
export function shapeError(c: LayerConfig, message: string): KerascopeError {
  return new KerascopeError(ErrorCode.BadConfig, `layer "${c.layerName}" (${c.className}): ${message}`);
}

// Numbers as Keras' summaries print them (Python's format specs, reproduced exactly).

/**
 * `1250858` → `1,250,858` (Python's `{:,}` of an int). Counts of 10^21 and more (a hostile config's
 * sizes) are written out in digits, as Python writes any int, not in JavaScript's exponent form.
 */
export function withCommas(n: number): string {
  const digits = Number.isInteger(n) && Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n);
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Python's `'{:.2f}'.format(x)` for x >= 0. It rounds exact halves to even where JavaScript's
 * toFixed rounds them up; a double is exactly halfway at two decimals only when 8·x is odd.
 */
export function fixed2(x: number): string {
  const eighths = x * 8;
  if (!Number.isInteger(eighths) || eighths % 2 === 0 || !Number.isSafeInteger(eighths * 100)) return x.toFixed(2);
  const k = Math.floor(x * 100); // x·100 = k + 0.5 exactly
  const even = k % 2 === 0 ? k : k + 1;
  return `${Math.floor(even / 100)}.${String(even % 100).padStart(2, '0')}`;
}

/** Keras' readable_memory_size: 1024-based, two decimals; Keras 3 says `B`, tf.keras 2.13+ `Byte`. */
export function readableBytes(bytes: number, byteUnit: 'B' | 'Byte'): string {
  const units = [byteUnit, 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  for (const unit of units) {
    if (v / 1024 < 1) return `${fixed2(v)} ${unit}`;
    v /= 1024;
  }
  // Keras divides once more before giving up, so sizes past 1024 PB print scaled down.
  return `${fixed2(v)} ${units[units.length - 1]}`;
}

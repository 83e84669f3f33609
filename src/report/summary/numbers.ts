/** `1250858` → `1,250,858` (Python's `{:,}`). */
export function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Keras' readable_memory_size: 1024-based, two decimals; Keras 3 says `B`, Keras 2 `Byte`. */
export function readableBytes(bytes: number, byteUnit: 'B' | 'Byte'): string {
  const units = [byteUnit, 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = bytes;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(2)} ${units[i]}`;
}

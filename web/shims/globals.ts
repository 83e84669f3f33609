// Browser stand-ins for the two Node globals the library touches: `process.stderr` (quiet.ts
// captures what the HDF5 libraries print) and the few `Buffer` calls (uninitialised arrays, base64,
// UTF-8 text). Injected by scripts/build-web.mjs in place of the globals.
class TextBytes extends Uint8Array {
  override toString(): string {
    return new TextDecoder().decode(this);
  }
}

export const Buffer = {
  allocUnsafeSlow: (n: number): Uint8Array => new Uint8Array(n),
  from(value: string | ArrayBufferLike, encodingOrOffset?: string | number, length?: number): Uint8Array {
    if (typeof value === 'string') {
      if (encodingOrOffset !== 'base64') return new TextBytes(new TextEncoder().encode(value));
      const bin = atob(value);
      const out = new TextBytes(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out;
    }
    return new TextBytes(value as ArrayBuffer, (encodingOrOffset as number | undefined) ?? 0, length);
  },
};

export const process = { stderr: { write: (_chunk: unknown) => true }, env: {} as Record<string, string | undefined> };

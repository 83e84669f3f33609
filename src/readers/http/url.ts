// Model URLs: what counts as one and what kerascope can read. A URL may carry credentials
// (user:password@) and the user gave it, but reports and errors show it without them
// (withoutCredentials in errors.ts; a KerascopeError applies it to its file and message itself).
import { ErrorCode, KerascopeError } from '../../errors.js';

/** An argument meant as a URL (a scheme, then `//`), whether or not it is a valid one. */
export function looksLikeUrl(arg: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(arg);
}

/** The URL of a model, or one coded error line saying why it is not one kerascope can read. */
export function parseModelUrl(arg: string): URL {
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    throw new KerascopeError(ErrorCode.BadUrl, 'not a valid URL', arg);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KerascopeError(ErrorCode.BadUrl, `${url.protocol.slice(0, -1)}: URLs are not supported (http and https are)`, arg);
  }
  if (!url.hostname) throw new KerascopeError(ErrorCode.BadUrl, 'URL has no host', arg);
  return url;
}

// How model URLs are fetched: extra headers (credentials), timeouts, retries. The CLI sets the
// process-wide defaults once (`--header`, KERASCOPE_HTTP_HEADERS); a library caller may pass its own
// per open (OpenOptions.http). Header values are secrets: nothing here or in the client ever puts
// one into a message.
import { ErrorCode, KerascopeError } from '../../errors.js';
import { MAX_HTTP_WHOLE_BODY_BYTES } from '../limits.js';

export interface HttpSettings {
  /** sent with every request to the URL's own origin, never to a host it redirects to */
  headers: Record<string, string>;
  /** a request that sends nothing for this long is abandoned (and retried) */
  timeoutMs: number;
  /** retries after a transient failure (429, 5xx, 416, a reset or timed-out connection) */
  retries: number;
  /** first backoff; doubled per retry (a Retry-After the server sends is honoured up to maxBackoffMs) */
  backoffMs: number;
  maxBackoffMs: number;
  /** bytes read of a body the server sends whole (it ignores Range) before refusing */
  maxWholeBodyBytes: number;
}

export const ENV_HEADERS = 'KERASCOPE_HTTP_HEADERS';

const DEFAULT_HTTP: HttpSettings = {
  headers: {},
  timeoutMs: 30_000,
  retries: 4,
  backoffMs: 250,
  maxBackoffMs: 10_000,
  maxWholeBodyBytes: MAX_HTTP_WHOLE_BODY_BYTES,
};

let headerLines: string[] = [];
let overrides: Partial<HttpSettings> = {};
let defaults: HttpSettings | null = null;

/**
 * The settings a URL opened without its own uses: DEFAULT_HTTP, the headers of KERASCOPE_HTTP_HEADERS
 * (one `Name: value` per line) and of `--header`, and what configureHttp changed. Header lines are
 * parsed here, on first use, so that a malformed one is a coded error of the command that needs it.
 */
export function httpDefaults(): HttpSettings {
  defaults ??= {
    ...DEFAULT_HTTP,
    ...overrides,
    headers: { ...parseHeaderLines((process.env[ENV_HEADERS] ?? '').split(/\r?\n/), ENV_HEADERS), ...parseHeaderLines(headerLines, '--header'), ...overrides.headers },
  };
  return defaults;
}

/** Changes the process-wide defaults (the CLI's `--header` lines; a scan thread's copy of its parent's settings). */
export function configureHttp(change: Partial<HttpSettings> & { headerLines?: readonly string[] }): void {
  const { headerLines: lines, ...rest } = change;
  headerLines = [...headerLines, ...(lines ?? [])];
  overrides = { ...overrides, ...rest, headers: { ...overrides.headers, ...rest.headers } };
  defaults = null;
}

/** `Name: value` lines into headers; a malformed line is a usage error that never quotes the value. */
export function parseHeaderLines(lines: readonly string[], from: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    if (line.trim() === '') continue;
    const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m || /[\r\n\0]/.test(m[2])) throw new KerascopeError(ErrorCode.Usage, `${from} takes "Name: value" (a header name, a colon, then its value)`);
    headers[m[1].toLowerCase()] = m[2];
  }
  return headers;
}

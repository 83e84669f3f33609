// Stable error codes: callers switch on `code`, never on message text.
export const ErrorCode = {
  FileNotFound: 'E_FILE_NOT_FOUND',
  NotAFile: 'E_NOT_A_FILE',
  Empty: 'E_EMPTY',
  NotAModel: 'E_NOT_A_MODEL',
  BadJson: 'E_BAD_JSON',
  BadConfig: 'E_BAD_CONFIG',
  Truncated: 'E_TRUNCATED',
  Corrupt: 'E_CORRUPT',
  LimitExceeded: 'E_LIMIT',
  Unsupported: 'E_UNSUPPORTED',
  UnsafeArchive: 'E_UNSAFE_ARCHIVE',
  Usage: 'E_USAGE',
  OutputExists: 'E_OUTPUT_EXISTS',
  Io: 'E_IO',
  /** a model URL that is malformed or not http(s) */
  BadUrl: 'E_BAD_URL',
  /** a server that could not be reached, timed out, or kept failing after retries */
  Network: 'E_NETWORK',
  /** an HTTP answer that is neither the bytes asked for nor a transient failure (403, 400, …) */
  Http: 'E_HTTP',
  /** a file behind a URL changed between two requests (ETag, Last-Modified or size) */
  Changed: 'E_CHANGED',
  /** a bug of ours, not the input's fault (never thrown on purpose: what an unexpected exception is reported as) */
  Internal: 'E_INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class KerascopeError extends Error {
  /** the file the problem is in, when there is one */
  readonly file?: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** the file the problem is in, when there is one */
    file?: string,
    options?: { cause?: unknown },
  ) {
    super(withoutCredentials(clipMessage(message)), options);
    this.name = 'KerascopeError';
    // A URL the user gave may carry user:password@; no error line shows it, whoever built the error.
    if (file !== undefined) this.file = withoutCredentials(file);
  }

  /**
   * One line for the user: `file: message [code]`. A message may quote a file's bytes (a JSON parser's
   * excerpt): every line break (\r, \u2028 too) folds to a space, and any other control character
   * (a terminal escape among them) is shown as `\xNN`, so the line stays one line and inert.
   */
  oneLine(): string {
    const where = this.file ? `${this.file}: ` : '';
    return `${where}${this.message} [${this.code}]`
      .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  }
}

/**
 * Text with every `scheme://user:password@` shown as `scheme://***@`. The scheme and the user part
 * are bounded (and a scheme starts where no scheme character precedes it): a file may hand us a
 * megabyte of letters, and an unbounded pattern backtracks quadratically over it.
 */
export function withoutCredentials(text: string): string {
  return text.replace(/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/)[^/?#@\s]{0,4096}@/gi, '$1***@');
}

/**
 * Messages quote what the file says (a name, a dtype, a path), and a hostile file can say it in
 * megabytes: a message keeps its first and last characters, at most MAX_MESSAGE_CHARS in all.
 */
export const MAX_MESSAGE_CHARS = 1000;

function clipMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  const tail = 200;
  const head = MAX_MESSAGE_CHARS - tail - 40;
  return `${message.slice(0, head)} … [${message.length - head - tail} characters cut] … ${message.slice(-tail)}`;
}

export function isKerascopeError(e: unknown): e is KerascopeError {
  return e instanceof KerascopeError;
}

/** Any thrown value as a KerascopeError: ours as it is, anything else an internal error (its first line). */
export function asKerascopeError(e: unknown): KerascopeError {
  if (isKerascopeError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new KerascopeError(ErrorCode.Internal, `internal error: ${message.split('\n')[0]}`, undefined, { cause: e });
}

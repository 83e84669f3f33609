// Shared CLI plumbing: one-line errors with stable codes, exit status 2 for bad input.
import { asKerascopeError } from '../errors.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Runs a command body; bad input becomes one line on stderr and exit status 2. */
export async function runCommand(debug: boolean, body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (e) {
    process.exitCode = EXIT_ERROR;
    process.stderr.write(`${errorLine(e)}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  }
}

/** The one line an error becomes (the web app shows the same line). */
export function errorLine(e: unknown): string {
  return `kerascope: ${asKerascopeError(e).oneLine()}`;
}

/**
 * A reader that stops early (`kerascope scan … | head`) closes our stdout: stop quietly, as Unix
 * tools do, instead of dying on an unhandled EPIPE with a stack trace.
 */
export function stopQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK);
  });
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

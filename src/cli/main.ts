#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { summaryCommand } from './commands/summary.js';
import { auditCommand } from './commands/audit.js';
import { scanCommand } from './commands/scan.js';
import { layersCommand } from './commands/layers.js';
import { KERASCOPE_VERSION } from '../version.js';
import { stopQuietlyOnClosedStdout } from './run.js';
import { diffCommand } from './commands/diff.js';
import { convertCommand } from './commands/convert.js';
import { configureHttp, HTTP_HEADERS_ENV } from '../index.js';

export interface GlobalArgs {
  debug: boolean;
}

const EPILOG = `Exit status: 0 success; 1 a finding reached --fail-on (audit), or the models differ structurally (diff); 2 unreadable input or bad usage.
Errors are one line: "kerascope: <file>: <problem> [E_CODE]"; --debug adds the stack trace.`;

/** The part of yargs' internals that formats help text. */
interface YargsUsage {
  getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } };
}

export async function main(argv: string[]): Promise<void> {
  stopQuietlyOnClosedStdout();
  // yargs' parser reads a lone "-" as no value at all; `--urls -` (standard input) needs it kept.
  argv = argv.map((a, i) => (a === '-' && argv[i - 1] === '--urls' ? '--urls=-' : a)).filter((a, i) => !(a === '--urls' && argv[i + 1] === '-'));
  const parser = yargs(argv);
  // After starting a command's handler, yargs formats that command's whole help text in case a
  // later failure wants to show it (cacheHelpMessage): ~50 ms of text wrapping on every run. Our
  // handlers report their own errors and `.fail` formats help afresh, so the cache is never read;
  // skip it, as the Angular CLI does (angular/angular-cli#34087). --help is not affected.
  (parser as unknown as YargsUsage).getInternalMethods().getUsageInstance().cacheHelpMessage = () => {};
  await parser
    .scriptName('kerascope')
    .usage('$0 <command> [options]\n\nOpen Keras model files of every era, reconstruct the model exactly as Keras would, and audit it.')
    .option('debug', { type: 'boolean', default: false, global: true, describe: 'show stack traces of errors' })
    .option('header', {
      type: 'string',
      array: true,
      global: true,
      describe: `"Name: value": an HTTP header sent with requests for model URLs (a token), only to the URL's own host, never printed; also ${HTTP_HEADERS_ENV} (one per line)`,
    })
    .middleware((argv) => configureHttp({ headerLines: (argv.header as string[] | undefined) ?? [] }))
    .command(summaryCommand)
    .command(auditCommand)
    .command(scanCommand)
    .command(layersCommand)
    .command(diffCommand)
    .command(convertCommand)
    .completion('completion', 'Print a bash/zsh completion script (kerascope completion >> ~/.bashrc)')
    .version(KERASCOPE_VERSION)
    .demandCommand(1, 'Name a command; see --help.')
    .strict()
    .epilog(EPILOG)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err, y) => {
      if (err) throw err;
      process.stderr.write(`kerascope: ${msg.replace(/\s*\n\s*/g, " ")} [E_USAGE]\n\n`); // yargs words some messages over several lines
      y.showHelp((s: string) => process.stderr.write(`${s}\n`));
      process.exit(2);
    })
    .parseAsync();
}

await main(hideBin(process.argv));

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

export interface GlobalArgs {
  debug: boolean;
}

const EPILOG = `Exit status: 0 success; 1 a finding reached --fail-on (audit), or the models differ structurally (diff); 2 unreadable input or bad usage.
Errors are one line: "kerascope: <file>: <problem> [E_CODE]"; --debug adds the stack trace.`;

export async function main(argv: string[]): Promise<void> {
  stopQuietlyOnClosedStdout();
  await yargs(argv)
    .scriptName('kerascope')
    .usage('$0 <command> [options]\n\nOpen Keras model files of every era, reconstruct the model exactly as Keras would, and audit it.')
    .option('debug', { type: 'boolean', default: false, global: true, describe: 'show stack traces of errors' })
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
      process.stderr.write(`kerascope: ${msg} [E_USAGE]\n\n`);
      y.showHelp((s: string) => process.stderr.write(`${s}\n`));
      process.exit(2);
    })
    .parseAsync();
}

await main(hideBin(process.argv));

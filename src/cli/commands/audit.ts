import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { auditFile, fails, FAIL_ON, type FailOn, type Hdf5Choice } from '../../index.js';
import { runCommand, writeOut, EXIT_OK, EXIT_FINDINGS } from '../run.js';
import { renderAudit, AUDIT_FORMATS, type AuditFormat } from '../render-audit.js';
import type { GlobalArgs } from '../main.js';
import { HDF5_OPTION, WEIGHTS_OPTION } from '../options.js';

interface AuditArgs extends GlobalArgs {
  model: string;
  weights?: string;
  hdf5: Hdf5Choice;
  format: AuditFormat;
  failOn: FailOn;
  values: boolean;
  verbose: boolean;
}

export const auditCommand: CommandModule<GlobalArgs, AuditArgs> = {
  command: 'audit <model>',
  describe: 'Check a model file: stored vs declared weights, weight values, unsafe content (Lambda bytecode, foreign modules)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('model', { type: 'string', demandOption: true, describe: 'model file or http(s) URL (.h5, .keras, .json config, tfjs model.json), or a KerasHub preset folder' })
      .option('weights', WEIGHTS_OPTION)
      .option('hdf5', HDF5_OPTION)
      .option('format', { choices: AUDIT_FORMATS.filter((f) => f !== 'jsonl'), default: 'text' as const, describe: 'report format' })
      .option('fail-on', { choices: FAIL_ON, default: 'error' as const, describe: 'exit 1 when a finding of this severity or worse is found' })
      .option('values', { type: 'boolean', default: false, describe: 'read every weight (streamed): NaN/Inf, all-zero and constant tensors, per-tensor statistics' })
      .option('verbose', { type: 'boolean', default: false, describe: 'text format: also list skipped checks' })
      .example('$0 audit model.h5', 'audit a full-model file')
      .example('$0 audit model.json --weights weights.h5 --values', 'compare a config with its weights and scan the values')
      .example('$0 audit model.keras --format sarif > kerascope.sarif', 'SARIF for GitHub code scanning')
      .example('$0 audit https://example.com/models/model.h5', 'audit a model where it lives (HTTP Range requests: a few MB of it)')
      .epilog('Exit status: 0 no finding reaches --fail-on; 1 one does (or a check failed); 2 unreadable input or bad usage.\nFinding codes: docs/findings.md.') as unknown as Argv<AuditArgs>,
  handler: (args: ArgumentsCamelCase<AuditArgs>) =>
    runCommand(args.debug, async () => {
      const audited = await auditFile(args.model, { weights: args.weights, values: args.values, hdf5: args.hdf5 });
      writeOut(renderAudit([audited], args.format, { verbose: args.verbose }));
      return fails([audited.result], args.failOn) ? EXIT_FINDINGS : EXIT_OK;
    }),
};

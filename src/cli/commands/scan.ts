import { availableParallelism } from 'node:os';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { fails, FAIL_ON, KerascopeError, ErrorCode, auditFileJson, type FailOn } from '../../index.js';
import { scanFolder, scanUrls, readUrlList, parseShard, type ScanOptions } from '../../scan/index.js';
import { runCommand, writeOut, EXIT_OK, EXIT_FINDINGS } from '../run.js';
import { renderAudit, AUDIT_FORMATS, type AuditFormat } from '../render-audit.js';
import { progressBar } from '../progress.js';
import type { GlobalArgs } from '../main.js';

interface ScanArgs extends GlobalArgs {
  dir?: string;
  urls?: string;
  format: AuditFormat;
  failOn: FailOn;
  values: boolean;
  shard?: string;
  jobs?: number;
  verbose: boolean;
}

export const scanCommand: CommandModule<GlobalArgs, ScanArgs> = {
  command: 'scan [dir]',
  describe: 'Audit every model file under a folder (found by content, not extension), or every model of a URL list, in parallel',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('dir', { type: 'string', describe: 'folder to scan (recursively; symbolic links are not followed); a KerasHub preset folder is one model' })
      .option('urls', { type: 'string', describe: 'instead of a folder: a file of model URLs, one a line (- for standard input), each read where it lives' })
      .option('format', { choices: AUDIT_FORMATS, default: 'text' as const, describe: 'report format; jsonl streams one JSON object per file' })
      .option('fail-on', { choices: FAIL_ON, default: 'error' as const, describe: 'exit 1 when a finding of this severity or worse is found (unreadable files count as errors)' })
      .option('values', { type: 'boolean', default: false, describe: 'also read every weight (NaN/Inf, zero and constant tensors, statistics)' })
      .option('shard', { type: 'string', describe: 'K/N: audit only the files of shard K of N (by a hash of the path; outputs of all shards concatenate)' })
      .option('jobs', { type: 'number', describe: 'worker threads (default: available CPUs)' })
      .option('verbose', { type: 'boolean', default: false, describe: 'text format: also list skipped checks' })
      .example('$0 scan models/ --format sarif > kerascope.sarif', 'one SARIF log for a whole model store')
      .example('$0 scan /store --shard 2/8 --format jsonl >> audit.jsonl', 'share 2 of 8 in a CI matrix job')
      .example('$0 scan --urls hub-models.txt --shard 3/16 --format jsonl', 'share 3 of 16 of a model hub, read with Range requests')
      .epilog('Exit status: 0 no finding reaches --fail-on; 1 one does (or a file was unreadable, or a check failed); 2 the folder cannot be read or bad usage.') as unknown as Argv<ScanArgs>,
  handler: (args: ArgumentsCamelCase<ScanArgs>) =>
    runCommand(args.debug, async () => {
      if (args.jobs !== undefined && (!Number.isInteger(args.jobs) || args.jobs < 1)) throw new KerascopeError(ErrorCode.Usage, '--jobs must be a positive integer');
      const shard = args.shard !== undefined ? parseShard(args.shard) : undefined;
      if ((args.dir === undefined) === (args.urls === undefined)) throw new KerascopeError(ErrorCode.Usage, 'scan takes a folder or --urls <file>, one of the two');
      const progress = progressBar(); // stderr, so it never mixes with a report on stdout
      const urls = args.urls !== undefined ? await readUrlList(args.urls) : null;
      const options: ScanOptions = {
        values: args.values,
        shard,
        jobs: args.jobs ?? availableParallelism(),
        onStart: (n) => progress.start(n),
        onResult: (o) => {
          progress.tick(o.file);
          if (args.format === 'jsonl') writeOut(JSON.stringify(auditFileJson(o)));
        },
      };
      const outcomes = await (urls ? scanUrls(urls, options) : scanFolder(args.dir!, options));
      progress.done();
      if (args.format !== 'jsonl') writeOut(renderAudit(outcomes, args.format, { verbose: args.verbose, baseDir: args.dir, scan: true }));
      const unreadable = outcomes.some((o) => 'error' in o);
      const failed = fails(outcomes.flatMap((o) => ('result' in o ? [o.result] : [])), args.failOn) || (unreadable && args.failOn !== 'never');
      return failed ? EXIT_FINDINGS : EXIT_OK;
    }),
};

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { compareModels, compareStorage, ErrorCode, KerascopeError, loadModel, readRaw, renderDiffMarkdown, renderDiffText, type RawModel, type Hdf5Choice } from '../../index.js';
import { useColor } from '../render-audit.js';
import { runCommand, writeOut, EXIT_FINDINGS, EXIT_OK } from '../run.js';
import type { GlobalArgs } from '../main.js';
import { HDF5_OPTION } from '../options.js';

const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;

interface DiffArgs extends GlobalArgs {
  a: string;
  b: string;
  format: (typeof DIFF_FORMATS)[number];
  values: boolean;
  hdf5: Hdf5Choice;
}

export const diffCommand: CommandModule<GlobalArgs, DiffArgs> = {
  command: 'diff <a> <b>',
  describe: 'Compare two models in any supported formats: layers, config, shapes, params, stored weights',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('a', { type: 'string', demandOption: true, describe: 'first model file, URL or KerasHub preset folder' })
      .positional('b', { type: 'string', demandOption: true, describe: 'second model file, URL or KerasHub preset folder' })
      .option('values', { type: 'boolean', default: false, describe: 'also compare the stored weights value by value (identical, or the largest absolute difference)' })
      .option('format', { choices: DIFF_FORMATS, default: 'text' as const, describe: 'output format (json: schemas/diff.schema.json)' })
      .option('hdf5', HDF5_OPTION)
      .example('$0 diff model.h5 web/model.json', 'a Keras model against its TensorFlow.js conversion')
      .example('$0 diff run1.keras run2.keras --values', 'two training runs: same structure? how far apart are the weights?')
      .epilog('Exit status: 0 no structural difference (names of the models, training settings and weight values may differ); 1 structural differences; 2 unreadable input or bad usage.') as unknown as Argv<DiffArgs>,
  handler: (args: ArgumentsCamelCase<DiffArgs>) =>
    runCommand(args.debug, async () => {
      const opened: RawModel[] = [];
      try {
        for (const file of [args.a, args.b]) {
          const raw = await readRaw(file, { hdf5: args.hdf5 });
          opened.push(raw);
          if (raw.config === null) throw new KerascopeError(ErrorCode.NotAModel, 'holds weights but no model config to compare', file);
        }
        const fromStorage = compareStorage(opened[0], opened[1]);
        if (fromStorage && args.values) throw new KerascopeError(ErrorCode.Usage, '--values is not available for subclassed models compared from their stored weights');
        const diff = fromStorage ?? (await compareModels(loadModel(opened[0]), loadModel(opened[1]), { values: args.values }));
        if (args.format === 'json') writeOut(JSON.stringify(diff, null, 2));
        else if (args.format === 'markdown') writeOut(renderDiffMarkdown(diff));
        else writeOut(renderDiffText(diff, { color: useColor() }));
        return diff.structural ? EXIT_FINDINGS : EXIT_OK;
      } finally {
        for (const raw of opened) await raw.weights?.close();
      }
    }),
};

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { readRaw, loadModel, summarize, summarizeStorage, summarizeWeights, summaryText, renderStorageText, KerascopeError, ErrorCode, type Hdf5Choice } from '../../index.js';
import { renderWeightsText } from '../../report/summary/weights.js';
import { summaryNotes } from '../../report/summary/notes.js';
import { SUMMARY_STYLES, type SummaryStyle } from '../../report/summary/text.js';
import { runCommand, writeOut, EXIT_OK } from '../run.js';
import type { GlobalArgs } from '../main.js';
import { HDF5_OPTION, WEIGHTS_OPTION } from '../options.js';

interface SummaryArgs extends GlobalArgs {
  model: string;
  format: 'text' | 'json';
  style: SummaryStyle | 'auto';
  lineLength?: number;
  expandNested: boolean;
  showTrainable: boolean;
  weights?: string;
  hdf5: Hdf5Choice;
  cost: boolean;
  batch?: number;
}

export const summaryCommand: CommandModule<GlobalArgs, SummaryArgs> = {
  command: ['summary <model>', '$0 <model>'],
  describe: "Print the model's summary exactly as Keras' model.summary() does",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('model', { type: 'string', demandOption: true, describe: 'model file or http(s) URL (.h5, .keras archive, .json config, tfjs model.json) or KerasHub preset folder; a weights-only .h5 lists its stored tensors; a subclassed model (KerasHub) with stored weights is summarized from them' })
      .option('weights', WEIGHTS_OPTION)
      .option('hdf5', HDF5_OPTION)
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'output format' })
      .option('style', {
        type: 'string',
        choices: ['auto', ...SUMMARY_STYLES] as const,
        default: 'auto' as const,
        describe:
          'Keras whose layout to print: 2.2 = Keras <= 2.6 as Keras 2.2.x prints it (no "Model:" line); ' +
          '2.7 = tf.keras 2.7-2.12; 2.13 = tf.keras 2.13+ and tf-keras; 3 = Keras 3. ' +
          "auto = from the file's keras_version; files from Keras 2.3-2.6 and tf.keras 2.2.4-tf get the 2.2 layout " +
          'plus what those printed (the "Model:" line; from 2.4 and in tf.keras, InputLayer output as a list); ' +
          'tfjs-layers files get 2.2, as TensorFlow.js layers is a Keras 2 port; Keras 3 when the file names no version',
      })
      .option('line-length', {
        type: 'number',
        describe: "table width (Keras' line_length); default Keras' own: 65 or 98 for Keras 2, 76 for Keras 3 (its width outside a terminal)",
      })
      .option('expand-nested', { type: 'boolean', default: false, describe: 'also list the layers of nested models (Keras 2.7+ and 3)' })
      .option('show-trainable', { type: 'boolean', default: false, describe: 'add the Trainable column (Keras 2.7+ and 3)' })
      .option('cost', {
        type: 'boolean',
        default: false,
        describe: 'add MACs, activation memory and weight memory per layer, and MACs, FLOPs and memory in total (docs/cost.md); JSON keys macs, flops, activation_bytes, weight_bytes',
      })
      .option('batch', { type: 'number', describe: 'samples the cost is for (MACs, FLOPs and activation memory scale with it; default 1); implies --cost' })
      .example('$0 summary fixtures/cifar10_cnn.json', 'print the summary in the style of the Keras that wrote the file')
      .example('$0 summary model.json --style 3 --line-length 88', 'Keras 3 layout, 88 columns wide')
      .example('$0 summary model.json --format json', 'machine-readable summary (schemas/summary.schema.json)')
      .example('$0 summary model.h5', 'a Keras 1/2, tf.keras or Keras 3 legacy HDF5 model')
      .example('$0 summary model.json --weights weights.h5', 'a to_json() config with its save_weights() file')
      .example('$0 summary model.h5 --cost --batch 32', 'add the cost columns, for a batch of 32') as unknown as Argv<SummaryArgs>,
  handler: (args: ArgumentsCamelCase<SummaryArgs>) =>
    runCommand(args.debug, async () => {
      if (args.lineLength !== undefined && (!Number.isInteger(args.lineLength) || args.lineLength < 20 || args.lineLength > 1000)) {
        throw new KerascopeError(ErrorCode.Usage, '--line-length must be an integer from 20 to 1000');
      }
      if (args.batch !== undefined && (!Number.isSafeInteger(args.batch) || args.batch < 1)) {
        throw new KerascopeError(ErrorCode.Usage, '--batch must be a positive integer');
      }
      const cost = args.cost || args.batch !== undefined ? { batch: args.batch ?? 1 } : undefined;
      const raw = await readRaw(args.model, { weights: args.weights, hdf5: args.hdf5 });
      try {
        if (raw.config === null) {
          const listing = summarizeWeights(raw);
          writeOut(args.format === 'json' ? JSON.stringify(listing, null, 2) : renderWeightsText(listing));
          return EXIT_OK;
        }
        const storage = summarizeStorage(raw);
        if (storage) {
          const options = { style: args.style, lineLength: args.lineLength, showTrainable: args.showTrainable, ...(cost ? { cost } : {}) };
          writeOut(args.format === 'json' ? JSON.stringify(storage, null, 2) : renderStorageText(storage, options));
          return EXIT_OK;
        }
        const model = loadModel(raw);
        if (args.format === 'json') {
          const transfer = raw.transfer ? { transfer: { ...raw.transfer } } : {};
          writeOut(JSON.stringify({ ...summarize(model, cost ? { cost: true, batch: cost.batch } : {}), ...transfer }, null, 2));
        } else {
          writeOut(summaryText(model, { style: args.style, lineLength: args.lineLength, expandNested: args.expandNested, showTrainable: args.showTrainable, ...(cost ? { cost } : {}) }));
          // The table stays Keras' own; what kerascope could not work out is said beside it.
          for (const note of summaryNotes(raw.file, summarize(model).layers, raw.meta)) process.stderr.write(`kerascope: note: ${note}\n`);
        }
        return EXIT_OK;
      } finally {
        await raw.weights?.close();
      }
    }),
};

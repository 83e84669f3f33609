import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { convertModel, CONVERT_TARGETS, QUANTIZATIONS, type ConvertTarget, type Quantization, type Hdf5Choice } from '../../index.js';
import { runCommand, writeOut, EXIT_OK } from '../run.js';
import type { GlobalArgs } from '../main.js';
import { HDF5_OPTION, WEIGHTS_OPTION } from '../options.js';

interface ConvertArgs extends GlobalArgs {
  model: string;
  to: ConvertTarget;
  weights?: string;
  out?: string;
  force: boolean;
  quantize?: Quantization;
  hdf5: Hdf5Choice;
}

export const convertCommand: CommandModule<GlobalArgs, ConvertArgs> = {
  command: 'convert <model>',
  describe: 'Convert a model to a Keras 2 or Keras 3 config, a TensorFlow.js layers model or a Keras 3 .keras archive',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('model', { type: 'string', demandOption: true, describe: 'model file or http(s) URL (.h5, .keras archive, .json config, tfjs model.json)' })
      .option('to', {
        choices: CONVERT_TARGETS,
        demandOption: true,
        describe:
          'keras2-json = model.to_json() of Keras 2 / tf.keras; keras3-json = config.json of Keras 3; ' +
          'tfjs = TensorFlow.js layers model.json + .bin shards of at most 4 MB; keras = Keras 3 .keras archive',
      })
      .option('weights', WEIGHTS_OPTION)
      .option('out', {
        alias: 'o',
        type: 'string',
        describe: 'output: a file (json, .keras) or a folder (tfjs); default: json to stdout, <name>-tfjs/ or <name>.keras beside the input',
      })
      .option('force', { type: 'boolean', default: false, describe: 'replace an existing output' })
      .option('quantize', { choices: QUANTIZATIONS, describe: 'tfjs only: store float32 weights as uint8/uint16 (affine) or float16' })
      .option('hdf5', HDF5_OPTION)
      .example('$0 convert model.h5 --to tfjs -o web/model', 'a TensorFlow.js layers model in web/model/ (model.json + shards)')
      .example('$0 convert old_keras1.h5 --to keras -o model.keras', 'a Keras 1 file (Theano kernels, per-gate LSTMs) as a .keras archive Keras 3 loads')
      .example('$0 convert model.h5 --to keras2-json > model.json', 'the Keras 2 model.to_json() config')
      .example('$0 convert model.keras --to keras3-json -o config.json', "the Keras 3 config.json")
      .example('$0 convert model.json --weights weights.h5 --to tfjs --quantize uint8', 'a to_json() config with its weights, quantized to 8 bits') as unknown as Argv<ConvertArgs>,
  handler: (args: ArgumentsCamelCase<ConvertArgs>) =>
    runCommand(args.debug, async () => {
      const result = await convertModel(args.model, {
        to: args.to,
        weights: args.weights,
        out: args.out,
        force: args.force,
        quantize: args.quantize,
        hdf5: args.hdf5,
      });
      if (result.json !== undefined && !result.out) writeOut(JSON.stringify(result.json));
      for (const note of result.notes) process.stderr.write(`kerascope: note: ${note}\n`);
      if (result.out) {
        const what = args.to === 'tfjs' ? `${result.files.length - 1} shard(s) + model.json` : `${result.bytes} bytes`;
        // a config carries no weights: its parameter count would read 0
        const params = result.json === undefined ? `${result.params} params, ` : '';
        process.stderr.write(`kerascope: wrote ${result.out} (${result.layers} layers, ${params}${what})\n`);
      }
      return EXIT_OK;
    }),
};

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { layerCoverage, renderCoverage, COVERAGE_FORMATS, type CoverageFormat } from '../../index.js';
import { runCommand, writeOut, EXIT_OK } from '../run.js';
import type { GlobalArgs } from '../main.js';

interface LayersArgs extends GlobalArgs {
  format: CoverageFormat;
}

export const layersCommand: CommandModule<GlobalArgs, LayersArgs> = {
  command: 'layers',
  describe: 'List the layer classes kerascope reconstructs, against the ones Keras 3 exports',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('format', { choices: COVERAGE_FORMATS, default: 'text' as const, describe: 'output format' })
      .example('$0 layers', 'the coverage table: class, family, Keras versions, status')
      .example('$0 layers --format markdown', 'the same table as docs/layers.md shows it') as unknown as Argv<LayersArgs>,
  handler: (args: ArgumentsCamelCase<LayersArgs>) =>
    runCommand(args.debug, async () => {
      writeOut(renderCoverage(layerCoverage(), args.format));
      return EXIT_OK;
    }),
};

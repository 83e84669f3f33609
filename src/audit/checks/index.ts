// The audit's checks, in report order. A static list: nothing is looked up by name at run time.
import type { Check } from '../types.js';
import { containerCheck, optimizerCheck, weightsOnlyCheck } from './stored-facts.js';
import { layerWeightsCheck } from './weights.js';
import { modelWeightsCheck } from './model-weights.js';
import { dtypesCheck } from './dtypes.js';
import { valuesCheck } from './values.js';
import { lambdaCheck } from './lambda.js';
import { modulesCheck } from './modules.js';
import { tfOpsCheck } from './tf-ops.js';
import { archiveMembersCheck } from './archive-members.js';
import { trainingConfigCheck } from './training-config.js';
import { tfjsCompatCheck } from './tfjs-compat.js';
import { configStringsCheck, layerClassesCheck } from './config-names.js';

export const ALL_CHECKS: readonly Check[] = Object.freeze([
  containerCheck,
  archiveMembersCheck,
  lambdaCheck,
  modulesCheck,
  tfOpsCheck,
  layerClassesCheck,
  configStringsCheck,
  trainingConfigCheck,
  tfjsCompatCheck,
  weightsOnlyCheck,
  layerWeightsCheck,
  modelWeightsCheck,
  dtypesCheck,
  optimizerCheck,
  valuesCheck,
]);

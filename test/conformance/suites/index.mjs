import { configSuite } from './config-cases.mjs';
import { auditSuites } from './audit.mjs';
import { auditBenignSuite } from './audit-benign.mjs';
import { FORMAT_SUITES } from './formats.mjs';
import { keras3TextSuite } from './keras3-text.mjs';
import { keras3ModernSuite } from './keras3-modern.mjs';
import { corpusTextSuite } from './corpus-text.mjs';
import { corpusTotalsSuite } from './corpus-totals.mjs';
import { h5Suite } from './h5.mjs';
import { diffSuite } from './diff.mjs';
import { convertSuite } from './convert.mjs';
import { kerasHubSuite } from './kerashub.mjs';

export const SUITES = [
  configSuite('seed', 'seed models: model.json vs expected.json', ['seed-model/cifar10_cnn', 'keras3/seed-model/cifar10_cnn']),
  configSuite('generated', 'tfjs-layers generated configs (Keras 2 port)', ['generated']),
  configSuite('keras3-generated', 'real Keras 3.15.1 configs', ['keras3/generated']),
  ...auditSuites,
  auditBenignSuite,
  ...FORMAT_SUITES,
  keras3TextSuite,
  keras3ModernSuite,
  corpusTextSuite,
  corpusTotalsSuite,
  h5Suite,
  diffSuite,
  convertSuite,
  kerasHubSuite,
];

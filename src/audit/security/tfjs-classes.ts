// The layer classes @tensorflow/tfjs-layers 4.22 registers for deserialization
// (`serialization.registerClass`; models and RNN cells included). A model using any other class
// fails to load in TensorFlow.js: the audit reports it (tfjs-compat) and `--to tfjs` refuses it up front.
// test/convert/tfjs-classes.test.ts checks this list against tfjs-layers' own registry.
export const TFJS_LAYER_CLASSES: ReadonlySet<string> = new Set([
  'Activation', 'Add', 'AlphaDropout', 'Average', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'BatchNormalization', 'Bidirectional', 'CategoryEncoding', 'CenterCrop', 'Concatenate', 'Conv1D', 'Conv2D',
  'Conv2DTranspose', 'Conv3D', 'Conv3DTranspose', 'ConvLSTM2D', 'ConvLSTM2DCell', 'Cropping2D', 'Dense',
  'DepthwiseConv2D', 'Dot', 'Dropout', 'ELU', 'Embedding', 'Flatten', 'GaussianDropout', 'GaussianNoise',
  'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'GRU', 'GRUCell',
  'InputLayer', 'LayerNormalization', 'LeakyReLU', 'LSTM', 'LSTMCell', 'Masking', 'MaxPooling1D', 'MaxPooling2D',
  'MaxPooling3D', 'Maximum', 'Minimum', 'Multiply', 'Permute', 'PReLU', 'RandomWidth', 'ReLU', 'RepeatVector',
  'Rescaling', 'Reshape', 'Resizing', 'RNN', 'SeparableConv2D', 'SimpleRNN', 'SimpleRNNCell', 'Softmax',
  'SpatialDropout1D', 'StackedRNNCells', 'ThresholdedReLU', 'TimeDistributed', 'UpSampling2D', 'ZeroPadding2D',
  'Sequential', 'Model', 'Functional',
]);

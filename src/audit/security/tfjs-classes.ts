// The classes TensorFlow.js Layers (4.x) can deserialize: its serialization registry, layers and
// the initializers, regularizers, constraints and optimizers a layer config may name. A tfjs
// model.json naming another class fails in loadLayersModel ("Unknown layer"). Checked against the
// registry of the installed @tensorflow/tfjs-layers by test/audit/tfjs-compat.test.ts.
export const TFJS_CLASSES: ReadonlySet<string> = new Set(
  `Activation Adadelta Adagrad Adam Adamax Add AlphaDropout Average AveragePooling1D AveragePooling2D AveragePooling3D
BatchNormalization Bidirectional CategoryEncoding CenterCrop Concatenate Constant Conv1D Conv2D Conv2DTranspose Conv3D
Conv3DTranspose ConvLSTM2D ConvLSTM2DCell Cropping2D Dense DepthwiseConv2D Dot Dropout ELU Embedding Flatten Functional
GRU GRUCell GaussianDropout GaussianNoise GlobalAveragePooling1D GlobalAveragePooling2D GlobalMaxPooling1D
GlobalMaxPooling2D GlorotNormal GlorotUniform HeNormal HeUniform Identity InputLayer L1L2 LSTM LSTMCell LayerNormalization
LeCunNormal LeCunUniform LeakyReLU Masking MaxNorm MaxPooling1D MaxPooling2D MaxPooling3D Maximum MinMaxNorm Minimum Model
Momentum Multiply NonNeg Ones Orthogonal PReLU Permute RMSProp RNN RandomNormal RandomUniform RandomWidth ReLU RepeatVector
Rescaling Reshape Resizing SGD SeparableConv2D Sequential SimpleRNN SimpleRNNCell Softmax SpatialDropout1D StackedRNNCells
ThresholdedReLU TimeDistributed TruncatedNormal UnitNorm UpSampling2D VarianceScaling ZeroPadding2D Zeros elu gelu
gelu_new hardSigmoid linear logSoftmax mish relu relu6 selu sigmoid softmax softplus softsign swish tanh`.split(/\s+/),
);

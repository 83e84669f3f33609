// Names Keras itself provides: layer classes of every era (Keras 1, Keras 2 / tf.keras, Keras 3,
// TensorFlow.js), activation names, and the packages Keras 3 imports from. A name outside these
// tables needs custom code to load. Keras 3 list taken from `keras.layers` 3.x; older names from
// the Keras 1/2 and tf.keras layer modules.
import { layerSpec } from '../../layers/registry.js';

const KERAS3_LAYERS = `Activation ActivityRegularization AdaptiveAveragePooling1D AdaptiveAveragePooling2D
AdaptiveAveragePooling3D AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D Add AdditiveAttention
AlphaDropout Attention AugMix AutoContrast Average AveragePooling1D AveragePooling2D AveragePooling3D AvgPool1D
AvgPool2D AvgPool3D BatchNormalization Bidirectional CategoryEncoding CenterCrop Concatenate
ContrastLimitedAdaptiveHistogramEqualization Conv1D Conv1DTranspose Conv2D Conv2DTranspose Conv3D Conv3DTranspose
ConvLSTM1D ConvLSTM2D ConvLSTM3D Convolution1D Convolution1DTranspose Convolution2D Convolution2DTranspose
Convolution3D Convolution3DTranspose Cropping1D Cropping2D Cropping3D CutMix Dense DepthwiseConv1D DepthwiseConv2D
Discretization Dot Dropout ELU EinsumDense Embedding Equalization Flatten FlaxLayer GRU GRUCell GaussianDropout
GaussianNoise GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D GlobalAvgPool1D GlobalAvgPool2D
GlobalAvgPool3D GlobalMaxPool1D GlobalMaxPool2D GlobalMaxPool3D GlobalMaxPooling1D GlobalMaxPooling2D
GlobalMaxPooling3D GroupNormalization GroupQueryAttention HashedCrossing Hashing Identity InputLayer IntegerLookup
JaxLayer LSTM LSTMCell Lambda Layer LayerNormalization LeakyReLU Masking MaxNumBoundingBoxes MaxPool1D MaxPool2D
MaxPool3D MaxPooling1D MaxPooling2D MaxPooling3D Maximum MelSpectrogram Minimum MixUp MultiHeadAttention Multiply
Normalization PReLU Permute Pipeline RMSNormalization RNN RandAugment RandomBrightness RandomColorDegeneration
RandomColorJitter RandomContrast RandomCrop RandomElasticTransform RandomErasing RandomFlip RandomGaussianBlur
RandomGrayscale RandomHue RandomInvert RandomPerspective RandomPosterization RandomRotation RandomSaturation
RandomSharpness RandomShear RandomTranslation RandomZoom ReLU RepeatVector Rescaling Reshape Resizing
ReversibleEmbedding STFTSpectrogram SeparableConv1D SeparableConv2D SeparableConvolution1D SeparableConvolution2D
SimpleRNN SimpleRNNCell Softmax Solarization SpatialDropout1D SpatialDropout2D SpatialDropout3D SpectralNormalization
StackedRNNCells StringLookup Subtract TFSMLayer TextVectorization TimeDistributed TorchModuleWrapper
UnitNormalization UpSampling1D UpSampling2D UpSampling3D Wrapper ZeroPadding1D ZeroPadding2D ZeroPadding3D`;

// Keras 1 / Keras 2 / tf.keras classes that Keras 3 dropped or renamed, and model classes.
const LEGACY_LAYERS = `Sequential Functional Model Merge Input TimeDistributedDense Highway MaxoutDense
AtrousConvolution1D AtrousConvolution2D AtrousConv1D AtrousConv2D Deconvolution2D Deconvolution3D Deconv2D Deconv3D
LocallyConnected1D LocallyConnected2D ThresholdedReLU ParametricSoftplus SReLU CuDNNLSTM CuDNNGRU
ConvRecurrent2D Recurrent SeparableConv2D SeparableConvolution2D AbstractRNNCell PeepholeLSTMCell DenseFeatures
SyncBatchNormalization BatchNormalizationV1 BatchNormalizationV2 LayerNormalizationV1 RandomHeight RandomWidth
CategoryCrossing TFOpLambda SlicingOpLambda ClassMethod InstanceMethod InstanceProperty KerasTensor
RandomFourierFeatures`;

export const KERAS_LAYER_CLASSES: ReadonlySet<string> = new Set(`${KERAS3_LAYERS} ${LEGACY_LAYERS}`.split(/\s+/));

/** A layer class Keras (any era) or kerascope's layer table knows. */
export function isKnownLayerClass(className: string): boolean {
  return KERAS_LAYER_CLASSES.has(className) || layerSpec(className) !== undefined;
}

// Keras 3 keras.activations, plus Keras 1/2 and TensorFlow.js spellings.
export const KERAS_ACTIVATIONS: ReadonlySet<string> = new Set(
  `celu elu exponential gelu glu hard_shrink hard_sigmoid hard_silu hard_swish hard_tanh leaky_relu linear log_sigmoid
log_softmax mish relu relu6 selu sigmoid silu soft_shrink softmax softplus softsign sparse_plus sparse_sigmoid sparsemax
squareplus swish tanh tanh_shrink threshold hardSigmoid logSoftmax gelu_new`.split(/\s+/),
);

/** Config keys whose string value is an activation looked up by name. */
export const ACTIVATION_KEYS: ReadonlySet<string> = new Set(['activation', 'recurrent_activation', 'inner_activation', 'recurrentActivation']);

/** Top-level packages Keras 3 imports serialized objects from (serialization_lib). */
export const KERAS_PACKAGES: ReadonlySet<string> = new Set(['keras', 'keras_hub', 'keras_cv', 'keras_nlp', 'tf_keras']);

// Keras APIs that are not model components but are reachable as `{module, class_name: "function"}`
// (Keras' own NON_MODELING_APIS deny-list and the gadgets of CVE-2025-8747 / CVE-2025-9906).
export const NON_MODELLING_FUNCTIONS: ReadonlySet<string> = new Set([
  'enable_unsafe_deserialization', 'get_file', 'load_model', 'load_weights', 'save_model', 'save_weights',
  'register_keras_serializable', 'set_floatx', 'set_backend', 'disable_interactive_logging',
  'image_dataset_from_directory', 'text_dataset_from_directory', 'audio_dataset_from_directory',
  'timeseries_dataset_from_array', 'load_img', 'save_img',
]);

/** Keras submodules whose functions are never model components. */
export const NON_MODELLING_MODULES: readonly string[] = [
  'keras.config', 'keras.saving', 'keras.models', 'keras.utils', 'keras.datasets', 'keras.src.saving',
  'keras.src.utils', 'keras.src.datasets', 'keras.src.backend.config',
];

// Keras 1/2/3 and tf.keras loss and metric names a training config may give as strings (functions,
// aliases) or as `{class_name}` objects (classes), from the keras.losses / keras.metrics modules.
// Keras 2 resolves anything else through custom_objects when load_model compiles the model.
export const KERAS_LOSSES_AND_METRICS: ReadonlySet<string> = new Set(
  `mean_squared_error mse MSE mean_absolute_error mae MAE mean_absolute_percentage_error mape MAPE
mean_squared_logarithmic_error msle MSLE squared_hinge hinge categorical_hinge logcosh log_cosh huber huber_loss
categorical_crossentropy sparse_categorical_crossentropy binary_crossentropy binary_focal_crossentropy
categorical_focal_crossentropy kullback_leibler_divergence kld KLD kl_divergence poisson cosine_proximity
cosine_similarity cosine ctc dice tversky circle accuracy acc crossentropy ce binary_accuracy categorical_accuracy
sparse_categorical_accuracy top_k_categorical_accuracy sparse_top_k_categorical_accuracy
sparse_top_k_categorical_accuracy auc AUC precision recall fmeasure fbeta_score matthews_correlation
root_mean_squared_error r2_score mean mean_iou binary_iou
MeanSquaredError MeanAbsoluteError MeanAbsolutePercentageError MeanSquaredLogarithmicError Hinge SquaredHinge
CategoricalHinge Huber LogCosh BinaryCrossentropy CategoricalCrossentropy SparseCategoricalCrossentropy
BinaryFocalCrossentropy CategoricalFocalCrossentropy KLDivergence Poisson CosineSimilarity CTC Dice Tversky Circle
LossFunctionWrapper Loss Reduction Accuracy BinaryAccuracy CategoricalAccuracy SparseCategoricalAccuracy
TopKCategoricalAccuracy SparseTopKCategoricalAccuracy AUC Precision Recall PrecisionAtRecall RecallAtPrecision
SensitivityAtSpecificity SpecificityAtSensitivity TruePositives TrueNegatives FalsePositives FalseNegatives
MeanIoU IoU BinaryIoU OneHotIoU OneHotMeanIoU F1Score FBetaScore R2Score RootMeanSquaredError LogCoshError
Mean Sum MeanMetricWrapper MeanTensor SumOverBatchSize SumOverBatchSizeMetricWrapper Metric
ConcordanceCorrelation PearsonCorrelation`.split(/\s+/),
);

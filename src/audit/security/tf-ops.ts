// TensorFlow API symbols a tf.keras 2.x `TFOpLambda` / `SlicingOpLambda` layer calls. Keras stores the
// symbol's API name without the `tf.` prefix (`math.add`, `compat.v1.gfile.Open`) and on load looks it
// up in TensorFlow's export table (`get_symbol_from_name`), so any public TF function can be named:
// ones that read or write files, reach the network, load libraries or run Python are hostile; pure
// tensor maths is routine; anything else is named for a human to judge.
//
// Patterns are API names after `normalizeTfOpName`; a trailing `*` matches any rest of the name.

/** Symbols that touch files, the network, processes or run Python (their raw_ops spellings too). */
const DENY = `
io.write_file io.read_file io.gfile.* io.matching_files io.write_graph io.TFRecordWriter
read_file write_file matching_files gfile.* python_io.* write_graph
py_function numpy_function py_func script_ops.* load_library load_op_library
summary.* contrib.summary.* data.experimental.save data.experimental.load data.experimental.TFRecordWriter
data.Dataset.save data.Dataset.load data.TFRecordDataset data.TextLineDataset data.FixedLengthRecordDataset
data.experimental.SqlDataset data.experimental.CsvDataset data.experimental.make_csv_dataset
data.experimental.make_batched_features_dataset data.experimental.snapshot data.experimental.service.*
saved_model.* train.Checkpoint* train.Saver* train.load_* train.list_variables train.latest_checkpoint
train.write_graph lookup.TextFileInitializer lookup.experimental.DatasetInitializer
config.experimental_connect_to_* distribute.experimental.rpc.* debugging.experimental.*
raw_ops.WriteFile raw_ops.ReadFile raw_ops.MatchingFiles raw_ops.PyFunc raw_ops.PyFuncStateless
raw_ops.EagerPyFunc raw_ops.Save raw_ops.SaveV2 raw_ops.SaveSlices raw_ops.Restore raw_ops.RestoreV2
raw_ops.RestoreSlice raw_ops.MergeV2Checkpoints raw_ops.*Summary* raw_ops.ImportEvent raw_ops.*Reader
raw_ops.*ReaderV2 raw_ops.Reader* raw_ops.TFRecordDataset* raw_ops.TextLineDataset* raw_ops.FixedLengthRecordDataset*
raw_ops.*SqlDataset raw_ops.*CSVDataset* raw_ops.*LMDB* raw_ops.MatchingFilesDataset raw_ops.*SaveDataset*
raw_ops.*LoadDataset raw_ops.*Snapshot* raw_ops.DatasetToTFRecord raw_ops.*DatasetToTFRecord
raw_ops.InitializeTableFromTextFile* raw_ops.ImmutableConst raw_ops.Debug* raw_ops.*Rpc* raw_ops.DecodeProtoV2
raw_ops.EncodeProto raw_ops.LoadAndRemapMatrix raw_ops.GenerateVocabRemapping
`;

/** Pure tensor maths and array manipulation: no finding. */
const ALLOW = `
__operators__.* math.* nn.* linalg.* signal.* random.* sparse.* ragged.* bitwise.* dtypes.* strings.* image.*
experimental.numpy.* quantization.* audio.decode_wav audio.encode_wav types.*
io.decode_* io.encode_* io.parse_* io.serialize_* debugging.assert_* debugging.check_numerics
debugging.is_numeric_tensor
abs acos acosh add add_n argmax argmin argsort asin asinh atan atan2 atanh batch_to_space bitcast boolean_mask
broadcast_dynamic_shape broadcast_static_shape broadcast_to cast ceil clip_by_global_norm clip_by_norm
clip_by_value complex concat cond constant convert_to_tensor cos cosh cumsum divide dynamic_partition
dynamic_stitch einsum ensure_shape equal exp expand_dims eye fill floor floordiv fingerprint gather gather_nd
greater greater_equal guarantee_const histogram_fixed_width identity identity_n less less_equal linspace
logical_and logical_not logical_or math_ops.* matmul maximum meshgrid minimum multiply negative norm not_equal
one_hot ones ones_like pad pow range rank realdiv reduce_all reduce_any reduce_logsumexp reduce_max reduce_mean
reduce_min reduce_prod reduce_sum repeat reshape reverse reverse_sequence roll round rsqrt scatter_nd
searchsorted sequence_mask shape shape_n sigmoid sign sin sinh size slice sort space_to_batch
space_to_batch_nd split sqrt square squeeze stack stop_gradient strided_slice subtract tan tanh tensor_scatter_nd_add
tensor_scatter_nd_max tensor_scatter_nd_min tensor_scatter_nd_sub tensor_scatter_nd_update tensordot tile
timestamp transpose truediv truncatediv truncatemod unique unique_with_counts unravel_index unstack where zeros
zeros_like depth_to_space space_to_depth extract_volume_patches log div mod
`;

type Pattern = (name: string) => boolean;

function patterns(list: string): Pattern[] {
  return list.split(/\s+/).filter(Boolean).map((p) => {
    if (!p.includes('*')) return (n: string) => n === p;
    const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return (n: string) => re.test(n);
  });
}

const DENIED = patterns(DENY);
const ALLOWED = patterns(ALLOW);

/** The API name without the prefixes that do not change which function it is (`tf.`, `compat.v1.`). */
export function normalizeTfOpName(name: string): string {
  let n = name.trim();
  for (let again = true; again; ) {
    const before = n;
    n = n.replace(/^(tensorflow|tf)\./, '').replace(/^compat\.v[12]\./, '');
    again = n !== before;
  }
  return n;
}

export type TfOpClass = 'unsafe' | 'pure' | 'unknown';

/** What calling this TF API symbol from a model means; deny wins over allow. */
export function classifyTfOp(name: string): TfOpClass {
  const n = normalizeTfOpName(name);
  if (DENIED.some((p) => p(n))) return 'unsafe';
  return ALLOWED.some((p) => p(n)) ? 'pure' : 'unknown';
}

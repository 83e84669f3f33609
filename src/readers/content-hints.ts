// Names what a file is when it is not a model: the usual suspects behind a ".h5" that will not open.
const latin1 = new TextDecoder('latin1');

/** tfjs shard names: `group1-shard1of3.bin` (converter), `weights.bin` (model.save to files) */
const TFJS_SHARD_NAME = /(^|[\\/])(group\d+-shard\d+of\d+(\.bin)?|[^\\/]*weights\.bin)$/;

/** A short phrase ("an HTML page", "a Git LFS pointer …") or null when nothing is recognised. */
export function describeContent(head: Uint8Array, name = ''): string | null {
  // Raw tensor bytes have no signature: the name is all there is to go on.
  if (TFJS_SHARD_NAME.test(name)) return 'a TensorFlow.js weight shard (raw tensor bytes): open the model.json beside it';
  const text = latin1.decode(head.subarray(0, 512));
  if (text.startsWith('version https://git-lfs.github.com/spec/')) {
    const size = /\nsize (\d+)/.exec(text)?.[1];
    return `a Git LFS pointer, not the file itself${size ? ` (real size ${size} bytes)` : ''}: fetch it with "git lfs pull"`;
  }
  if (/^\s*(<!doctype html|<html|<\?xml|<head|<body)/i.test(text)) return 'an HTML page (a saved web page or error page), not a model file';
  if (head[0] === 0x80 && head[1] >= 2 && head[1] <= 5) return 'a Python pickle, not a Keras model file (never unpickled)';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'a zip archive without Keras members';
  if (head[0] === 0x93 && text.startsWith('NUMPY', 1)) return 'a NumPy .npy array, not a Keras model file';
  return null;
}

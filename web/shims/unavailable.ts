// Node modules the browser bundle references but never reaches (h5wasm's Node build, module
// resolution by hand): any use is an error, not a silent no-op.
function unavailable(): never {
  throw new Error('not available in the browser');
}
export const createRequire = unavailable;
export const pathToFileURL = unavailable;
export default {};

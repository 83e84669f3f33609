// Streams every stored tensor of an HDF5 model into typed arrays (what value checks and conversion
// do) and prints the count and sum of the values. Summing touches every value, so no read can be
// skipped; it uses four accumulators so that the sum, not the reading, is never what is timed
// (one running sum is bound by the latency of each addition: ~0.2 s for this file's 138M values).
import { openModelFile } from 'kerascope'; // the package entry, as a user imports it

function sum(xs) {
  const n4 = xs.length - (xs.length % 4);
  let a = 0, b = 0, c = 0, d = 0;
  for (let i = 0; i < n4; i += 4) {
    a += xs[i];
    b += xs[i + 1];
    c += xs[i + 2];
    d += xs[i + 3];
  }
  for (let i = n4; i < xs.length; i++) a += xs[i];
  return a + b + c + d;
}

const raw = await openModelFile(process.argv[2], { hdf5: process.argv[3] ?? 'auto' });
const store = raw.weights;
let n = 0;
let total = 0;
for (const layer of store.layers) {
  for (const t of layer.tensors) {
    for await (const slab of store.stream(t.path)) {
      total += sum(slab);
      n += slab.length;
    }
  }
}
await store.close();
console.log(JSON.stringify({ values: n, sum: total, backend: raw.meta.hdf5Backend }));

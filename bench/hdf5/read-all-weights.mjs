// Streams every stored tensor of an HDF5 model into typed arrays (what value checks and conversion
// do) and prints the count and sum of the values.
import { openModelFile } from '../../dist/index.js';

const raw = await openModelFile(process.argv[2], { hdf5: process.argv[3] ?? 'auto' });
const store = raw.weights;
let n = 0;
let sum = 0;
for (const layer of store.layers) {
  for (const t of layer.tensors) {
    for await (const slab of store.stream(t.path)) {
      for (let i = 0; i < slab.length; i++) sum += slab[i];
      n += slab.length;
    }
  }
}
await store.close();
console.log(JSON.stringify({ values: n, sum, backend: raw.meta.hdf5Backend }));

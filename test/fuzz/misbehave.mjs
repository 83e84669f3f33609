// A deliberately broken "reader" for testing the fuzz harness: the input's text says how to fail.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export async function target(path) {
  const what = readFileSync(path, 'utf8').trim();
  if (what === 'hang') for (;;);
  if (what === 'alloc') return new Float32Array(200 * 1024 * 1024).length;
  if (what === 'heap') {
    const keep = [];
    for (;;) keep.push(new Array(1 << 20).fill(keep.length + 0.5));
  }
  // One allocation larger than the whole heap ceiling: V8 gives up after its last-resort GC with a
  // fatal process-wide OOM (worker threads' resourceLimits did not catch this; it killed the fuzzer).
  if (what === 'bigarray') return new Array(60_000_000).fill(0.5).length;
  if (what === 'wasm') {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
    memory.grow(2000); // 125 MiB, touched so that it is resident
    new Uint8Array(memory.buffer).fill(1);
    return memory.buffer.byteLength;
  }
  if (what === 'write') writeFileSync(join(dirname(path), 'out.txt'), 'x');
  if (what === 'outside') readFileSync('/etc/hostname');
  if (what === 'crash') return null.x;
  if (what === 'reject') Promise.reject(new Error('dangling'));
}

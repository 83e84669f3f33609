// The floor for any Node.js converter: the file's bytes copied into 4 MiB shard files in 128 KiB
// pieces with synchronous reads and writes (what kerascope's tfjs writer does, minus parsing and
// start-up). `cp` copies inside the kernel (copy_file_range), which no Node API exposes.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

const [, , file, out] = process.argv;
const SHARD = 4 * 1024 * 1024;
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const fd = openSync(file, 'r');
const size = fstatSync(fd).size;
const buf = Buffer.allocUnsafeSlow(128 * 1024);
let shard = null;
let fill = 0;
let index = 0;
for (let pos = 0; pos < size; ) {
  const n = readSync(fd, buf, 0, Math.min(buf.length, SHARD - fill), pos);
  if (n === 0) break;
  if (shard === null) shard = openSync(`${out}/group1-shard${++index}.bin`, 'wx');
  for (let at = 0; at < n; ) at += writeSync(shard, buf, at, n - at);
  pos += n;
  fill += n;
  if (fill === SHARD) {
    closeSync(shard);
    shard = null;
    fill = 0;
  }
}
if (shard !== null) closeSync(shard);
closeSync(fd);

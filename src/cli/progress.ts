// A one-line progress bar on stderr, drawn only on a terminal (CI logs get nothing).
export interface Progress {
  start(total: number): void;
  tick(file: string): void;
  done(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { start() {}, tick() {}, done() {} };
  let total = 0;
  let n = 0;
  const draw = (file: string) => {
    const width = 30;
    const filled = total ? Math.round((n / total) * width) : width;
    const name = file.length > 40 ? `…${file.slice(-39)}` : file;
    stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n}/${total} ${name}`);
  };
  return {
    start(t) {
      total = t;
      draw('');
    },
    tick(file) {
      n++;
      draw(file);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}

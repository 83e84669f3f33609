// The CLI on URLs (built dist/, run as a child process against the in-process model host): the same
// output as for the file, JSON that validates and says what the read cost, credentials sent but
// never printed, `scan --urls` with shards, and bad URLs as one coded line with exit status 2.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startModelHost, type ModelHost } from './model-server.js';

const root = join(__dirname, '../..');
const CLI = join(root, 'dist/cli/main.js');
const schema = (name: string) => JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema(schema('summary.schema.json'));
const validateAudit = ajv.compile(schema('audit.schema.json'));
const validateSummary = ajv.getSchema('https://kerascope.dev/schemas/summary.schema.json') ?? ajv.compile(schema('summary.schema.json'));

let host: ModelHost;
beforeAll(async () => {
  host = await startModelHost(join(root, 'fixtures'));
});
afterAll(() => host.close());

/** Runs the CLI without blocking this thread (the server answers from its own thread anyway). */
function run(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...opts.env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(opts.stdin ?? '');
  });
}

describe('commands on a URL', () => {
  test('summary text: the same as for the file', async () => {
    const local = await run(['summary', 'fixtures/cifar10_cnn.h5']);
    const remote = await run(['summary', `${host.url}/files/cifar10_cnn.h5`]);
    expect(remote).toEqual(local);
    expect(local.status).toBe(0);
  });

  test('audit --values JSON names the URL, says bytes and requests, and validates', async () => {
    const url = `${host.url}/files/keras3/functional_multi.keras`;
    const r = await run(['audit', url, '--values', '--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(validateAudit(json), JSON.stringify(validateAudit.errors)).toBe(true);
    expect(json.file).toBe(url);
    const size = readFileSync(join(root, 'fixtures/keras3/functional_multi.keras')).length;
    expect(json.transfer.requests).toBeGreaterThanOrEqual(1);
    expect(json.transfer.bytes).toBeGreaterThan(0);
    expect(json.transfer.bytes).toBeLessThanOrEqual(2 * size); // pages of the archive, some fetched twice at most
    const local = JSON.parse((await run(['audit', 'fixtures/keras3/functional_multi.keras', '--values', '--format', 'json'])).stdout);
    // the file's size and sha256 say which bytes were audited; a URL's would mean downloading it whole
    expect(json.sha256).toBeUndefined();
    expect(local.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect({ ...json, file: 'x', transfer: undefined }).toEqual({ ...local, file: 'x', transfer: undefined, size: undefined, sha256: undefined });
  });

  test('summary JSON carries the transfer too, and validates', async () => {
    const r = await run(['summary', `${host.url}/files/tfjs/tiny_cnn/model.json`, '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect(validateSummary!(json)).toBe(true);
    // model.json only: one request, its bytes
    expect(json.transfer).toEqual({ bytes: readFileSync(join(root, 'fixtures/tfjs/tiny_cnn/model.json')).length, requests: 1 });
  });

  test('convert from a URL: the same files as from the file, written to the current folder by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-convert-'));
    const local = await run(['convert', 'fixtures/cifar10_cnn.h5', '--to', 'keras', '-o', join(dir, 'local.keras')]);
    const remote = await run(['convert', `${host.url}/files/cifar10_cnn.h5`, '--to', 'keras', '-o', join(dir, 'remote.keras')]);
    expect([local.status, remote.status]).toEqual([0, 0]);
    // The archives differ only in save times (metadata.json, HDF5 object headers): same config, same values.
    const member = (f: string, m: string) => Buffer.from(unzipSync(readFileSync(join(dir, f)))[m]).toString('utf8');
    expect(member('remote.keras', 'config.json')).toBe(member('local.keras', 'config.json'));
    const same = await run(['diff', join(dir, 'remote.keras'), join(dir, 'local.keras'), '--values', '--format', 'json']);
    expect(same.status).toBe(0);
    const weights = JSON.parse(same.stdout).layers.flatMap((l: { weights?: { status: string }[] }) => l.weights ?? []);
    expect(weights.length).toBe(12); // 4 Conv2D and 2 Dense layers, a kernel and a bias each
    expect(weights.every((w: { status: string }) => w.status === 'identical')).toBe(true);
    const lib = await import(join(root, 'dist/lib/kerascope.js'));
    expect(lib.defaultOutput(`${host.url}/files/cifar10_cnn.h5?download=1`, 'keras')).toBe('cifar10_cnn.keras');
  });

  test('diff of a URL and the file: no differences', async () => {
    const r = await run(['diff', `${host.url}/files/cifar10_cnn.h5`, 'fixtures/cifar10_cnn.h5', '--values']);
    expect(r.status).toBe(0);
  });

  test('--header and KERASCOPE_HTTP_HEADERS reach the server and never the output', async () => {
    const since = (await host.log()).length;
    const r = await run(['audit', `${host.url}/files/nope.h5`, '--header', 'Authorization: Bearer sekrit-1'], { env: { KERASCOPE_HTTP_HEADERS: 'X-Api-Key: sekrit-2' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`kerascope: ${host.url}/files/nope.h5: no such file (HTTP 404) [E_FILE_NOT_FOUND]\n`);
    expect(r.stdout + r.stderr).not.toMatch(/sekrit/);
    const seen = (await host.log()).slice(since);
    expect(seen.map((e) => e.authorization)).toEqual(['Bearer sekrit-1']);
  });
});

describe('bad URLs: one coded line, exit 2', () => {
  test.each([
    ['http://', 'E_BAD_URL'],
    ['ftp://example.invalid/model.h5', 'E_BAD_URL'],
    ['http://[::1/model.h5', 'E_BAD_URL'],
  ])('%s', async (url, code) => {
    const r = await run(['summary', url]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^kerascope: .*\\[${code}\\]\\n$`));
  });

  test('a refused connection: E_NETWORK after the retries', async () => {
    const r = await run(['summary', 'http://127.0.0.1:9/model.h5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kerascope: http:\/\/127\.0\.0\.1:9\/model\.h5: cannot read: ECONNREFUSED \[E_NETWORK\]\n$/);
  }, 30_000);
});

describe('scan --urls', () => {
  const models = ['cifar10_cnn.h5', 'keras3/functional_multi.keras', 'keras3/sequential_renamed.keras', 'tfjs/tiny_cnn/model.json', 'h5/k3_legacy.h5', 'h5/k1_dense.h5', 'nope.h5'];
  const list = () => `# models\n${models.map((m) => `${host.url}/files/${m}`).join('\n')}\n\n`;

  test('every URL once across the shards of a CI matrix, each report the same as the whole scan', async () => {
    const whole = await run(['scan', '--urls', '-', '--format', 'jsonl', '--jobs', '2'], { stdin: list() });
    expect(whole.status).toBe(1); // nope.h5 is unreadable
    const all = whole.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(all.map((f) => f.file)).toEqual(models.map((m) => `${host.url}/files/${m}`));
    for (const f of all) expect(validateAudit(f), JSON.stringify(validateAudit.errors)).toBe(true);
    expect(all.find((f) => f.file.endsWith('nope.h5')).error.code).toBe('E_FILE_NOT_FOUND');
    expect(all.filter((f) => f.transfer).length).toBe(models.length - 1);

    const dir = mkdtempSync(join(tmpdir(), 'kerascope-urls-'));
    writeFileSync(join(dir, 'urls.txt'), list());
    const shards = await Promise.all([1, 2, 3].map((k) => run(['scan', '--urls', join(dir, 'urls.txt'), '--shard', `${k}/3`, '--format', 'jsonl', '--jobs', '1'])));
    const byShard = shards.map((s) => s.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    const files = byShard.flat().map((f) => f.file);
    expect(files.sort()).toEqual([...all.map((f) => f.file)].sort());
    const strip = ({ transfer, ...f }: Record<string, unknown>) => f;
    for (const f of byShard.flat()) expect(strip(f)).toEqual(strip(all.find((a) => a.file === f.file)));
  }, 60_000);

  test('120 URLs: per-file results in list order, a bounded number of connections', async () => {
    const many = Array.from({ length: 120 }, (_, i) => `${host.url}/files/h5/k1_dense.h5?copy=${i}`);
    const r = await run(['scan', '--urls', '-', '--format', 'jsonl', '--jobs', '2'], { stdin: many.join('\n') });
    expect(r.status).toBe(0);
    const files = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(files.map((f) => f.file)).toEqual(many);
    expect(files.every((f) => f.verdict === 'clean' && f.transfer.requests === 1)).toBe(true);
    // two worker threads, each at most 4 connections to a host
    expect(await host.maxSockets()).toBeLessThanOrEqual(8);
  }, 120_000);

  test('a line that is not a URL stops the scan before any request', async () => {
    const since = (await host.log()).length;
    const r = await run(['scan', '--urls', '-'], { stdin: `${host.url}/files/cifar10_cnn.h5\nmodels/local.h5\n` });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kerascope: stdin: line 2: not a valid URL (models/local.h5) [E_BAD_URL]\n');
    expect((await host.log()).length).toBe(since);
  });
});

// Models read from URLs equal the same models read from disk, over a real HTTP server on 127.0.0.1
// (model-server.ts) that also redirects, ignores Range, fails transiently, stalls and changes files.
// Runs the built library (dist/): the fetch thread is a module of its own there.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startModelHost, type ModelHost } from './model-server.js';
import { MAX_MEMBER_SCAN_BYTES } from '../../src/readers/limits.js';

const root = join(__dirname, '../..');
const fixtures = join(root, 'fixtures');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let lib: any;
let host: ModelHost;

beforeAll(async () => {
  lib = await import(join(root, 'dist/lib/kerascope.js'));
  host = await startModelHost(fixtures);
});
afterAll(() => host.close());

/** Requests the server saw for paths containing `part`, from the `since`-th log entry on. */
const requestsFor = async (part: string, since = 0) => (await host.log()).slice(since).filter((e) => e.path.includes(part));
const logLength = async () => (await host.log()).length;

/** What a reading yields: summary JSON and audit (findings, tensor statistics), or the error code. */
async function outcome(target: string, opts: Record<string, unknown> = {}) {
  try {
    const raw = await lib.readRaw(target, opts);
    let summary: unknown = null;
    try {
      summary = raw.config === null ? lib.summarizeWeights(raw) : lib.summarize(lib.loadModel(raw));
    } finally {
      await raw.weights?.close();
    }
    const audited = await lib.auditFile(target, { values: true, ...opts });
    // Reports name what was read: the path or the URL, the same in both readings once replaced.
    const named = (x: unknown) => JSON.parse(JSON.stringify(x ?? null).replaceAll(target, '<model>').replaceAll(String(opts.weights), '<weights>'));
    return { summary: named(summary), findings: named(audited.result.findings), tensors: audited.result.tensorStats, transfer: raw.transfer };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
}

const withoutTransfer = ({ transfer, ...rest }: Record<string, unknown>) => rest;

describe('the same results from a URL as from the file', () => {
  const cases = [
    'cifar10_cnn.h5',
    'keras3/functional_multi.keras',
    'keras3/sequential_renamed.keras',
    'zip/stored.keras',
    'tfjs/tiny_cnn/model.json',
    'tfjs/functional_shared_nested/model.json',
    'keras3-modern/sharded.weights.json',
    ...readdirSync(join(fixtures, 'h5')).map((f) => `h5/${f}`),
  ];
  test.each(cases)('%s', async (rel) => {
    const local = await outcome(join(fixtures, rel));
    const remote = await outcome(`${host.url}/files/${rel}`);
    // h5/ holds broken and hostile files too; the others are whole models, so two equal errors would prove nothing
    if (!rel.startsWith('h5/')) expect(local).not.toHaveProperty('error');
    expect(withoutTransfer(remote)).toEqual(withoutTransfer(local));
    // a reading that worked went over HTTP and says so
    if (!('error' in remote)) expect(remote.transfer?.requests).toBeGreaterThan(0);
  });

  test('a config with its weights file, both URLs', async () => {
    const local = await outcome(join(fixtures, 'h5/k3_functional.json'), { weights: join(fixtures, 'h5/k3_functional.weights.h5') });
    const remote = await outcome(`${host.url}/files/h5/k3_functional.json`, { weights: `${host.url}/files/h5/k3_functional.weights.h5` });
    expect(local).not.toHaveProperty('error');
    expect(withoutTransfer(remote)).toEqual(withoutTransfer(local));
  });
});

test('--hdf5 h5wasm on a URL: the file fetched whole, the same results', async () => {
  const local = await outcome(join(fixtures, 'h5/k3_legacy.h5'), { hdf5: 'h5wasm' });
  const remote = await outcome(`${host.url}/files/h5/k3_legacy.h5`, { hdf5: 'h5wasm' });
  expect(local).not.toHaveProperty('error');
  expect(withoutTransfer(remote)).toEqual(withoutTransfer(local));
});

describe('only the bytes needed', () => {
  test('summary of the 5 MB seed model: its metadata pages, not its weights', async () => {
    const since = await logLength();
    const raw = await lib.readRaw(`${host.url}/files/cifar10_cnn.h5`);
    lib.summarize(lib.loadModel(raw));
    await raw.weights?.close();
    const sent = (await requestsFor('cifar10_cnn.h5', since)).reduce((n, e) => n + e.sent, 0);
    expect(sent).toBeLessThan(1024 * 1024); // of 5,044,128 bytes
    expect(raw.transfer).toEqual({ bytes: sent, requests: (await requestsFor('cifar10_cnn.h5', since)).length });
    expect(raw.transfer.requests).toBeLessThanOrEqual(8);
  });

  test('tfjs: model.json alone for a summary, the shards once values are read', async () => {
    const since = await logLength();
    const raw = await lib.readRaw(`${host.url}/files/tfjs/tiny_cnn/model.json`);
    lib.summarize(lib.loadModel(raw));
    expect(await requestsFor('.bin', since)).toEqual([]);
    const first = raw.weights.tensors?.[0] ?? raw.weights.layers[0].tensors[0];
    await raw.weights.read(first.path);
    expect((await requestsFor('shard', since)).length).toBeGreaterThan(0);
    await raw.weights.close();
  });

  test('a .keras with 24 MB of assets: the directory, config and weights member, never the assets', async () => {
    // An archive as Keras writes it (members stored), with a large asset between config and weights.
    const dir = mkdtempSync(join(tmpdir(), 'kerascope-url-'));
    const members = unzipSync(readFileSync(join(fixtures, 'keras3/functional_multi.keras')));
    const padding = new Uint8Array(24 << 20).fill(7);
    const archive = zipSync({ 'metadata.json': members['metadata.json'], 'config.json': members['config.json'], 'assets/vocab.bin': padding, 'model.weights.h5': members['model.weights.h5'] }, { level: 0 });
    writeFileSync(join(dir, 'big.keras'), archive);
    const padded = await startModelHost(dir);
    try {
      const local = await outcome(join(dir, 'big.keras'));
      const remote = await outcome(`${padded.url}/files/big.keras`);
      expect(withoutTransfer(remote)).toEqual(withoutTransfer(local));
      const sent = (await padded.log()).reduce((n, e) => n + e.sent, 0);
      // two readings: the summary's pages, none of the asset's; the audit's, which looks at most
      // MAX_MEMBER_SCAN_BYTES into each member Keras does not write (what is it? a pickle?)
      expect(sent).toBeLessThan(2 * 512 * 1024 + MAX_MEMBER_SCAN_BYTES);
      expect(remote.transfer.bytes).toBeLessThan(256 * 1024);
    } finally {
      await padded.close();
    }
  });

  test('a .keras: the zip directory and config, then only the weights pages', async () => {
    const since = await logLength();
    const raw = await lib.readRaw(`${host.url}/files/keras3/functional_multi.keras`);
    lib.summarize(lib.loadModel(raw));
    await raw.weights?.close();
    const ranges = await requestsFor('functional_multi', since);
    expect(ranges.every((e) => e.status === 206)).toBe(true);
    expect(raw.transfer.requests).toBe(ranges.length);
  });
});

describe('servers as they are', () => {
  test('a redirect to another origin: followed once, then the final URL directly; credentials stay home', async () => {
    const since = await logLength();
    const raw = await lib.readRaw(`${host.url}/redirect/cifar10_cnn.h5`, { http: { headers: { authorization: 'Bearer s3cret' } } });
    expect(lib.summarize(lib.loadModel(raw)).total_params).toBe(1250858);
    await raw.weights?.close();
    const seen = (await host.log()).slice(since);
    expect(seen.filter((e) => e.path.startsWith('/redirect/'))).toHaveLength(1);
    expect(seen.filter((e) => e.server === 'b').length).toBeGreaterThan(1);
    expect(seen.find((e) => e.server === 'a')?.authorization).toBe('Bearer s3cret');
    expect(seen.filter((e) => e.server === 'b').every((e) => e.authorization === undefined)).toBe(true);
  });

  test('a server that ignores Range: a small file is read whole in one request', async () => {
    const since = await logLength();
    const local = await outcome(join(fixtures, 'h5/k3_legacy.h5'));
    const remote = await outcome(`${host.url}/norange/h5/k3_legacy.h5`);
    expect(withoutTransfer(remote)).toEqual(withoutTransfer(local));
    // one request for readRaw, one for the audit's own open
    expect(await requestsFor('/norange/', since)).toHaveLength(2);
  });

  test('a server that ignores Range, a file past the cap: E_LIMIT, without downloading it', async () => {
    const since = await logLength();
    await expect(lib.readRaw(`${host.url}/norange/cifar10_cnn.h5`, { http: { maxWholeBodyBytes: 256 * 1024 } })).rejects.toMatchObject({ code: 'E_LIMIT' });
    // The server wrote its whole body into the socket, but the client read at most the cap of it.
    expect((await requestsFor('/norange/', since)).length).toBeLessThanOrEqual(2);
  });

  test.each([
    [503, 2],
    [429, 3],
    [500, 1],
    [416, 1],
  ])('HTTP %i to the first %i requests: retried, then read', async (status, n) => {
    const since = await logLength();
    const raw = await lib.readRaw(`${host.url}/flaky/${n}/${status}/cifar10_cnn.h5`, { http: { backoffMs: 1 } });
    expect(lib.summarize(lib.loadModel(raw)).total_params).toBe(1250858);
    await raw.weights?.close();
    expect((await requestsFor('/flaky/', since)).filter((e) => e.status === status)).toHaveLength(n);
  });

  test('a server that keeps failing: E_NETWORK after the bounded retries', async () => {
    const since = await logLength();
    await expect(lib.readRaw(`${host.url}/flaky/99/503/cifar10_cnn.h5`, { http: { backoffMs: 1, retries: 2 } })).rejects.toMatchObject({ code: 'E_NETWORK' });
    expect(await requestsFor('/flaky/99/', since)).toHaveLength(3);
  });

  test('a stalled server: E_NETWORK once the timeout passes, for each bounded try', async () => {
    const t0 = Date.now();
    await expect(lib.readRaw(`${host.url}/stall/cifar10_cnn.h5`, { http: { timeoutMs: 300, retries: 1, backoffMs: 1 } })).rejects.toMatchObject({ code: 'E_NETWORK' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  test.each([1, 2, 3])('a file replaced after %i requests: E_CHANGED, never bytes of both', async (n) => {
    const read = async () => {
      const raw = await lib.readRaw(`${host.url}/changing/${n}/cifar10_cnn.h5`);
      lib.summarize(lib.loadModel(raw));
      for (const layer of raw.weights.layers) for (const t of layer.tensors) await raw.weights.read(t.path);
    };
    await expect(read()).rejects.toMatchObject({ code: 'E_CHANGED' });
  });

  test('404: E_FILE_NOT_FOUND naming the URL', async () => {
    await expect(lib.readRaw(`${host.url}/files/nope.h5`)).rejects.toMatchObject({ code: 'E_FILE_NOT_FOUND', file: `${host.url}/files/nope.h5` });
  });

  test('credentials in the URL are sent as Basic auth and never named', async () => {
    const since = await logLength();
    const url = `${host.url.replace('//', '//ann:pw%21@')}/files/nope.h5`;
    const e = await lib.readRaw(url).catch((x: unknown) => x);
    expect(e.code).toBe('E_FILE_NOT_FOUND');
    expect(e.file).toBe(`${host.url.replace('//', '//***@')}/files/nope.h5`);
    expect(e.oneLine()).not.toContain('pw');
    expect((await host.log())[since].authorization).toBe(`Basic ${Buffer.from('ann:pw!').toString('base64')}`);
  });
});

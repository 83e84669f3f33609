// One file behind a URL, read with Range requests: its size and validators (ETag, Last-Modified)
// from the first answer, a cache of 4 KiB blocks, read-ahead that grows while reads are sequential
// (tensor data streamed in slabs), retries with backoff, redirects. Runs in the fetch thread.
//
// Every answer is checked against the first one (size, ETag, Last-Modified) before its bytes are
// used, so bytes of two versions of a file are never mixed: a change is E_CHANGED. A server that
// ignores Range answers 200 with the whole file: its body is read only as far as needed and the
// connection dropped; a small file is kept whole, a read further than maxWholeBodyBytes is refused.
import type { IncomingHttpHeaders } from 'node:http';
import { ErrorCode, KerascopeError } from '../../errors.js';
import { MAX_HTTP_CACHE_BYTES } from '../limits.js';
import { ConnectionFailure, exchange, type Answer } from './exchange.js';
import type { HttpSettings } from './settings.js';

/**
 * Cache and request unit. Small: a probe for an HDF5 signature at 1, 2, 4, … MB of a zip, or a zip
 * member's local header, costs a 4 KiB request, not a page; the HDF5 reader asks for its 64 KiB pages
 * itself (paged-file.ts), and sequential reads grow their requests by read-ahead.
 */
const BLOCK = 4 * 1024;
/** The first request: the sniffed head, the HDF5 superblock and root group, a small JSON file whole. */
const FIRST_READ = 64 * 1024;
/** Read-ahead stops growing here: sequential reads of a large tensor cost one request per 16 MiB. */
const MAX_READ_AHEAD = 16 * 1024 * 1024;
const MAX_REDIRECTS = 10;
const TRANSIENT = new Set([408, 416, 425, 429, 500, 502, 503, 504]);
/** bytes of an error answer's body read before the connection is dropped */
const ERROR_BODY = 4096;

export class Resource {
  refs = 1;
  size = -1;
  /** bytes fetched (bodies, as received) and requests sent, redirects and retries included */
  bytes = 0;
  requests = 0;
  /** where the last redirect led: follow-up requests go there directly */
  private target: URL;
  private etag: string | undefined;
  private lastModified: string | undefined;
  /** the file's first bytes, from a server that ignored Range (the whole file once it is all read) */
  private prefix: Uint8Array | null = null;
  private readonly blocks = new Map<number, Uint8Array>();
  private cachedBytes = 0;
  private lastEnd = -1;
  private ahead = 0;

  constructor(
    private readonly url: URL,
    /** what errors name (the URL without credentials) */
    private readonly name: string,
    /** the only origin the credentials (settings.headers, the URL's user:password) are sent to */
    private readonly credentialOrigin: string,
    private readonly settings: HttpSettings,
    private readonly onProgress: () => void,
  ) {
    this.target = url;
  }

  /** The first request: its first 64 KiB, and with them the size and validators. */
  async open(): Promise<void> {
    const got = await this.fetch(0, FIRST_READ);
    if (got.at === 0 && this.prefix === null) this.keep(0, got.bytes);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, offset + Math.max(0, length));
    if (offset < 0 || end <= offset) return new Uint8Array(0);
    const fresh = new Map<number, Uint8Array>();
    if (!this.covered(offset, end, fresh)) {
      const first = Math.floor(offset / BLOCK);
      const last = Math.floor((end - 1) / BLOCK);
      let from = first;
      while (this.blocks.has(from)) from++;
      let to = last;
      while (this.blocks.has(to)) to--;
      this.ahead = offset === this.lastEnd ? Math.min(MAX_READ_AHEAD, Math.max(2 * this.ahead, end - offset)) : 0;
      const fetchTo = Math.min(this.size, Math.ceil(Math.max((to + 1) * BLOCK, end + this.ahead) / BLOCK) * BLOCK);
      const got = await this.fetch(from * BLOCK, fetchTo);
      if (got.at === from * BLOCK) {
        for (let at = 0; at < got.bytes.length; at += BLOCK) fresh.set(from + at / BLOCK, got.bytes.subarray(at, at + BLOCK));
        // A large read (a tensor streamed with read-ahead) would only push the structure out.
        if (got.bytes.length <= MAX_HTTP_CACHE_BYTES / 4) this.keep(got.at, got.bytes);
      }
      if (!this.covered(offset, end, fresh)) throw new KerascopeError(ErrorCode.Truncated, `the server sent fewer bytes than asked for (up to byte ${end})`, this.name);
    }
    this.lastEnd = end;
    const out = new Uint8Array(end - offset);
    if (this.prefix && end <= this.prefix.length) {
      out.set(this.prefix.subarray(offset, end));
      return out;
    }
    for (let p = Math.floor(offset / BLOCK); p * BLOCK < end; p++) {
      const block = fresh.get(p) ?? this.blocks.get(p)!;
      const from = Math.max(offset, p * BLOCK);
      const to = Math.min(end, p * BLOCK + block.length);
      out.set(block.subarray(from - p * BLOCK, to - p * BLOCK), from - offset);
    }
    return out;
  }

  /** Whether [offset, end) is in the prefix, the cache or `fresh`. */
  private covered(offset: number, end: number, fresh: Map<number, Uint8Array>): boolean {
    if (this.prefix && end <= this.prefix.length) return true;
    for (let p = Math.floor(offset / BLOCK); p * BLOCK < end; p++) {
      const block = fresh.get(p) ?? this.blocks.get(p);
      if (!block || p * BLOCK + block.length < Math.min(end, (p + 1) * BLOCK)) return false;
    }
    return true;
  }

  /** Caches whole blocks starting at `at` (block-aligned), least recently fetched out first. */
  private keep(at: number, bytes: Uint8Array): void {
    for (let o = 0; o < bytes.length; o += BLOCK) {
      const block = bytes.slice(o, o + BLOCK);
      if (block.length < BLOCK && at + o + block.length < this.size) break;
      const key = (at + o) / BLOCK;
      this.cachedBytes += block.length - (this.blocks.get(key)?.length ?? 0);
      this.blocks.delete(key); // re-inserted last: the newest
      this.blocks.set(key, block);
    }
    for (const [p, block] of this.blocks) {
      if (this.cachedBytes <= MAX_HTTP_CACHE_BYTES) break;
      this.blocks.delete(p);
      this.cachedBytes -= block.length;
    }
  }

  /**
   * Bytes [from, to) (to clipped at the size once known): `at` is where the returned bytes start,
   * `from` for a range answer, 0 when the server sent the file from its start (kept in `prefix`).
   */
  private async fetch(from: number, to: number): Promise<{ at: number; bytes: Uint8Array }> {
    let failure: KerascopeError | null = null;
    for (let attempt = 0; attempt <= this.settings.retries; attempt++) {
      let wait = Math.min(this.settings.maxBackoffMs, this.settings.backoffMs * 2 ** attempt);
      let answer: Answer;
      try {
        answer = await this.follow(from, to);
      } catch (e) {
        if (!(e instanceof ConnectionFailure)) throw e;
        failure = new KerascopeError(ErrorCode.Network, `cannot read: ${e.message}`, this.name);
        await sleep(wait);
        continue;
      }
      const { status, headers } = answer;
      if (status === 206) return { at: from, bytes: this.ranged(answer, from, to) };
      if (status === 200) return { at: 0, bytes: this.whole(answer, to) };
      if (status === 416 && this.size < 0 && /^bytes \*\/0$/.test(String(headers['content-range']))) {
        this.size = 0; // an empty file has no byte to ask for
        return { at: 0, bytes: new Uint8Array(0) };
      }
      if (status === 416) this.validate(headers, totalOf(headers['content-range']));
      if (status === 404 || status === 410) throw new KerascopeError(ErrorCode.FileNotFound, `no such file (HTTP ${status})`, this.name);
      if (!TRANSIENT.has(status)) throw new KerascopeError(ErrorCode.Http, `the server answered HTTP ${status}${status === 401 || status === 403 ? ' (access denied: see --header)' : ''}`, this.name);
      failure = new KerascopeError(ErrorCode.Network, `the server kept answering HTTP ${status} (${attempt + 1} tries)`, this.name);
      const retryAfter = Number(headers['retry-after']);
      if (Number.isFinite(retryAfter) && retryAfter >= 0) wait = Math.min(this.settings.maxBackoffMs, retryAfter * 1000);
      if (attempt < this.settings.retries) await sleep(wait);
    }
    throw failure!;
  }

  /** One request, following redirects; credentials go only to the URL's own origin. */
  private async follow(from: number, to: number): Promise<Answer> {
    let url = this.target;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { range: `bytes=${from}-${(this.size >= 0 ? Math.min(to, this.size) : to) - 1}` };
      if (url.origin === this.credentialOrigin) {
        Object.assign(headers, this.settings.headers);
        if (this.url.username) headers.authorization ??= `Basic ${Buffer.from(`${decodeURIComponent(this.url.username)}:${decodeURIComponent(this.url.password)}`).toString('base64')}`;
      }
      this.requests++;
      const answer = await exchange(url, headers, this.settings.timeoutMs, (status, h) => bodyLimit(status, h, to - from, this.size, to, this.settings.maxWholeBodyBytes), (n) => {
        this.bytes += n;
        this.onProgress();
      });
      const location = answer.headers.location;
      if (answer.status >= 300 && answer.status < 400 && location) {
        if (hop >= MAX_REDIRECTS) throw new KerascopeError(ErrorCode.Http, `more than ${MAX_REDIRECTS} redirects`, this.name);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new KerascopeError(ErrorCode.Http, 'the server redirected to an invalid URL', this.name);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new KerascopeError(ErrorCode.Http, `the server redirected to a ${next.protocol} URL`, this.name);
        url = next;
        continue;
      }
      if (answer.status === 200 || answer.status === 206) this.target = url;
      return answer;
    }
  }

  /** A 206 answer's bytes, once its range and validators are what was asked for. */
  private ranged(answer: Answer, from: number, to: number): Uint8Array {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(String(answer.headers['content-range'] ?? ''));
    if (!m) throw new KerascopeError(ErrorCode.Http, 'the server sent a partial answer without a valid Content-Range', this.name);
    const total = m[3] === '*' ? -1 : Number(m[3]);
    if (total < 0 && this.size < 0) throw new KerascopeError(ErrorCode.Unsupported, 'the server does not say how large the file is', this.name);
    this.validate(answer.headers, total);
    const start = Number(m[1]);
    const expected = Math.min(to, this.size) - from;
    if (start !== from || Number(m[2]) - start + 1 !== expected || answer.body.length !== expected) {
      throw new KerascopeError(ErrorCode.Http, `the server sent bytes ${m[1]}-${m[2]} (${answer.body.length} bytes) for bytes ${from}-${from + expected - 1}`, this.name);
    }
    return answer.body;
  }

  /** A 200 answer (the server ignored Range): the file's first bytes, as many as were read. */
  private whole(answer: Answer, to: number): Uint8Array {
    const declared = Number(answer.headers['content-length'] ?? NaN);
    const length = Number.isFinite(declared) ? declared : answer.complete ? answer.body.length : -1;
    this.validate(answer.headers, length);
    if (this.size < 0) {
      throw new KerascopeError(ErrorCode.LimitExceeded, `the server ignores Range requests and sends a file larger than the ${this.settings.maxWholeBodyBytes}-byte limit without saying how large`, this.name);
    }
    if (answer.body.length < Math.min(to, this.size)) {
      throw new KerascopeError(ErrorCode.LimitExceeded, `the server ignores Range requests: reading ${Math.min(to, this.size)} bytes of the ${this.size}-byte file would download more than the ${this.settings.maxWholeBodyBytes}-byte limit`, this.name);
    }
    if (!this.prefix || answer.body.length > this.prefix.length) this.prefix = answer.body;
    return answer.body;
  }

  /** Every answer describes the same file as the first one did, or the read stops: E_CHANGED. */
  private validate(headers: IncomingHttpHeaders, total: number): void {
    const etag = headers.etag;
    const modified = headers['last-modified'];
    if (this.size < 0 && this.etag === undefined && this.lastModified === undefined) {
      this.etag = etag;
      this.lastModified = modified;
      if (total >= 0) this.size = total;
      return;
    }
    const changed =
      (total >= 0 && this.size >= 0 && total !== this.size) ||
      (this.etag !== undefined && etag !== undefined && etag !== this.etag) ||
      (this.lastModified !== undefined && modified !== undefined && modified !== this.lastModified);
    if (changed) throw new KerascopeError(ErrorCode.Changed, 'the file changed on the server while it was being read (its ETag, Last-Modified or size differ from the first answer)', this.name);
  }
}

/** How much of an answer's body to read: a range whole, a 200 only as far as needed, an error's first bytes. */
function bodyLimit(status: number, headers: IncomingHttpHeaders, span: number, size: number, to: number, maxWhole: number): number {
  if (status === 206) return span + 1; // one more than asked shows a server sending too much
  if (status !== 200) return ERROR_BODY;
  const length = Number(headers['content-length'] ?? NaN);
  // A file the cap allows is kept whole; of a larger one only the bytes up to the read's end.
  if (Number.isFinite(length) && length <= maxWhole) return length;
  // A file of unknown size is read up to the cap to learn whether it ends there.
  return size < 0 && !Number.isFinite(length) ? maxWhole : Math.min(maxWhole, to);
}

function totalOf(contentRange: string | undefined): number {
  const m = /\/(\d+)$/.exec(contentRange ?? '');
  return m ? Number(m[1]) : -1;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A URL as a ByteSource (async and synchronous reads through the fetch thread, bridge.ts) and as a
// SourceContext whose siblings (tfjs shards, sharded weights) are URLs beside it, fetched only when a reader asks.
import { ErrorCode, KerascopeError, withoutCredentials } from '../../errors.js';
import { siblingContext, type ByteSource, type SourceContext } from '../source.js';
import { fetchThread, unwrap, type Reply } from './bridge.js';
import { httpDefaults, type HttpSettings } from './settings.js';
import { parseModelUrl } from './url.js';

/** Bytes and requests a model's URLs have cost so far (lazy reads keep adding to it). */
export interface Transfer {
  bytes: number;
  requests: number;
}

interface Opening {
  settings: HttpSettings;
  /** the origin the credentials belong to: the model URL's */
  origin: string;
  transfer: Transfer;
}

/** Opens the model at `arg` (one request: its first page, size and validators). */
export async function urlContext(arg: string, http: Partial<HttpSettings> = {}): Promise<{ ctx: SourceContext; transfer: Transfer }> {
  const url = parseModelUrl(arg);
  const opening: Opening = { settings: { ...httpDefaults(), ...http }, origin: url.origin, transfer: { bytes: 0, requests: 0 } };
  const source = await openUrl(url, opening);
  // A model.json or weights index names its shards; it does not get to send us (and our credentials) elsewhere.
  const open = async (rel: string): Promise<ByteSource> => {
    const at = new URL(rel, url);
    if (at.origin !== opening.origin) throw new KerascopeError(ErrorCode.UnsafeArchive, `shard path ${JSON.stringify(rel)} leads to another host`, source.name);
    return openUrl(at, opening);
  };
  const ctx = siblingContext(source, (rel) => withoutCredentials(new URL(rel, url).href), (rel) => new URL(rel, url).href === url.href, open);
  return { ctx, transfer: opening.transfer };
}

async function openUrl(url: URL, opening: Opening): Promise<ByteSource> {
  const thread = fetchThread();
  const name = withoutCredentials(url.href);
  const charge = (r: Reply) => {
    opening.transfer.bytes += r.bytes;
    opening.transfer.requests += r.requests;
    return r;
  };
  const opened = unwrap<{ res: number; size: number }>(charge(await thread.call({ op: 'open', url: url.href, name, origin: opening.origin, settings: opening.settings })));
  const { retries, timeoutMs, maxBackoffMs } = opening.settings;
  // The fetch thread gives up by itself long before this; the margin covers its backoffs.
  const patience = (retries + 1) * (timeoutMs + maxBackoffMs) + 5000;
  const handle = (): ByteSource => {
    let closed = false;
    const open = () => {
      if (closed) throw new KerascopeError(ErrorCode.Usage, 'read after the URL was closed', name);
    };
    return {
      name,
      size: opened.size,
      async read(offset, length) {
        open();
        return unwrap<Uint8Array>(charge(await thread.call({ op: 'read', res: opened.res, offset, length })));
      },
      readSync(position, into) {
        open();
        const bytes = unwrap<Uint8Array>(charge(thread.callSync({ op: 'read', res: opened.res, offset: position, length: into.length }, patience)));
        into.set(bytes);
        return bytes.length;
      },
      async reopen() {
        open();
        unwrap(await thread.call({ op: 'retain', res: opened.res }));
        return handle();
      },
      async close() {
        if (closed) return;
        closed = true;
        unwrap(await thread.call({ op: 'close', res: opened.res }));
      },
    };
  };
  return handle();
}

// The fetch thread (bridge.ts starts it): owns every URL's Resource, its cache and its connections,
// and answers the calling thread's requests. Answers to synchronous calls go through their own port
// and a flag in shared memory that the caller waits on (Atomics.wait); the flag's second slot
// counts pieces of data received, so a caller can tell a slow transfer from a dead one.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { isKerascopeError } from '../../errors.js';
import { Resource } from './resource.js';
import type { Call, Reply } from './bridge.js';

const { syncPort, flag } = workerData as { syncPort: MessagePort; flag: Int32Array };
const resources = new Map<number, Resource>();
let nextId = 1;
const progress = () => Atomics.add(flag, 1, 1);

/** Runs a call; `touched` is the resource it used, whose counters say what the call cost. */
async function answer(call: Call, touched: { res?: Resource }): Promise<Extract<Reply, { ok: true }>['value']> {
  if (call.op === 'open') {
    const res = (touched.res = new Resource(new URL(call.url), call.name, call.origin, call.settings, progress));
    await res.open();
    const id = nextId++;
    resources.set(id, res);
    return { res: id, size: res.size };
  }
  const res = (touched.res = resources.get(call.res));
  if (!res) throw new Error(`no open URL #${call.res}`);
  if (call.op === 'read') return res.read(call.offset, call.length);
  if (call.op === 'retain') res.refs++;
  else if (--res.refs === 0) resources.delete(call.res);
  return null;
}

/** Bytes and requests the call cost, charged to the caller's counter. */
function costOf(before: { bytes: number; requests: number }, res: Resource | undefined) {
  return res ? { bytes: res.bytes - before.bytes, requests: res.requests - before.requests } : { bytes: 0, requests: 0 };
}

parentPort!.on('message', async (call: Call) => {
  const existing = call.op === 'open' ? undefined : resources.get(call.res);
  const before = { bytes: existing?.bytes ?? 0, requests: existing?.requests ?? 0 };
  const touched: { res?: Resource } = {};
  let reply: Reply;
  try {
    const value = await answer(call, touched);
    reply = { id: call.id, ok: true, value, ...costOf(before, touched.res) };
  } catch (e) {
    const error = isKerascopeError(e) ? { code: e.code, message: e.message, file: e.file } : { message: e instanceof Error ? e.message : String(e) };
    reply = { id: call.id, ok: false, error, ...costOf(before, touched.res) };
  }
  const transfer = reply.ok && reply.value instanceof Uint8Array ? [reply.value.buffer as ArrayBuffer] : [];
  if (call.sync) {
    syncPort.postMessage(reply, transfer);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  } else {
    parentPort!.postMessage(reply, transfer);
  }
});

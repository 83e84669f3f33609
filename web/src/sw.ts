// The service worker that makes the app work offline: on install it stores every file of the build
// (scripts/build-web.mjs lists them, h5wasm's chunk included) in a cache named after the build's
// content hash, and answers the page's and its worker's requests for them from that cache. Nothing
// is loaded into the page by this: h5wasm's chunk is still imported only when a file needs it, it
// merely comes from the cache then. Other requests (there are none) go to the network untouched.
declare const KERASCOPE_PRECACHE: string[];
declare const KERASCOPE_BUILD: string;

// The few service-worker types used (the DOM lib the page is checked with has no ServiceWorkerGlobalScope).
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Promise<Response>): void;
}
interface SwScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', f: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', f: (e: FetchEvent) => void): void;
}

const sw = self as unknown as SwScope;
const PREFIX = 'kerascope-';
const CACHE = `${PREFIX}${KERASCOPE_BUILD}`;
const scope = sw.registration.scope;
/**
 * The build's files by URL; the folder itself ("./") is the page. index.html is not fetched by that
 * name: static hosts with "pretty URLs" (Cloudflare Pages, Netlify) redirect it to the folder, and a
 * redirected response stored for it would fail every navigation to index.html (a navigation takes
 * no redirected response from a service worker). A request for it gets the folder's response.
 */
const ASSETS = new Set(KERASCOPE_PRECACHE.map((f) => new URL(f, scope).href));

sw.addEventListener('install', (event) => {
  // `reload`: the bytes of this build, not an older copy from the HTTP cache.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...ASSETS].map((url) => new Request(url, { cache: 'reload' })))));
});

sw.addEventListener('activate', (event) => {
  // Earlier builds' caches go; the page that registered this worker is controlled from now on,
  // so that going offline right after the first load already works.
  const stale = caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))));
  event.waitUntil(stale.then(() => sw.clients.claim()));
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith('/index.html')) url.pathname = url.pathname.slice(0, -'index.html'.length);
  if (!ASSETS.has(url.href)) return;
  const key = url.href;
  event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(key)) ?? fetch(request)));
});

// web/src/sw.ts: the service worker that makes the playground work offline
// after one visit. web/vite.config.mjs builds it as dist/sw.js (types
// stripped, no imports) with SW_BUILD prepended: every file of the built site
// but the data, and a hash of their bytes that names the cache. Installing
// copies those files (the pages, the code, both engine builds) into that
// cache; requests for them are answered from it, so the page, its worker and
// the engine always come from one build. Everything else (the data files,
// which the worker caches compressed itself: worker/data-files.ts) goes to the
// network untouched.
//
// Updates: a new build is a new sw.js (its hash differs); the browser installs
// it beside the running one, and it waits - skipWaiting is never called - until
// every tab of the old version is closed, so a lesson never changes under a
// student; the next visit runs the new build and the old cache is deleted.

/** Filled in at build time: the build's hash and the files to keep, relative to this script. */
declare const SW_BUILD: { version: string; files: string[] };

const sw = self as unknown as ServiceWorkerGlobalScope;
const APP_CACHE_PREFIX = 'synapse-app-';
const APP_CACHE = `${APP_CACHE_PREFIX}${SW_BUILD.version}`;
const scope = new URL('./', sw.location.href);
const kept = new Set(SW_BUILD.files.map((f) => new URL(f, scope).href));

sw.addEventListener('install', (event) => {
  // The pages are fetched anew (`no-cache`: this build's, not an older one the HTTP cache may hold); the
  // assets/ files carry a hash of their bytes in their names, so the copy the page itself just loaded will do.
  // That costs no second download only if the server says so: scripts/serve.mjs sends the hashed assets
  // immutable and the rest with an ETag, a revalidated unchanged page being a 304 (tests/page/transfer.test.mjs).
  const request = (f: string) => new Request(new URL(f, scope), { cache: f.startsWith('assets/') ? 'default' : 'no-cache' });
  event.waitUntil(caches.open(APP_CACHE).then((cache) => cache.addAll(SW_BUILD.files.map(request))));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(APP_CACHE_PREFIX) && n !== APP_CACHE).map((n) => caches.delete(n)));
    // Only pages no service worker controls yet (the first visit) are taken: no version is swapped under a page.
    await sw.clients.claim();
  })());
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  url.hash = '';
  url.search = '';
  if (url.href === scope.href) url.href = new URL('index.html', scope).href;   // the site's root is its start page
  if (!kept.has(url.href)) return;
  event.respondWith(caches.open(APP_CACHE).then(async (cache) => (await cache.match(url.href)) ?? fetch(req)));
});

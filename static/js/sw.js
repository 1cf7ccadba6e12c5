// The one service worker of the pages that keep working on a phone without network, served by
// core.offline.service_worker for each set of pages (the attendance app's check-in pages, the
// student's placement pages with the weekly log form), which fills in the values below: the pages it
// controls (SCOPE), the name of its caches (NAME, so one worker never clears another's), the files it
// keeps from the start (SHELL) and the page shown when a page was never kept (OFFLINE, may be empty).
// A page is fetched from the network first and its last copy kept, so a phone that loses its network
// still opens the page it last saw (the page then keeps what the user does: check-ins in IndexedDB,
// static/attendance/checkin.js; a log's draft, static/js/log_draft.js); static files are kept and
// refreshed in the background. Posts, API calls and every other request pass through untouched:
// nothing a user sends is ever answered from a cache.
const NAME = "__NAME__";
const VERSION = `${NAME}-1`;
const SCOPE = "__SCOPE__";
const STATIC = "__STATIC__";
const OFFLINE = "__OFFLINE__";
const PAGES = `${VERSION}-pages`;
const ASSETS = `${VERSION}-assets`;
const SHELL = __SHELL__;
const USER_KEY = `${SCOPE}__user__`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(ASSETS).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith(`${NAME}-`) && !k.startsWith(VERSION)).map((k) => caches.delete(k)),
  )).then(() => self.clients.claim()));
});

// A phone shared by two students must not show one the other's pages: the page says whose it is, and
// the pages kept for someone else are dropped.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "user") { return; }
  event.waitUntil(caches.open(PAGES).then(async (cache) => {
    const kept = await cache.match(USER_KEY);
    const owner = kept ? await kept.text() : null;
    if (owner !== String(data.id)) {
      for (const request of await cache.keys()) { await cache.delete(request); }
      await cache.put(USER_KEY, new Response(String(data.id)));
    }
  }));
});

async function pageFirstFromNetwork(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) { cache.put(request, response.clone()); }
    return response;
  } catch (_e) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) { return kept; }
    return (OFFLINE && (await caches.match(OFFLINE))) || Response.error();
  }
}

async function assetKeptThenRefreshed(request) {
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) { cache.put(request, response.clone()); }
    return response;
  }).catch(() => kept || Response.error());
  return kept || fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && url.pathname.startsWith(SCOPE)) {
    event.respondWith(pageFirstFromNetwork(request));
  } else if (url.pathname.startsWith(STATIC)) {
    event.respondWith(assetKeptThenRefreshed(request));
  }
});

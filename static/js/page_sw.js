// A service worker for the student's internship pages on a phone (scope: the placement pages, which hold
// the weekly log form), served by internships.views.service_worker, which fills in the two paths below.
// It follows the attendance app's worker (static/attendance/sw.js): a page is fetched from the network
// first and its last copy kept, so a phone that loses its network still opens the weekly log form it
// last saw (the form then restores the draft kept on the phone, static/js/log_draft.js); static files
// are kept and refreshed in the background. Posts and every other request pass through untouched:
// nothing a user sends is ever answered from a cache. Its caches are named apart from the attendance
// worker's, so neither clears the other's.
const VERSION = "iei-pages-1";
const SCOPE = "__SCOPE__";
const STATIC = "__STATIC__";
const PAGES = `${VERSION}-pages`;
const ASSETS = `${VERSION}-assets`;
const SHELL = [`${STATIC}css/app.css`, `${STATIC}js/app.js`, `${STATIC}js/offline.js`, `${STATIC}js/log_draft.js`];
const USER_KEY = `${SCOPE}__user__`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(ASSETS).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith("iei-pages-") && !k.startsWith(VERSION)).map((k) => caches.delete(k)),
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
    return kept || Response.error();
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

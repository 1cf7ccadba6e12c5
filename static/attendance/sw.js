// The service worker of the attendance app (served by attendance.views.service_worker, which fills in
// the two paths below). Pages of the app are fetched from the network first and kept, so a phone that
// loses its network still opens the check-in page it last saw; the page then keeps check-ins in
// IndexedDB and sends them when the network is back (static/attendance/checkin.js). API calls and
// every other request pass through untouched: nothing a user sends is ever answered from a cache.
const VERSION = "iei-attendance-1";
const SCOPE = "__SCOPE__";
const STATIC = "__STATIC__";
const PAGES = `${VERSION}-pages`;
const ASSETS = `${VERSION}-assets`;
const SHELL = [`${SCOPE}offline/`, `${STATIC}css/app.css`, `${STATIC}js/app.js`, `${STATIC}attendance/attendance.css`,
  `${STATIC}attendance/checkin.js`, `${STATIC}attendance/icons/icon-192.png`];
const USER_KEY = `${SCOPE}__user__`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(ASSETS).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith("iei-attendance-") && !k.startsWith(VERSION)).map((k) => caches.delete(k)),
  )).then(() => self.clients.claim()));
});

// A phone shared by two students must not show one the other's page: the page says whose it is,
// and the pages kept for someone else are dropped.
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
    return (await caches.match(`${SCOPE}offline/`)) || Response.error();
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

// Service worker: precaches the shell, serves job lists stale-while-revalidate (revalidated with the ETag),
// and shows the offline page for pages it cannot reach. Only GETs are handled: applying goes straight to the
// network (the page keeps an outbox for offline applications).
const VERSION = "__VERSION__";
const PRECACHE = ["__PRECACHE__"];
const SHELL = `shell-${VERSION}`;
const DATA = "data-v1";
const MAX_DATA = 80;  // cached API answers kept at most
const SWR = /^\/api\/v1\/(positions(\/\d+)?|occupations|divisions|cohorts)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("shell-") && k !== SHELL).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(url.pathname === "/" ? shell(request) : page(request));
  } else if (SWR.test(url.pathname)) {
    event.respondWith(staleWhileRevalidate(event));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.open(SHELL).then((cache) => cache.match(url.pathname))
      .then((hit) => hit || fetch(request)));
  }
});

// The shell comes from the cache (it works offline at once); the network copy refreshes the cache.
async function shell(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match("/");
  const network = fetch(request).then((response) => {
    if (response.ok) cache.put("/", response.clone());
    return response;
  });
  if (hit) { network.catch(() => {}); return hit; }
  return network.catch(() => offline());
}

async function page(request) {
  try { return await fetch(request); } catch { return offline(); }
}

async function offline() {
  return (await caches.match("/offline")) || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
}

// Answer from the cache at once when there is a copy, and revalidate it in the background with
// If-None-Match: a 304 keeps the copy, a 200 replaces it. Without a copy, wait for the network.
async function staleWhileRevalidate(event) {
  const request = event.request;
  const cache = await caches.open(DATA);
  const cached = await cache.match(request);
  const revalidate = (async () => {
    const headers = new Headers(request.headers);
    const etag = cached && cached.headers.get("ETag");
    if (etag) headers.set("If-None-Match", etag);
    const response = await fetch(request.url, { headers, credentials: "same-origin" });
    if (response.status === 304 && cached) return cached;
    if (response.ok) {
      await cache.put(request, response.clone());
      const keys = await cache.keys();  // oldest first: keep the phone's storage small
      await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_DATA)).map((key) => cache.delete(key)));
    }
    return response;
  })();
  if (cached) {
    event.waitUntil(revalidate.catch(() => {}));
    return cached;
  }
  return revalidate.catch(() => new Response(JSON.stringify({
    code: "offline", status: 503, message: "Offline", errors: {} }), { status: 503, headers: { "Content-Type": "application/json" } }));
}

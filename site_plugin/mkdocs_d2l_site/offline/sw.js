// The site's offline worker (design/offline.md), written to <site>/sw.js by the build with
// DEPLOY set to a hash of this deploy's files: a new deploy is a new worker with a new cache,
// and the old deploy's cache is deleted when it takes over. It keeps only what a reader's pages
// fetched; it never fetches anything a page did not ask for.
//   - files in folders named by their contents (the live-code runtime, figures, Material's
//     hashed bundles, the wheel): cache first, they never change;
//   - everything else of the site (pages, site.css, the math font, the search index):
//     network first, the cache when the network fails.
"use strict";
const DEPLOY = "__DEPLOY__";
const PREFIX = "d2l-site-";
const CACHE = PREFIX + DEPLOY;
// Live code's snapshots of Python (livecode/static/worker.js): not this worker's to delete.
const SNAPSHOTS = PREFIX + "python";
const IMMUTABLE =
  /\/(assets\/(livecode|pyodide|sliders|offline)\/[0-9a-f]{16}\/|figures\/[0-9a-f]{20}\.|downloads\/wheels\/[0-9a-f]{16}\/)|\.[0-9a-f]{8}\.min\.(js|css)$/;

self.addEventListener("install", (event) => event.waitUntil(self.skipWaiting()));

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE && name !== SNAPSHOTS) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// A page loaded before this worker controlled it names what it fetched; they are kept (from
// the browser's HTTP cache: nothing is downloaded twice).
self.addEventListener("message", (event) => {
  if (event.data?.type !== "keep") return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const url of event.data.urls) {
        if (!ours(new URL(url)) || (await cache.match(url))) continue;
        try {
          const response = await fetch(url);
          if (response.status === 200) await cache.put(url, response);
        } catch {
          // gone or offline: not kept
        }
      }
    })(),
  );
});

function ours(url) {
  return url.origin === location.origin && !url.pathname.endsWith("/sw.js");
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || !ours(url) || request.headers.has("range")) return;
  const keep = (response) => {
    if (response.status === 200) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
    }
    return response;
  };
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (IMMUTABLE.test(url.pathname)) return (await cache.match(request)) || keep(await fetch(request));
      try {
        return keep(await fetch(request));
      } catch (error) {
        const kept = await cache.match(request);
        if (kept) return kept;
        throw error;
      }
    })(),
  );
});

// The offline worker's kill switch (design/offline.md): deployed as <site>/sw.js when the
// site is built with `offline: false`. A browser that runs the old worker fetches this one on
// its next visit (worker scripts bypass the HTTP cache), and this one deletes the site's
// caches and unregisters itself: from the next page on, every reader is back to plain network
// loading. It does not reload open pages: a page still holding register.js (from the HTTP
// cache) would install it again, reload, and so on.
"use strict";
self.addEventListener("install", (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Take the open pages from the old worker first, or its fetch handler would keep a cache.
      await self.clients.claim();
      for (const name of await caches.keys()) {
        if (name.startsWith("d2l-site-")) await caches.delete(name);
      }
      await self.registration.unregister();
    })(),
  );
});

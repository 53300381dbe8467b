// The offline worker's kill switch (design/offline.md): deployed as <site>/sw.js when the
// site is built with `offline: false`. A browser that runs the old worker fetches this one on
// its next visit (worker scripts bypass the HTTP cache), and this one deletes the site's
// caches, unregisters itself and reloads the open pages: every reader is back to plain
// network loading.
"use strict";
self.addEventListener("install", (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("d2l-site-")) await caches.delete(name);
      }
      await self.registration.unregister();
      for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
    })(),
  );
});

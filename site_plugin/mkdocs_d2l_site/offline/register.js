// Offline reading (design/offline.md): once the page has loaded, register the site's worker
// (<site>/sw.js, always fetched fresh) and, while it does not control this page yet, hand it
// what the page fetched before it. Without service workers the site works as before.
(() => {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  // This file is <site>/assets/offline/<hash>/register.js: the site's root is three folders up.
  const root = new URL("../../../", document.currentScript.src);
  addEventListener("load", async () => {
    try {
      const options = { scope: root.pathname, updateViaCache: "none" };
      await navigator.serviceWorker.register(new URL("sw.js", root), options);
      if (navigator.serviceWorker.controller) return;
      const fetched = performance.getEntriesByType("resource").map((entry) => entry.name);
      const urls = [location.href.split("#")[0], ...fetched].filter((url) => url.startsWith(root.origin));
      (await navigator.serviceWorker.ready).active.postMessage({ type: "keep", urls });
    } catch {
      // not allowed here (a private window, a file:// page): no offline reading
    }
  });
})();

// Offline reading (design/offline.md): once the page has loaded, register the site's worker
// (<site>/sw.js, always fetched fresh). A worker that did not control this page when it loaded
// (the first visit, or a new deploy's worker taking over) is handed what the page fetched, so
// that this page works offline too. Without service workers the site works as before.
(() => {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  // This file is <site>/assets/offline/<hash>/register.js: the site's root is three folders up.
  const root = new URL("../../../", document.currentScript.src);
  const keep = async () => {
    const fetched = performance.getEntriesByType("resource").map((entry) => entry.name);
    const urls = [location.href.split("#")[0], ...fetched].filter((url) => url.startsWith(root.origin));
    (await navigator.serviceWorker.ready).active?.postMessage({ type: "keep", urls });
  };
  addEventListener("load", async () => {
    try {
      const options = { scope: root.pathname, updateViaCache: "none" };
      await navigator.serviceWorker.register(new URL("sw.js", root), options);
      if (!navigator.serviceWorker.controller) await keep();
      navigator.serviceWorker.addEventListener("controllerchange", keep);
    } catch {
      // not allowed here (a private window, a file:// page): no offline reading
    }
  });
})();

// Search loads when the reader opens it (design/search-on-open.md). Runs before Material's
// bundle: holds the bundle's index request until the search toggle is on, and makes the worker
// it starts a stand-in that loads Material's worker with the index.
(() => {
  "use strict";
  const config = document.getElementById("__config");
  const toggle = document.getElementById("__search");
  if (!config || !toggle || !document.forms.namedItem("search") || location.protocol === "file:") {
    return; // no search, or file:// (Material loads its index there only when search opens)
  }
  const settings = JSON.parse(config.textContent);
  const index = new URL("search/search_index.json", new URL(settings.base, location.href)).href;
  const worker = new URL(settings.search, location.href);
  const name = encodeURIComponent(worker.pathname.split("/").pop());
  settings.search = new URL(`search-stand-in.js?worker=${name}`, worker).href;
  config.textContent = JSON.stringify(settings);

  const { open, send } = XMLHttpRequest.prototype;
  const held = new WeakSet();
  let waiting = [];
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (new URL(url, location.href).href === index) held.add(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (waiting === null || !held.has(this)) return send.apply(this, args);
    waiting.push(() => {
      if (this.readyState !== XMLHttpRequest.OPENED) return; // aborted meanwhile
      this.addEventListener("loadend", () => {
        const meta = document.querySelector(".md-search-result__meta");
        if (meta && !(this.status >= 200 && this.status < 300)) {
          meta.textContent = "无法下载搜索索引，请检查网络后刷新本页。";
        }
      });
      send.apply(this, args);
    });
  };
  const release = () => {
    if (waiting === null) return;
    const queued = waiting;
    waiting = null;
    Object.assign(XMLHttpRequest.prototype, { open, send });
    for (const go of queued) go();
  };
  toggle.addEventListener("change", () => toggle.checked && release());
  // A search result's link (?h=…) highlights the words on arrival: that needs the index now.
  if (new URLSearchParams(location.search).has("h")) release();
})();

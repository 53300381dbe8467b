// Material's search worker, loaded from this folder with its first message (the index).
"use strict";
const worker = new URL(location.href).searchParams.get("worker") || "";
let loaded = false;
addEventListener("message", ({ data }) => {
  if (loaded) return;
  loaded = true;
  if (!/^[\w.-]+\.js$/.test(worker)) throw new Error(`not a file of this folder: ${worker}`);
  importScripts(worker);
  dispatchEvent(new MessageEvent("message", { data })); // its listener missed this one
});

// Live code, the part every chapter page loads. The build wrote the 在线运行 notice and its
// button (disabled); this script enables the button and fetches nothing: the editor, the worker
// and Python are loaded only when the reader presses it. A reader who edited this page's code
// before (kept in localStorage by editor.js) gets the editors back at once, Python still later.
(() => {
  "use strict";
  const data = document.getElementById("d2l-livecode");
  const bar = document.querySelector("article .d2l-live-bar");
  const button = bar && bar.querySelector("button.d2l-live-start");
  const cells = document.querySelectorAll("article .d2l-cell");
  if (!data || !button || cells.length === 0) return;
  const config = JSON.parse(data.textContent);
  // This file is <site>/assets/livecode/<hash>/boot.js: the site's root is three folders up.
  const root = new URL("../../../", document.currentScript.src);
  const row = button.parentElement;
  const text = row.previousElementSibling;
  // localStorage keys of this page's edits: the prefix, then the cell's position.
  const storage = `d2l-live:${location.pathname}#`;
  let saved = false;
  try {
    saved = Object.keys(localStorage).some((key) => key.startsWith(storage));
  } catch {
    // storage switched off: edits are simply not kept
  }
  button.disabled = false;
  const activate = async (restore) => {
    button.disabled = true;
    const assets = new URL(config.assets, root);
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("livecode.css", assets).href;
    document.head.append(css);
    try {
      const editor = await import(new URL("editor.js", assets).href);
      editor.activate({ config, root, assets, bar, row, cells: Array.from(cells), storage, restore });
    } catch (error) {
      button.disabled = false;
      text.textContent = `无法加载在线运行所需的文件：${error.message}`;
    }
  };
  button.addEventListener("click", () => activate(false));
  if (saved) activate(true);
})();

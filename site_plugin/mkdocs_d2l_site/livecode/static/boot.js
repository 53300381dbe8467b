// Live code, the part every chapter page loads: one notice with a 运行代码 button. It fetches
// nothing; the editor, the worker and Python are loaded only when the reader presses it.
(() => {
  "use strict";
  const data = document.getElementById("d2l-livecode");
  const cells = document.querySelectorAll("article .d2l-cell");
  if (!data || cells.length === 0) return;
  const config = JSON.parse(data.textContent);
  // This file is <site>/assets/livecode/boot.js: the site's root is two folders up.
  const root = new URL("../../", document.currentScript.src);

  const bar = document.createElement("div");
  bar.className = "admonition tip d2l-live-bar";
  bar.setAttribute("role", "region");
  bar.setAttribute("aria-label", "在线运行代码");
  const title = document.createElement("p");
  title.className = "admonition-title";
  title.textContent = "在线运行";
  const text = document.createElement("p");
  bar.append(title, text);
  const place = document.querySelector("article .d2l-downloads") || document.querySelector("article h1");
  if (place) place.after(bar);
  else cells[0].before(bar);

  if (!config.available || !config.wheel) {
    text.textContent = "本站的这次构建没有包含浏览器中的 Python 运行环境，本页代码只能阅读。";
    return;
  }
  const source = new URL(config.pyodide, root);
  const from = source.origin === location.origin ? "本站" : source.host;
  const size = config.megabytes ? `约 ${config.megabytes} MB` : "Python 运行环境";
  text.textContent =
    `可以直接在浏览器中修改并运行本页的代码。第一次运行需要从${from}下载${size}` +
    "（Python、numpy 和 matplotlib），之后由浏览器缓存；代码只在你的浏览器里运行。";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button md-button--primary d2l-live-start";
  button.textContent = "运行代码";
  const row = document.createElement("p");
  row.append(button);
  bar.append(row);
  button.addEventListener("click", async () => {
    button.disabled = true;
    const assets = new URL(config.assets, root);
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("livecode.css", assets).href;
    document.head.append(css);
    try {
      const editor = await import(new URL("editor.js", assets).href);
      editor.activate({ config, root, assets, bar, row, cells: Array.from(cells) });
    } catch (error) {
      button.disabled = false;
      text.textContent = `无法加载在线运行所需的文件：${error.message}`;
    }
  });
})();

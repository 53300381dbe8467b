// The page's Python, in a Web Worker so that a long cell never freezes the page.
// Messages in:  {type: "init", indexURL, kernelURL, wheelURL, packages} then {type: "run", id, source}.
// Messages out: {type: "progress", text}, {type: "ready"}, {type: "failed", text},
//               {type: "output", id, kind, text} and {type: "done", id, ok}.
/* global importScripts, loadPyodide */
"use strict";

let kernel = null;

async function init({ indexURL, kernelURL, wheelURL, packages }) {
  const progress = (text) => postMessage({ type: "progress", text });
  progress("正在下载 Python 解释器（Pyodide）……");
  importScripts(indexURL + "pyodide.js");
  // indexURL is where the core, the lock and the package wheels live: this site, or PYODIDE_URL.
  const pyodide = await withoutSilentHang(() => loadPyodide({ indexURL, env: { MPLBACKEND: "agg" } }));
  progress("正在下载 numpy 和 matplotlib……");
  const errors = [];
  const options = { messageCallback: () => {}, errorCallback: (text) => errors.push(text) };
  await pyodide.loadPackage(packages, options);
  progress("正在安装本站的 d2l_helpers……");
  await pyodide.loadPackage(wheelURL, options);
  // loadPackage reports a failed download to errorCallback and resolves anyway.
  if (errors.length) {
    const names = errors.map((text) => /while loading (\S+?):/.exec(text)?.[1]).filter(Boolean);
    throw new Error(names.length ? `这些包下载失败：${names.join("、")}` : errors[0]);
  }
  const source = await (await fetch(kernelURL)).text();
  const module = pyodide.runPython(
    "import types\n_m = types.ModuleType('d2l_live_kernel')\n_m.__file__ = 'kernel.py'\n_m",
  );
  pyodide.runPython(source, { globals: module.__dict__ });
  kernel = module.Kernel();
}

// Pyodide 0.27 does not reject when its .wasm cannot be fetched: it warns on the console and
// waits forever. Its warning with the error is turned into a rejection here.
function withoutSilentHang(load) {
  const warn = console.warn;
  const failed = new Promise((_, reject) => {
    console.warn = (...args) => {
      warn(...args);
      const error = args.find((arg) => arg instanceof Error);
      if (error) reject(error);
    };
  });
  return Promise.race([load(), failed]).finally(() => {
    console.warn = warn;
  });
}

// Text is sent in batches: a loop that prints a million lines must not send a million
// messages. Python blocks this worker's event loop while a cell runs, so a timer could never
// fire: the batch is sent when it is 100 ms old, at each figure or result, and at the end.
function emitter(id) {
  let pending = [];
  let since = Date.now();
  const flush = () => {
    for (const item of pending) postMessage(item);
    pending = [];
    since = Date.now();
  };
  const emit = (kind, text) => {
    const last = pending[pending.length - 1];
    if (last && last.kind === kind && (kind === "stdout" || kind === "stderr")) {
      last.text += text;
    } else {
      pending.push({ type: "output", id, kind, text });
    }
    if ((kind !== "stdout" && kind !== "stderr") || Date.now() - since > 100) flush();
  };
  return { emit, flush };
}

onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      await init(data);
      postMessage({ type: "ready" });
    } catch (error) {
      const text = String(error && error.message ? error.message : error);
      postMessage({ type: "failed", text: text === "Failed to fetch" ? "下载失败" : text });
    }
  } else if (data.type === "run") {
    const { emit, flush } = emitter(data.id);
    const ok = kernel.run(data.source, emit);
    flush();
    postMessage({ type: "done", id: data.id, ok });
  }
};

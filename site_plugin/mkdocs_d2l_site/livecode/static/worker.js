// The page's Python, in a Web Worker so that a long cell never freezes the page.
//
// The protocol (editor/main.js is the other end; design/live-code-answers.md):
//   page → worker  {type: "init", indexURL, kernelURL, wheelURL, packages, lock}
//                  {type: "run", id, source}                     run one cell in the notebook
//   worker → page  {type: "progress", text}, {type: "ready", phases}, {type: "failed", text}
//                  {type: "output", id, kind, text}   kind: stdout | stderr | result | figure | error
//                  {type: "done", id, ok, fatal}      exactly once per request, whatever happened;
//                                                     fatal: this Python is broken, restart it
// `phases` are the steps of init as [name, start, end], times in ms since the epoch: the page
// records them as performance measures ("d2l-live …"), which the benchmark reads.
// A new request (a "check" of an exercise, say) is one more entry in `requests` below: it gets
// the same emitter and the same guarantee of one "done".
// The worker holds the Web Lock named `lock` for as long as it lives, so the page learns of its
// death (out of memory, a crash) even when no message can say so.
/* global importScripts, loadPyodide */
"use strict";

let pyodide = null;
let kernel = null;

const now = () => performance.timeOrigin + performance.now();

// Runs one step of init, noting its name and times in `phases`.
async function phase(phases, name, step) {
  const start = now();
  try {
    return await step();
  } finally {
    phases.push([name, start, now()]);
  }
}

async function init({ indexURL, kernelURL, wheelURL, packages, lock }, phases) {
  if (lock && self.navigator.locks) {
    await new Promise((held) => navigator.locks.request(lock, () => (held(), new Promise(() => {}))));
  }
  const progress = (text) => postMessage({ type: "progress", text });
  progress("正在下载 Python 解释器（Pyodide）……");
  const kernelSource = fetch(kernelURL).then((response) => response.text());
  // matplotlib's font list, built when the runtime was assembled; a runtime from PYODIDE_URL
  // has none, and matplotlib then builds it in prepare().
  const fontList = fetch(indexURL + "fontlist.json").then(
    (response) => (response.ok ? response.text() : null),
    () => null,
  );
  await phase(phases, "pyodide.js", () => importScripts(indexURL + "pyodide.js"));
  // indexURL is where the core, the lock and the package wheels live: this site, or PYODIDE_URL.
  pyodide = await startPython(indexURL, phases);
  progress("正在下载 numpy 和 matplotlib……");
  const errors = [];
  const options = { messageCallback: () => {}, errorCallback: (text) => errors.push(text) };
  // The site's d2l_helpers wheel with the rest: one round of downloads, not two.
  await phase(phases, "loadPackage", () => pyodide.loadPackage([...packages, wheelURL], options));
  // loadPackage reports a failed download to errorCallback and resolves anyway.
  if (errors.length) {
    const names = errors.map((text) => /while loading (\S+?):/.exec(text)?.[1]).filter(Boolean);
    throw new Error(names.length ? `这些包下载失败：${names.join("、")}` : errors[0]);
  }
  const module = await phase(phases, "kernel.py", async () => {
    const created = pyodide.runPython(
      "import types\n_m = types.ModuleType('d2l_live_kernel')\n_m.__file__ = 'kernel.py'\n_m",
    );
    pyodide.runPython(await kernelSource, { globals: created.__dict__ });
    return created;
  });
  progress("正在准备 matplotlib……");
  const fonts = await fontList;
  await phase(phases, "prepare", () => module.prepare(fonts));
  kernel = module.Kernel();
}

// Python's start, from this browser's snapshot of it when it has one (design/live-code-ready.md).
// The first start makes the snapshot (Pyodide's memory once Python has started, before anything
// else runs) and keeps it; a later start restores it instead of starting Python again. A
// snapshot that cannot be read, restored or run is deleted, and Python starts the long way.
async function startPython(indexURL, phases) {
  const options = { indexURL, env: { MPLBACKEND: "agg" } };
  const key = snapshotKey(indexURL);
  const snapshot = await phase(phases, "snapshot read", () => readSnapshot(key));
  if (snapshot) {
    try {
      return await phase(phases, "loadPyodide (snapshot)", async () => {
        const restored = await withoutSilentHang(() =>
          loadPyodide({ ...options, _loadSnapshot: snapshot }),
        );
        // `random` was imported during the start: unseeded, every restored Python would draw the
        // same numbers. Its new seed comes from the operating system, as at a start.
        const check = "import random, sys; random.seed(); sys.version_info.major";
        if (restored.runPython(check) !== 3) throw new Error("snapshot");
        return restored;
      });
    } catch {
      await forgetSnapshot(key);
    }
  }
  const started = await phase(phases, "loadPyodide", () =>
    withoutSilentHang(() => loadPyodide({ ...options, _makeSnapshot: true })),
  );
  try {
    keepSnapshot(key, started.makeMemorySnapshot());
  } catch {
    // Pyodide could not take it: every start is the long way, as without storage
  }
  return started;
}

// Pyodide's snapshots are only for the same Pyodide started with the same options: the key is
// this runtime's folder and this worker's (both are named by their contents). The cache keeps
// one snapshot per site; the offline worker (offline/sw.js) leaves it alone.
const SNAPSHOTS = "d2l-site-python";
const snapshotKey = (indexURL) =>
  `${new URL("python-snapshot", self.location.href).href}?runtime=${encodeURIComponent(indexURL)}`;

async function readSnapshot(key) {
  try {
    const kept = await (await caches.open(SNAPSHOTS)).match(key);
    if (!kept) return null;
    const bytes = new Uint8Array(await kept.arrayBuffer());
    // A cut or changed snapshot would not fail cleanly: Pyodide may wait forever or restore a
    // broken heap. Its SHA-256, kept with it, decides.
    if ((await digest(bytes)) === kept.headers.get(DIGEST)) return bytes;
  } catch {
    // unreadable: deleted below
  }
  await forgetSnapshot(key);
  return null;
}

async function keepSnapshot(key, bytes) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    const site = new URL("../..", self.location.href).href; // this site's assets/
    for (const old of await cache.keys()) if (old.url.startsWith(site)) await cache.delete(old);
    await cache.put(key, new Response(bytes, { headers: { [DIGEST]: await digest(bytes) } }));
  } catch {
    // no storage (switched off, full, an insecure origin): the next start is the long way
  }
}

const DIGEST = "x-d2l-sha256";
const digest = async (bytes) => {
  const sum = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(sum, (byte) => byte.toString(16).padStart(2, "0")).join("");
};

async function forgetSnapshot(key) {
  try {
    await (await caches.open(SNAPSHOTS)).delete(key);
  } catch {
    // no storage
  }
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

// Whether this Python still answers after a request failed in JavaScript (a stack overflow of
// deep recursion, an abort of the interpreter): a broken Pyodide throws on every call.
function alive() {
  try {
    return pyodide.runPython("1") === 1;
  } catch {
    return false;
  }
}

const firstLine = (error) => String(error?.message ?? error).trim().split("\n").pop();

// Each request runs with an emitter; whatever happens, "done" follows.
const requests = {
  run: (data, emit) => kernel.run(data.source, emit),
};

function answer(data) {
  const { emit, flush } = emitter(data.id);
  let ok = false;
  let fatal = false;
  try {
    ok = Boolean(requests[data.type](data, emit));
  } catch (error) {
    fatal = !alive();
    emit("error", fatal ? `Python 崩溃了：${firstLine(error)}` : `运行时出错：${firstLine(error)}`);
  } finally {
    flush();
    postMessage({ type: "done", id: data.id, ok, fatal });
  }
}

onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      const phases = [];
      await init(data, phases);
      postMessage({ type: "ready", phases });
    } catch (error) {
      const text = String(error && error.message ? error.message : error);
      postMessage({ type: "failed", text: text === "Failed to fetch" ? "下载失败" : text });
    }
  } else if (data.type in requests) {
    answer(data);
  }
};

// Live code, loaded when the reader presses 运行代码 (bundled with CodeMirror by `nox -s runtime`).
// Each code cell becomes an editor with 运行 / 重置 buttons; cells run one at a time in a single
// Python (Pyodide in a Web Worker) shared by the page, like a notebook kernel; 全部运行 runs
// them all from the top. A reader's edits are kept in localStorage, one entry per cell, under
// the page and the cell's position, with the code the book had there: after a reload they come
// back only into a cell that still has that code (a changed chapter drops them). 重置 forgets.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, drawSelection, keymap, lineNumbers } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";
import { attachChecks } from "./exercise.js";

const STOPPED =
  "已停止。Python 已重新启动，之前运行得到的变量都丢失了；再次运行时，会先重新运行上方的单元格。";

// localStorage may be switched off or full: edits are then not kept, and nothing else changes.
const stored = {
  get(key) {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // not kept
    }
  },
};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

class Cell {
  constructor(page, block, index) {
    this.page = page;
    this.block = block;
    this.index = index;
    this.ranSource = undefined; // the code this cell last ran with in this Python
    this.state = "idle"; // idle | queued | running
    const highlight = block.querySelector(":scope > .highlight");
    this.original = highlight.querySelector("code").textContent.replace(/\n$/, "");
    // {book, code}: the reader's code for this cell, kept only while the book has `book` here.
    this.key = `${page.storage}${index}`;
    const kept = stored.get(this.key);
    this.restored = kept?.book === this.original && typeof kept.code === "string";
    if (kept && !this.restored) stored.set(this.key, null); // the chapter changed: not this cell's
    // The build's outputs, kept to put back on 重置.
    this.buildOutputs = Array.from(block.children).filter((child) => child !== highlight);
    this.figureAlt = block.querySelector("figure.d2l-figure img")?.getAttribute("alt") || "";

    const label = `第 ${index + 1} 个代码单元格（可编辑；Shift+Enter 或 Ctrl+Enter 运行，Esc 后按 Tab 离开编辑器）`;
    const host = element("div", "d2l-live-editor");
    this.view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: this.restored ? kept.code : this.original,
        extensions: [
          Prec.highest(
            keymap.of([
              // As in Jupyter: Shift+Enter runs and moves on, Ctrl/Cmd+Enter runs and stays.
              { key: "Shift-Enter", run: () => (this.run(), this.page.focusAfter(this), true) },
              { key: "Mod-Enter", run: () => (this.run(), true) },
            ]),
          ),
          lineNumbers(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          python(),
          syntaxHighlighting(classHighlighter),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          // tabindex: axe then sees that the scrolling editor holds something a keyboard reaches.
          EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) {
              this.keep();
              this.announceEdit();
            }
          }),
        ],
      }),
    });
    highlight.hidden = true;
    highlight.after(host);

    const tools = element("div", "d2l-live-tools");
    this.runButton = element("button", "md-button d2l-live-run", "运行");
    this.resetButton = element("button", "md-button d2l-live-reset", "重置");
    // While the cell waits or runs, 停止 sits beside it: the page's own button may be far above.
    this.stopButton = element("button", "md-button d2l-live-stop", "停止");
    this.stopButton.hidden = true;
    this.status = element("span", "d2l-live-status");
    this.status.setAttribute("aria-live", "polite");
    for (const button of [this.runButton, this.resetButton, this.stopButton]) button.type = "button";
    this.runButton.setAttribute("aria-label", `运行第 ${index + 1} 个代码单元格`);
    this.resetButton.setAttribute("aria-label", `重置第 ${index + 1} 个代码单元格：恢复原来的代码和输出`);
    this.runButton.addEventListener("click", () => this.run());
    this.resetButton.addEventListener("click", () => this.reset());
    this.stopButton.addEventListener("click", () => this.page.stop());
    this.stopButton.setAttribute("aria-label", "停止运行并重新启动 Python");
    tools.append(this.runButton, this.stopButton, this.resetButton, this.status);
    host.after(tools);
    this.outputs = element("div", "d2l-live-outputs");
    tools.after(this.outputs);
    for (const node of this.buildOutputs) this.outputs.append(node);
    if (this.restored) {
      this.setStatus("已恢复上次的修改");
      this.announceEdit(); // an explorable figure of this cell no longer matches its code
    }
  }

  keep() {
    const code = this.source;
    stored.set(this.key, code === this.original ? null : { book: this.original, code });
  }

  get source() {
    return this.view.state.doc.toString();
  }

  // The page's other scripts (an explorable figure's slider) learn whether the code is the book's.
  announceEdit() {
    const edited = this.source !== this.original;
    if (edited === this.block.hasAttribute("data-d2l-edited")) return;
    this.block.toggleAttribute("data-d2l-edited", edited);
    this.block.dispatchEvent(new CustomEvent("d2l-cell-edited", { bubbles: true, detail: { edited } }));
  }

  run() {
    this.page.runUpTo(this);
  }

  reset() {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: this.original } });
    stored.set(this.key, null);
    if (this.state === "idle") {
      this.releaseFigures();
      this.outputs.replaceChildren(...this.buildOutputs);
    }
    this.setStatus("");
  }

  setState(state, text) {
    this.state = state;
    this.block.classList.toggle("d2l-live-busy", state !== "idle");
    this.stopButton.hidden = state === "idle";
    this.setStatus(text);
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  clear() {
    this.releaseFigures();
    this.outputs.replaceChildren();
    this.stream = null;
  }

  releaseFigures() {
    for (const img of this.outputs.querySelectorAll('img[src^="blob:"]')) URL.revokeObjectURL(img.src);
  }

  show(kind, text) {
    // The book's code drew the book's figure: an explorable one keeps its slider.
    const explorable = this.buildOutputs.find((node) => node.matches("figure[data-d2l-slider]"));
    if (kind === "figure" && explorable && this.source === this.original) {
      if (!this.outputs.contains(explorable)) this.outputs.append(explorable);
      this.stream = null;
      return;
    }
    if (kind === "figure") {
      const figure = element("figure", "d2l-figure");
      const img = element("img");
      img.src = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
      // The build's description fits only the code as written.
      img.alt = this.source === this.original && this.figureAlt ? this.figureAlt : "按本单元格当前的代码画出的图";
      figure.append(img);
      this.outputs.append(figure);
      this.stream = null;
      return;
    }
    const boxClass = kind === "stdout" || kind === "result" ? "d2l-output" : "d2l-stderr";
    if (this.stream && this.stream.kind === kind && kind !== "result" && kind !== "error") {
      this.stream.pre.textContent += text;
      return;
    }
    const box = element("div", `${boxClass} d2l-live-${kind}`);
    if (kind === "error") box.setAttribute("role", "alert");
    const pre = element("pre", null, text);
    box.append(pre);
    this.outputs.append(box);
    this.stream = { kind, pre };
  }
}

// What runs next (design/live-code-answers.md). The queue holds requests: "pass" (the page's
// cells in order with the book's code, out of sight, started when Python is ready), "run" (a
// cell the reader ran: first every cell above it from the first one that is not current, then
// it) and "all" (全部运行: this cell, shown, whatever it ran before). A cell is current when it
// last ran with the code now in its editor; a cell that runs with other code than before makes
// every cell below it not current.
class LivePage {
  constructor({ config, root, assets, bar, row, cells, storage, restore }) {
    this.config = config;
    this.root = root;
    this.assets = assets;
    this.storage = storage;
    this.queue = [];
    this.running = null; // {cell, shown, outputs}: the cell Python is running now
    this.ready = false;
    this.worker = null;
    this.progress = element("p", "d2l-live-progress");
    this.progress.setAttribute("role", "status");
    this.stopButton = element("button", "md-button d2l-live-stop", "停止");
    this.stopButton.type = "button";
    this.stopButton.disabled = true;
    this.stopButton.addEventListener("click", () => this.stop());
    this.runAllButton = element("button", "md-button d2l-live-run-all", "全部运行");
    this.runAllButton.type = "button";
    this.runAllButton.setAttribute("aria-label", "全部运行：从上到下运行本页的全部代码单元格");
    this.runAllButton.addEventListener("click", () => this.runAll());
    this.restartButton = element("button", "md-button d2l-live-restart", "重新启动 Python");
    this.restartButton.type = "button";
    this.restartButton.hidden = true;
    this.restartButton.addEventListener("click", () => this.start());
    row.replaceChildren(this.runAllButton, this.stopButton, this.restartButton);
    bar.append(this.progress);
    this.cells = cells.map((block, index) => new Cell(this, block, index));
    this.forgetUnrestored();
    attachChecks(this);
    if (!restore) {
      this.start();
      return;
    }
    // Back after a reload: the editors show the kept edits; Python starts with the first run.
    const restored = this.cells.filter((cell) => cell.restored).length;
    this.say(
      restored
        ? `已恢复你上次在本页修改的 ${restored} 个代码单元格；按“运行”时再启动 Python。`
        : "本页的代码已经更新，上次的修改与现在的代码对不上，没有恢复。",
    );
  }

  // This page's kept edits that no cell took back (a cell that is gone, a damaged entry) are
  // removed, so the page does not report them on every visit.
  forgetUnrestored() {
    const kept = new Set(this.cells.filter((cell) => cell.restored).map((cell) => cell.key));
    try {
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith(this.storage) && !kept.has(key)) stored.set(key, null);
      }
    } catch {
      // storage switched off: nothing is kept
    }
  }

  // A request of the reader (run, 全部运行) is waiting or running: 全部运行 waits, 停止 works.
  get busy() {
    return Boolean(this.running?.shown) || this.queue.some((item) => item.mode !== "pass");
  }

  updateButtons() {
    this.stopButton.disabled = this.running === null && !this.busy;
    this.runAllButton.disabled = this.busy;
  }

  start() {
    this.ready = false;
    this.restartButton.hidden = true;
    performance.mark("d2l-live worker");
    const worker = new Worker(new URL("worker.js", this.assets));
    this.worker = worker;
    // The worker holds this lock while it lives: when it is granted to the page, the worker is
    // gone. A worker the page ended itself (停止) is no longer this.worker by then.
    const lock = `d2l-live-worker-${Date.now()}-${Math.random()}`;
    let watched = !navigator.locks;
    worker.onmessage = ({ data }) => {
      if (!watched) {
        watched = true;
        navigator.locks.request(lock, () => {
          if (this.worker === worker) this.fail("Web Worker 意外结束（可能是内存不足）");
        });
      }
      this.receive(data);
    };
    worker.onerror = (event) => this.fail(event.message || "Web Worker 出错");
    worker.postMessage({
      type: "init",
      indexURL: new URL(this.config.pyodide, this.root).href,
      kernelURL: new URL("kernel.py", this.assets).href,
      wheelURL: new URL(this.config.wheel, this.root).href,
      packages: this.config.packages,
      lock,
    });
    this.say("正在准备 Python……");
  }

  say(text) {
    this.progress.textContent = text;
  }

  // Python is gone (it could not load, it crashed, its worker died): say so, offer a restart.
  fail(text) {
    const started = this.ready;
    this.worker?.terminate();
    this.worker = null;
    this.ready = false;
    if (this.running) {
      const { cell } = this.running;
      cell.show("error", `Python 停止工作：${text}`);
      cell.setState("idle", "出错");
      this.running = null;
    }
    for (const cell of this.cells) cell.ranSource = undefined;
    for (const item of this.queue) item.cell?.setState("idle", "");
    this.queue = [];
    this.say(
      started
        ? `浏览器中的 Python 停止工作了：${text}。之前运行得到的变量都丢失了；可以重新启动 Python，或再按“运行”。`
        : `浏览器中的 Python 无法运行：${text}。可以再按“运行”重试。`,
    );
    this.restartButton.hidden = false;
    this.updateButtons();
  }

  receive(data) {
    if (data.type === "progress") this.say(data.text);
    else if (data.type === "failed") this.fail(data.text);
    else if (data.type === "ready") {
      this.ready = true;
      // The worker's steps, for the browser's performance panel and the benchmark.
      for (const [name, start, end] of data.phases ?? []) {
        const origin = performance.timeOrigin;
        performance.measure(`d2l-live ${name}`, { start: start - origin, end: end - origin });
      }
      this.queue.push({ mode: "pass" });
      this.pump();
    } else if (data.type === "output") {
      if (this.running?.shown) this.running.cell.show(data.kind, data.text);
      else this.running?.outputs.push(data);
    } else if (data.type === "done") this.finish(data);
  }

  finish({ ok, fatal }) {
    const { cell, shown, outputs, source } = this.running;
    this.running = null;
    if (cell.ranSource !== source) {
      // The cells below ran on what this cell did before: they are no longer current.
      for (const below of this.cells.slice(cell.index + 1)) below.ranSource = undefined;
    }
    cell.ranSource = source;
    if (!shown && !ok) {
      // A cell run out of sight failed: its outputs explain why the cells below did not run.
      cell.clear();
      for (const output of outputs) cell.show(output.kind, output.text);
    }
    if (shown || !ok) cell.setState("idle", ok ? "" : "出错");
    if (fatal) {
      this.fail("Python 崩溃了");
      return;
    }
    if (!ok) {
      // As in Jupyter's "run all": an error stops the cells queued after it.
      for (const item of this.queue) item.cell?.setState("idle", "上方单元格出错，未运行");
      this.queue = [];
    }
    this.pump();
  }

  focusAfter(cell) {
    this.cells[cell.index + 1]?.view.focus();
  }

  // Run `target` (what 运行 does): the cells above it that are not current run first.
  runUpTo(target) {
    if (target.state === "queued" || (this.running?.cell === target && this.running.shown)) return;
    if (this.worker === null) this.start();
    target.setState("queued", "等待运行");
    // Before the background pass, after the reader's earlier requests.
    const at = this.queue.findIndex((item) => item.mode === "pass");
    this.queue.splice(at < 0 ? this.queue.length : at, 0, { mode: "run", cell: target });
    this.pump();
  }

  // 全部运行: every cell, from the top, shown (as Jupyter's "Run All").
  runAll() {
    if (this.busy) return;
    if (this.worker === null) this.start();
    for (const cell of this.cells) cell.setState("queued", "等待运行");
    this.queue.unshift(...this.cells.map((cell) => ({ mode: "all", cell })));
    this.pump();
  }

  // The next cell to run, the code it runs with and whether its outputs are shown.
  next() {
    while (this.queue.length) {
      const item = this.queue[0];
      if (item.mode === "pass") {
        const cell = this.cells.find((c) => c.ranSource === undefined);
        if (cell) return { cell, source: cell.original, shown: false };
        this.queue.shift();
        continue;
      }
      if (item.mode === "run") {
        const stale = this.cells.slice(0, item.cell.index).find((c) => c.ranSource !== c.source);
        if (stale) return { cell: stale, source: stale.source, shown: stale.source !== stale.original };
      }
      this.queue.shift();
      return { cell: item.cell, source: item.cell.source, shown: true };
    }
    return null;
  }

  pump() {
    if (this.ready && this.running === null) {
      const next = this.next();
      if (next) {
        this.running = { ...next, outputs: [] };
        const { cell, shown } = next;
        if (shown) {
          cell.clear();
          cell.setState("running", "正在运行……");
          this.say(`正在运行第 ${cell.index + 1} 个代码单元格……`);
        } else {
          this.say(`Python 已就绪；正在后台按顺序运行本页的代码（第 ${cell.index + 1} 个单元格）……`);
        }
        this.worker.postMessage({ type: "run", id: cell.index, source: next.source });
      } else {
        this.say("Python 已就绪。");
      }
    }
    this.updateButtons();
  }

  // Without COOP/COEP headers (GitHub Pages cannot send them) Python cannot be interrupted:
  // stopping means ending the worker and starting a fresh Python.
  stop() {
    this.worker?.terminate();
    this.worker = null;
    if (this.running?.shown) {
      this.running.cell.show("stderr", STOPPED);
      this.running.cell.setState("idle", "已停止");
    }
    for (const item of this.queue) item.cell?.setState("idle", "");
    this.queue = [];
    this.running = null;
    for (const cell of this.cells) cell.ranSource = undefined;
    this.start();
    this.updateButtons();
    this.say("已停止，正在重新启动 Python（变量都已丢失）……");
  }
}

export function activate(options) {
  return new LivePage(options);
}

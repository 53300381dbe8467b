// Checked exercises: a 检查 button under each scaffold (a cell the build marked .d2l-exercise,
// followed by its folded check cell; site_plugin/mkdocs_d2l_site/exercises.py). 检查 runs the
// reader's scaffold, then the chapter's check cell, in the page's Python, as 运行 would (the
// first 检查 starts Python), and shows the check's feedback under the scaffold.
const PASSED = "通过：";

export function attachChecks(page) {
  for (const cell of page.cells) {
    const check = page.cells[cell.index + 1];
    if (cell.block.classList.contains("d2l-exercise") && check?.block.closest("details.d2l-check")) {
      new ExerciseCheck(page, cell, check);
    }
  }
}

class ExerciseCheck {
  constructor(page, cell, check) {
    this.page = page;
    this.cell = cell;
    this.check = check;
    this.pending = false;
    this.answered = false;
    this.button = document.createElement("button");
    this.button.type = "button";
    this.button.className = "md-button md-button--primary d2l-live-check";
    this.button.textContent = "检查";
    this.button.setAttribute("aria-label", `检查第 ${cell.index + 1} 个代码单元格中的答案`);
    this.button.addEventListener("click", () => this.start());
    cell.runButton.before(this.button);
    this.feedback = document.createElement("div");
    this.feedback.className = "d2l-exercise-feedback";
    this.feedback.setAttribute("role", "status");
    this.feedback.hidden = true;
    cell.outputs.after(this.feedback);

    // The check cell's own outputs stay in its fold; its result is the feedback shown here.
    const show = check.show.bind(check);
    check.show = (kind, text) => {
      show(kind, text);
      if (this.pending && (kind === "result" || kind === "error")) this.answer(kind, text);
    };
    const setState = check.setState.bind(check);
    check.setState = (state, text) => {
      setState(state, text);
      if (this.pending && state === "idle") this.finish();
    };
    const reset = cell.reset.bind(cell);
    cell.reset = () => {
      reset();
      this.say("", "");
    };
  }

  start() {
    if (this.pending) return;
    this.pending = true;
    this.answered = false;
    this.say("正在检查……", "");
    // The reader's current code runs again even if it ran before: a solution below (run in
    // the background) may have defined the same function since. Then the checks run.
    this.cell.ranSource = undefined;
    this.page.runUpTo(this.check);
  }

  answer(kind, text) {
    this.answered = true;
    if (kind === "error") this.say(`检查没能完成：${text}`, "d2l-exercise-raised");
    else this.say(text, text.startsWith(PASSED) ? "d2l-exercise-passed" : "d2l-exercise-wrong");
  }

  finish() {
    this.pending = false;
    if (this.answered) return;
    const raised = this.cell.outputs.querySelector(".d2l-live-error");
    this.say(
      raised
        ? "运行出错：你的代码没能运行完，错误见上方；改正后再按“检查”。"
        : "没有得到检查结果：Python 被停止或没能启动，见本页顶部的提示；可以再按“检查”。",
      "d2l-exercise-raised",
    );
  }

  say(text, kind) {
    this.feedback.hidden = !text;
    this.feedback.textContent = text;
    this.feedback.className = `d2l-exercise-feedback ${kind}`.trim();
  }
}

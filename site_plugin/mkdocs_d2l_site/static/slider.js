// Explorable figures (site_plugin/mkdocs_d2l_site/sliders.py): the build drew a figure once per
// value of a parameter; this adds a slider under it that swaps the frames. Without this script
// (no JavaScript, print, the PDF) the first frame is an ordinary figure. A frame is fetched when
// the slider reaches it, with its two neighbours (for smooth stepping); nothing before the first
// move. When live code edits the cell, the frames no longer show its code: the slider is
// disabled until 重置 (the editor sends "d2l-cell-edited").
(() => {
  const sliders = [];
  document.querySelectorAll("figure[data-d2l-slider]").forEach((figure, number) => {
    const img = figure.querySelector("img");
    const name = figure.dataset.d2lSlider;
    const values = figure.dataset.d2lValues.split(" ");
    const frames = figure.dataset.d2lFrames.split(" ");
    const alt = figure.dataset.d2lAlt;
    const id = `d2l-slider-${number + 1}`;
    const make = (tag, className, text) => {
      const node = document.createElement(tag);
      node.className = className;
      if (text) node.textContent = text;
      return node;
    };
    const box = make("div", "d2l-slider");
    const label = make("label", "d2l-slider-label", `拖动滑块改变 ${name}`);
    label.htmlFor = id;
    const input = make("input", "d2l-slider-input");
    Object.assign(input, { type: "range", id, min: 0, max: values.length - 1, step: 1, value: 0 });
    const output = make("output", "d2l-slider-value");
    output.htmlFor.add(id);
    const note = make("p", "d2l-slider-note", "代码已改动，这些图不是按改动后的代码画的，滑块已停用；按“重置”恢复原来的代码后可以再用。");
    note.hidden = true;
    let shown = 0;
    const requested = new Set([0]);
    const request = (index) => {
      if (index < 0 || index >= frames.length || requested.has(index)) return;
      requested.add(index);
      new Image().src = frames[index];
    };
    const show = (index) => {
      const text = `${name} = ${values[index]}`;
      input.setAttribute("aria-valuetext", text);
      output.textContent = text;
      if (index === shown) return;
      shown = index;
      requested.add(index);
      // Swap once the frame is decoded: no blank figure while it loads.
      const next = new Image();
      next.src = frames[index];
      next.decode().catch(() => null).then(() => {
        if (shown !== index) return;
        img.src = frames[index];
        if (alt) img.alt = alt.split(`{${name}}`).join(values[index]);
      });
    };
    input.addEventListener("input", () => {
      const index = Number(input.value);
      show(index);
      request(index - 1);
      request(index + 1);
    });
    show(0);
    box.append(label, input, output, note);
    figure.append(box);
    // While live code runs the cell, the figure is out of the page: remember its cell now.
    sliders.push({ cell: figure.closest(".d2l-cell"), input, note });
  });
  const follow = (cell, edited) => {
    for (const slider of sliders) {
      if (slider.cell !== cell) continue;
      slider.input.disabled = edited;
      slider.note.hidden = !edited;
    }
  };
  // An edit restored from an earlier visit may have been announced before this script ran.
  for (const { cell } of sliders) if (cell && cell.hasAttribute("data-d2l-edited")) follow(cell, true);
  document.addEventListener("d2l-cell-edited", (event) => follow(event.target, event.detail.edited));
})();

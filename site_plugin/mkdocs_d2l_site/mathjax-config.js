// Typeset math on both page kinds: arithmatex spans on Markdown pages and raw $…$ in the
// notebook pages' rendered Markdown. Everything else (code, outputs) is left alone.
window.MathJax = {
  tex: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    tags: "none",
  },
  options: {
    ignoreHtmlClass: ".*",
    processHtmlClass: "arithmatex|d2l-notebook",
  },
  chtml: { displayOverflow: "linebreak", matchFontHeight: false },
};

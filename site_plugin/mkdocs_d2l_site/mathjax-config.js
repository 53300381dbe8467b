// Typeset $…$ / $$…$$ (notebook pages) and \(…\) / \[…\] (arithmatex on Markdown pages).
// Code and outputs are <pre>/<code> and skipped by default; the site chrome is skipped here.
window.MathJax = {
  tex: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    tags: "none",
  },
  options: {
    ignoreHtmlClass: "tex2jax_ignore|md-header|md-sidebar|md-footer|md-search|d2l-output",
  },
  chtml: { matchFontHeight: false },
};

// Typeset $…$ / $$…$$ (notebook pages) and \(…\) / \[…\] (arithmatex on Markdown pages).
// Code and outputs are <pre>/<code> and skipped by default; the site chrome is skipped here.
// Only the components listed in `loader.load` are fetched (see assets.py for why).
window.MathJax = {
  loader: {
    load: [
      "input/tex-base", "[tex]/ams", "[tex]/noundefined", "output/chtml", "a11y/assistive-mml",
      "ui/lazy",
    ],
  },
  tex: {
    packages: { "[+]": ["ams", "noundefined"] },
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    tags: "none",
  },
  options: {
    // ui/lazy first swaps every formula for an empty placeholder, then typesets what is on
    // screen: the first screen would collapse and re-expand (layout shift). Typeset the top of
    // the page right away; the rest stays lazy.
    lazyAlwaysTypeset: ".d2l-notebook > :nth-child(-n+10), .md-content .arithmatex",
    ignoreHtmlClass: "tex2jax_ignore|md-header|md-sidebar|md-footer|md-search|d2l-output",
  },
  chtml: { matchFontHeight: false },
};

// Notebook pages ask for MathJax (mkdocs-jupyter's template); the site renders their math with its own KaTeX
// instead (katex.js), so this stands in for MathJax and does nothing: no script is fetched from a CDN.

// Render the math that pymdownx.arithmatex leaves in the page, with the KaTeX copy the site serves.
// document$ fires on every page load, including mkdocs-material's instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
  })
})

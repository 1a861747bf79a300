// What the theme leaves to the site for accessibility (tests/site/test_accessibility.py runs axe-core on every page).
// document$ fires on every page load, including mkdocs-material's instant navigation; katex.js subscribes first,
// so the math is typeset when this runs.

// Display math wider than its box (div.arithmatex scrolls, attnlab.css draws the edge shadows): a focusable,
// labelled region, so a keyboard can scroll it and a screen reader says what it is. Checked again whenever the
// box or the formula changes size (a phone turned, fonts loaded), so only boxes that do scroll become tab stops.
const wideMath = new ResizeObserver(entries => {
  for (const { target } of entries) {
    const box = target.closest("div.arithmatex")
    if (!box) continue
    const wide = box.scrollWidth > box.clientWidth + 1
    box.classList.toggle("attn-wide", wide)
    if (wide) {
      box.tabIndex = 0
      box.setAttribute("role", "region")
      box.setAttribute("aria-label", "Formula (scrolls sideways)")
    } else {
      for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name)
    }
  }
})

document$.subscribe(({ body }) => {
  // the theme's search dialog has role="dialog" and no name
  body.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(dialog =>
    dialog.setAttribute("aria-label", "Search"))
  // Zensical numbers code lines with empty links: out of the tab order and hidden from screen readers
  body.querySelectorAll('pre a[id^="__codelineno"]').forEach(link => {
    link.tabIndex = -1
    link.setAttribute("aria-hidden", "true")
  })
  body.querySelectorAll("article div.arithmatex").forEach(box => {
    wideMath.observe(box)
    if (box.firstElementChild) wideMath.observe(box.firstElementChild)
  })
})

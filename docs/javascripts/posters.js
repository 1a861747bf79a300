// A video's poster loads when the video comes near the screen, and only for the colour scheme shown.
// Each <video> of a figure carries its poster in data-poster (src/attnlab/engine/fragment.py); the variant of
// the other scheme is display: none, so it never intersects and never loads its poster until the reader
// switches scheme. document$ fires on every page load, including mkdocs-material's instant navigation.
const posterObserver = new IntersectionObserver((entries, observer) => {
  for (const { isIntersecting, target } of entries) {
    if (isIntersecting) {
      target.poster = target.dataset.poster
      observer.unobserve(target)
    }
  }
}, { rootMargin: "600px 0px" })

document$.subscribe(({ body }) => {
  body.querySelectorAll("video[data-poster]").forEach(video => posterObserver.observe(video))
})

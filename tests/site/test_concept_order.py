"""The course reads front to back: no page uses a concept that a later page introduces.

Each concept below has the page that introduces it and the words that name it. A page before that one in the
nav (its text and the captions of the figures it embeds) may name the concept only after a forward pointer: the
first paragraph that names it links to the introducing page ("the causal mask, on a later page, ...").
"""

import re

import pytest

from .course import DOCS, ROOT, nav_files

# concept: (the page that introduces it, a pattern of the words that name it)
CONCEPTS = {
    "softmax": ("foundations/softmax.md", r"\bsoftmax"),
    "soft dictionary": ("foundations/soft-dictionary.md", r"soft dictionary|soft lookup"),
    "projections W^Q, W^K, W^V": ("foundations/queries-keys-values.md", r"W\^\{?[QKV]\b|W_\{?[QKV]\b|W\^Q"),
    "dividing the scores by the square root of d_k": ("foundations/queries-keys-values.md",
                                                       r"\\sqrt\{d_k\}|√d_k|sqrt\(d_k\)"),
    "why the scores are scaled: their variance grows with d_k": ("foundations/scaling.md", r"\bvariance"),
    "teacher forcing": ("encoder-decoder/seq2seq.md", r"teacher[ -]forc"),
    "cross-attention": ("encoder-decoder/cross-attention.md", r"cross-attention"),
    "padding masks": ("encoder-decoder/cross-attention.md", r"key_padding_mask|padding mask"),
    "beam search": ("encoder-decoder/decoding.md", r"\bbeam"),
    "multi-head attention": ("multi-head/multi-head.md",
                             r"multi-head|MultiHeadAttention|MultiheadAttention|\bheads?\b|num_heads"),
    "the causal mask": ("transformer/masked-self-attention.md", r"causal|is_causal"),
    "permutation equivariance": ("transformer/permutation.md", r"equivarian"),
    "positional encoding": ("transformer/positional-encoding.md", r"positional (encoding|embedding)"),
    "LayerNorm and residuals": ("transformer/residual-layernorm.md", r"LayerNorm|layer norm|norm-first|pre-LN"),
}

NOT_LESSONS = {"index.md"}  # the home page lists what is ahead; it teaches nothing
EMBED = re.compile(r"^\s*!\[\[([\w-]+)\]\]\s*$", re.M)
LINK = re.compile(r"\]\(([^)#\s]+)")


def course():
    """The Markdown pages in nav order, as paths relative to docs/."""
    return [file for file in nav_files() if file.endswith(".md")]


def caption(name):
    """The docstring (title and caption) of the figure ``name``, from its snippet or scene file."""
    import ast

    for folder in ("snippets", "diagrams"):
        for path in (ROOT / folder).rglob(f"{name}.py"):
            return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return ""


def paragraphs(page):
    """The page's paragraphs (blank-line separated, figure captions as their own), without its code blocks."""
    text = re.sub(r"^(\s*)(`{3,}|~{3,}).*?^\1\2\s*$", "", (DOCS / page).read_text(encoding="utf-8"),
                  flags=re.M | re.S)
    text = EMBED.sub(lambda match: "\n\n" + caption(match[1]) + "\n\n", text)
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def links_to(paragraph, page, target):
    """Whether the paragraph links to ``target`` (both relative to docs/)."""
    here = (DOCS / page).parent
    return any((here / href).resolve() == (DOCS / target).resolve() for href in LINK.findall(paragraph))


def test_every_concept_page_is_in_the_course():
    pages = course()
    missing = {name: page for name, (page, _) in CONCEPTS.items() if page not in pages}
    assert missing == {}, f"concepts whose page is not in the nav: {missing}"


@pytest.mark.parametrize("concept", sorted(CONCEPTS))
def test_no_page_uses_the_concept_before_its_page(concept):
    home, pattern = CONCEPTS[concept]
    pages = course()
    early = [page for page in pages[: pages.index(home)] if page not in NOT_LESSONS]
    uses = []
    for page in early:
        first = next((p for p in paragraphs(page) if re.search(pattern, p, re.I)), None)
        if first is not None and not links_to(first, page, home):
            found = re.search(pattern, first, re.I)[0]
            uses.append(f"docs/{page}: {found!r}, with no link to {home}, in: {' '.join(first.split())[:160]}")
    assert uses == [], f"{concept} is introduced on {home}, but earlier pages use it:\n  " + "\n  ".join(uses)

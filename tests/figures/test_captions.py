"""Titles and captions typeset their notation: math in ``$...$``, code in backticks (docs/authors.md).

A figure's docstring is inline Markdown; the page shows ``W^Q`` or ``√d_k`` written outside ``$...$`` as those
characters, not as math. The site test checks that every ``$...$`` on a page is typeset by KaTeX.
"""

import ast
import re

import pytest

from .conftest import DIAGRAMS, SNIPPETS

FIGURES = [p for p in SNIPPETS + DIAGRAMS if not p.name.startswith("_")]
MATH_OR_CODE = re.compile(r"\$[^$]+\$|`[^`]+`")
# notation that belongs inside $...$ (or, for an identifier's underscore, in backticks)
LOOSE_NOTATION = re.compile(r"[_^√Σᵀᵢⱼ₀-₉‖⌈⌉]")


@pytest.mark.parametrize("path", FIGURES, ids=[p.stem for p in FIGURES])
def test_notation_is_marked_up(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=True) or ""
    text = MATH_OR_CODE.sub("", " ".join(doc.split()))  # as the engine reads it: lines joined
    assert "$" not in text and "`" not in text, f"{path.name}: an unclosed $ or backtick: {text}"
    loose = [f"{m.group()!r} in ...{text[max(m.start() - 30, 0):m.end() + 30]}..."
             for m in LOOSE_NOTATION.finditer(text)]
    assert loose == [], (f"{path.name}: notation outside $...$ or backticks (write $W^Q$, $\\sqrt{{d_k}}$, "
                         f"`attn_mask`):\n  " + "\n  ".join(loose))


@pytest.mark.parametrize("path", FIGURES, ids=[p.stem for p in FIGURES])
def test_alt_text_describes_the_picture_without_repeating_the_caption(path):
    """Screen readers read the alt text and then the caption: the alt text says what is drawn, in words of its
    own (at least 8 words; no run of 8 words copied from the caption; numbers, which both may quote, aside)."""
    from docfigs.figures import module_string, read_figure

    tree = ast.parse(path.read_text(encoding="utf-8"))
    alt = " ".join(module_string(tree, "ALT").split())
    assert len(alt.split()) >= 8, f"{path.name}: set ALT = \"...\" to what the picture shows (got {alt!r})"
    figure = read_figure(path, "still", path.parent.name, path.name)
    words = lambda text: re.findall(r"[^\W\d]\w*", text.lower())  # noqa: E731  (words, not numbers)
    caption = " ".join(words(figure.caption))
    alt_words = words(figure.alt)
    copied = [" ".join(alt_words[i:i + 8]) for i in range(len(alt_words) - 7)
              if " ".join(alt_words[i:i + 8]) in caption]
    assert copied == [], f"{path.name}: the alt text repeats the caption: {copied[:2]}"

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
    loose = [f"{m.group()!r} in ...{text[max(m.start() - 30, 0):m.end() + 30]}..." for m in LOOSE_NOTATION.finditer(text)]
    assert loose == [], (f"{path.name}: notation outside $...$ or backticks (write $W^Q$, $\\sqrt{{d_k}}$, "
                         f"`attn_mask`):\n  " + "\n  ".join(loose))

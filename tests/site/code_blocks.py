"""The fenced code blocks of the site's Markdown pages, as the tests run them.

A page's ``python`` blocks run top to bottom in one namespace, like a notebook. A block's output, as the
reader sees it, is the block right after it fenced as ``text title="Output"``. A block that cannot run on
purpose says so on the page, in its title: ``python title="Not run: why"``.
"""

import re
from dataclasses import dataclass

from .course import DOCS

SKIPPED_FOLDERS = {"generated", "vendor"}

PYTHON = {"python", "py", "python3"}
PYTHON_LIKE = PYTHON | {"pycon", "ipython", "python-repl"}
NOT_RUN = re.compile(r'title="Not run: [^"]+"')
OUTPUT = re.compile(r'title="Output"')
FENCE = re.compile(r"^(?P<indent>[ ]*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)(?P<attrs>.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: its language, the rest of its opening line, its text (de-indented) and where it is."""

    page: str
    line: int  # 1-based line of the opening fence
    end: int  # 1-based line of the closing fence
    lang: str
    attrs: str
    text: str

    @property
    def where(self):
        return f"docs/{self.page}:{self.line}"

    @property
    def is_python(self):
        return self.lang.lower() in PYTHON

    @property
    def is_not_run(self):
        return self.is_python and bool(NOT_RUN.search(self.attrs))

    @property
    def is_output(self):
        return self.lang.lower() == "text" and bool(OUTPUT.search(self.attrs))


def pages():
    """Every Markdown page under docs/ (not the build output), as paths relative to docs/."""
    return sorted(str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md")
                  if not SKIPPED_FOLDERS & set(path.relative_to(DOCS).parts[:-1]))


def blocks(page):
    """The fenced blocks of ``page`` (relative to docs/), in order; indented ones (admonitions, tabs) too."""
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    found, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        close = re.compile(rf"^{indent}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if j == len(lines):
            raise ValueError(f"docs/{page}:{i + 1}: a {fence} block is never closed")
        body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[i + 1:j]]
        found.append(Block(page, i + 1, j + 1, opening["lang"], opening["attrs"], "\n".join(body) + "\n"))
        i = j + 1
    return found


def runnable(page):
    """The page's python blocks that run, each with the Output block that follows it (or None)."""
    page_blocks, lines = blocks(page), (DOCS / page).read_text(encoding="utf-8").splitlines()
    pairs = []
    for index, block in enumerate(page_blocks):
        if not block.is_python or block.is_not_run:
            continue
        following = page_blocks[index + 1] if index + 1 < len(page_blocks) else None
        between = lines[block.end:following.line - 1] if following else []
        adjacent = following is not None and following.is_output and all(not line.strip() for line in between)
        pairs.append((block, following if adjacent else None))
    return pairs


def normalise(text):
    """Text as compared: trailing spaces and trailing blank lines ignored."""
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines())

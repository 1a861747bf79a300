"""Every Python code block on every page runs, against the installed torch and attnlab, and prints what the
page shows as its output. Conventions: ``code_blocks.py``; for authors: docs/authors.md."""

import contextlib
import io
import traceback

import pytest

from .code_blocks import PYTHON_LIKE, blocks, normalise, pages, runnable
from .course import ROOT

MAX_NOT_RUN = 3  # blocks marked "Not run: ..." on the whole site
MAX_CODE_LINE = 80  # characters the code column shows at 1280 px without cutting a line off
SHELL = {"sh", "bash", "console"}

PAGES_WITH_CODE = [page for page in pages() if runnable(page)]


def test_the_collector_finds_the_pages_code():
    """A parsing slip would make every page look code-free and this file test nothing."""
    assert len(PAGES_WITH_CODE) >= 10, PAGES_WITH_CODE


@pytest.mark.parametrize("page", PAGES_WITH_CODE)
def test_page_code_runs_and_prints_what_the_page_shows(page, monkeypatch):
    import matplotlib
    import torch

    matplotlib.use("Agg")
    monkeypatch.chdir(ROOT)
    torch.manual_seed(0)
    namespace = {"__name__": "__main__"}
    for block, output in runnable(page):
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile(block.text, block.where, "exec"), namespace)
        except Exception:
            pytest.fail(f"{block.where}: the block raised\n{traceback.format_exc(limit=-3)}")
        if output is None:
            assert printed.getvalue() == "", (
                f"{block.where}: the block prints, but no ```text title=\"Output\"``` block follows it; "
                f"it printed:\n{printed.getvalue()}")
        else:
            assert normalise(printed.getvalue()) == normalise(output.text), (
                f"{block.where}: the page shows (at docs/{page}:{output.line}):\n{output.text}\n"
                f"the block prints:\n{printed.getvalue()}")


def test_no_python_block_is_left_out():
    """Python-like blocks in another language tag would not run; Output blocks must follow a block that runs."""
    problems, not_run = [], []
    for page in pages():
        outputs_checked = {output.line for _, output in runnable(page) if output}
        for block in blocks(page):
            if block.lang.lower() in PYTHON_LIKE and not block.is_python:
                problems.append(f"{block.where}: a {block.lang!r} block is not run; fence it as python")
            if block.is_output and block.line not in outputs_checked:
                problems.append(f"{block.where}: an Output block that follows no running python block")
            if block.is_not_run:
                not_run.append(block.where)
    assert problems == [], "\n".join(problems)
    assert len(not_run) <= MAX_NOT_RUN, f"{len(not_run)} blocks marked 'Not run' (at most {MAX_NOT_RUN}): {not_run}"


def test_code_lines_fit_the_column():
    """A longer line is cut off on the page: python blocks, their Output blocks and shell blocks must fit."""
    too_long = []
    for page in pages():
        for block in blocks(page):
            if block.is_python or block.is_output or block.lang.lower() in SHELL:
                too_long += [f"docs/{page}:{block.line + number}: {len(line)} characters"
                             for number, line in enumerate(block.text.splitlines(), start=1)
                             if len(line) > MAX_CODE_LINE]
    assert too_long == [], f"lines longer than {MAX_CODE_LINE} characters:\n" + "\n".join(too_long)

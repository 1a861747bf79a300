"""The Talks page's table: the engine's site render records each scene's beats and duration in the manifest,
and the Markdown extension (docfigs.markdown, through the project's embeds) turns ``![[attnlab:talks]]`` into a
table built from them (a strict build of a tiny site)."""

import json
import os
import re
import subprocess
import sys

import pytest

from attnlab.talk_page import embedded_names, table
from docfigs.cache import Manifest
from docfigs.figures import Figure


@pytest.fixture(scope="module")
def built(talk_project):
    """The fixture project's figures (``attnlab build``, draft) and then ``mkdocs build --strict``: (root, log)."""
    env = os.environ | {"DOCFIGS_QUALITY": "draft"}
    log = ""
    for command in (["attnlab.cli", "build", "--root", str(talk_project)],
                    ["mkdocs", "build", "--strict", "--site-dir", "site"]):
        proc = subprocess.run([sys.executable, "-m", *command], cwd=talk_project, capture_output=True, text=True,
                              env=env, timeout=300)
        log += proc.stdout + proc.stderr
        assert proc.returncode == 0, log
    return talk_project, log


def test_the_site_render_records_beats_and_duration(built, scene_facts):
    root, _ = built
    entry = json.loads((root / "docs" / "generated" / "manifest.json").read_text())["figures"]["colour_square"]
    assert entry["meta"]["beats"] == scene_facts["beats"]
    assert entry["meta"]["duration"] == pytest.approx(scene_facts["duration"], abs=0.1)


def test_talks_page_lists_the_scene_from_its_render(built, scene_facts):
    root, log = built
    text = (root / "site" / "talks" / "index.html").read_text()
    assert "attnlab:talks" not in text
    row = re.search(r"<tr>\s*<td[^>]*>.*?colour_square.*?</tr>", text, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[2] == [f"{scene_facts['duration']:.1f}", "s"] and cells[3] == [str(scene_facts["beats"])]
    assert "A square changes colour." in row
    assert 'href="../squares/#figure-colour_square"' in row  # the page that embeds it (not the fenced example)
    assert 'src="../generated/colour_square/colour_square.light.poster.png#only-light"' in row
    assert "attnlab talk colour_square --format html" in re.sub(r"<[^>]+>", "", text)  # the export command
    assert 'href="../generated/colour_square/colour_square.dark.mp4"' in row
    assert (root / "site" / "generated" / "colour_square" / "colour_square.dark.mp4").is_file()


def test_embedded_names_skip_fenced_code():
    page = "![[a]]\n```md\n![[b]]\n```\n  ![[c]]  \ntext ![[d]]\n~~~~\n![[e]]\n~~~~\n"
    assert embedded_names(page) == ["a", "c"]


def _scene(name):
    return Figure(name, "animation", "s", None, f"diagrams/s/{name}.py", f"Title of {name}.", "Caption.")


def test_a_scene_without_render_is_reported_not_invented(tmp_path):
    manifest = Manifest(tmp_path / "m.json", {"done": {"outputs": {"x": {}}, "meta": {"beats": 2, "duration": 3.25}}})
    text, problems = table({"done": _scene("done"), "todo": _scene("todo")}, manifest, html_base="../g",
                           md_base="g", pages={}, page_src="talks.md")
    assert "| 3.2 s | 2 |" in text and "not rendered" in text
    assert problems == ["scene 'todo' is not rendered, so the Talks table has no poster, length or beats for it"]


def test_a_title_keeps_its_markdown_in_the_table(tmp_path):
    manifest = Manifest(tmp_path / "m.json", {"m": {"outputs": {"x": {}}, "meta": {"beats": 1, "duration": 1.0}}})
    title = r"Scores $QK^\top / \sqrt{d_k}$ | `attn_mask`"
    scene = Figure("m", "animation", "s", None, "diagrams/s/m.py", title, "Caption.")
    text, _ = table({"m": scene}, manifest, html_base="../g", md_base="g", pages={}, page_src="talks.md")
    assert r"**Scores $QK^\top / \sqrt{d_k}$ \| `attn_mask`**" in text  # typeset by the page; the | escaped


def test_an_animation_entry_without_meta_is_stale(tmp_path):
    out = tmp_path / "fig"
    out.mkdir()
    (out / "a.mp4").write_bytes(b"x")
    entry = {"key": "k", "kind": "animation", "outputs": {"a.mp4": {"size": 1}}}
    manifest = Manifest(tmp_path / "m.json", {"fig": entry})
    assert manifest.check("fig", "k", {}, "draft", out) == (
        False, "rendered by an older engine: no beat count or duration recorded")
    entry["meta"] = {"beats": 1, "duration": 1.0}
    assert manifest.check("fig", "k", {}, "draft", out) == (True, "fresh")

"""Sharded builds: `docfigs build --shard K/N` renders a stable part of the figures, `docfigs merge` gathers
the parts, and the merged project is in the state a full build leaves (the site build renders nothing).
Also the bare site build (the benchmarks'): `mkdocs build` embeds the figures without asking the engine."""

import os
import shutil
import subprocess
import sys

import pytest

from docfigs.builder import merge
from docfigs.cli import main
from docfigs.errors import UsageError
from docfigs.planning import parse_shard, shard_of, status


def _clone(proj, name):
    """A copy of the project's sources (no outputs, no cache), as another CI job would check it out."""
    root = proj.root.parent / name
    shutil.copytree(proj.root, root, ignore=shutil.ignore_patterns("generated", ".cache", "__pycache__"))
    return type(proj)(root)


def _entries(proj) -> dict:
    """The manifest without the render times, which differ from build to build."""
    return {name: {k: v for k, v in entry.items() if k != "seconds"} for name, entry in proj.manifest().items()}


def test_shards_partition_the_figures_and_adding_one_moves_no_other():
    names = [f"figure_{i}" for i in range(300)]
    for count in range(1, 7):
        parts = {k: {n for n in names if shard_of(n, count) == k} for k in range(1, count + 1)}
        assert set().union(*parts.values()) == set(names)
        assert sum(map(len, parts.values())) == len(names)  # disjoint
        assert all(len(part) > 300 / count / 2 for part in parts.values())  # no shard starves
        before = {n: shard_of(n, count) for n in names}
        assert {n: shard_of(n, count) for n in [*names, "a_new_figure"] if n != "a_new_figure"} == before
    # pinned: a change of the hash would move every figure (and cold-start every CI shard's cache)
    assert [shard_of(n, 4) for n in ("alpha", "beta", "gamma", "softmax_112_96")] == [3, 2, 1, 3]


def test_parse_shard():
    assert parse_shard("1/1") == (1, 1)
    assert parse_shard("3/4") == (3, 4)
    for bad in ("0/2", "3/2", "2", "a/b", "1/0", "-1/2", "1/2/3", ""):
        with pytest.raises(UsageError):
            parse_shard(bad)


def test_cli_rejects_a_bad_shard_and_a_missing_folder(toy, capsys):
    assert main(["build", "--shard", "3/2", "--root", str(toy.root)]) == 2
    assert "--shard takes K/N" in capsys.readouterr().err
    assert main(["merge", str(toy.root / "nowhere"), "--root", str(toy.root)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_shards_built_apart_then_merged_equal_a_full_build(toy, monkeypatch):
    monkeypatch.setenv("DOCFIGS_QUALITY", "draft")
    full = _clone(toy, "full")
    assert full.statuses(full.build()) == {"alpha": "rendered", "beta": "rendered", "gamma": "rendered"}

    shards = [_clone(toy, "shard1"), _clone(toy, "shard2")]  # alpha and gamma in shard 1 of 2, beta in 2
    report = shards[0].build(shard=(1, 2))
    assert {r.name for r in report.figures} == {n for n in ("alpha", "beta", "gamma") if shard_of(n, 2) == 1}
    assert main(["build", "--shard", "2/2", "--jobs", "1", "--root", str(shards[1].root)]) == 0
    assert {n: sorted(e["outputs"]) for n, e in shards[1].manifest().items()} == {"beta": [
        "beta.dark.png", "beta.dark.svg", "beta.fragment.md", "beta.light.png", "beta.light.svg"]}
    assert sorted(shards[0].manifest()) == ["alpha", "gamma"]

    site = _clone(toy, "site")
    assert main(["merge", *(str(s.generated) for s in shards), "--root", str(site.root)]) == 0
    assert _entries(site) == _entries(full)
    for name, entry in full.manifest().items():
        for fname in entry["outputs"]:
            assert site.out(name, fname).read_bytes() == full.out(name, fname).read_bytes()
    assert all(p.fresh for p in status(site.project()))
    assert set(site.statuses(site.build()).values()) == {"cached"}  # the site build renders nothing
    assert not list((site.root / ".cache" / "docfigs" / "staging").iterdir())

    # merging again takes nothing: everything is already fresh
    assert merge(site.project(), [s.generated for s in shards]) == ([], [])


def test_merge_takes_only_outputs_that_match_the_current_sources(toy, monkeypatch, capsys):
    monkeypatch.setenv("DOCFIGS_QUALITY", "draft")
    other = _clone(toy, "other")
    other.build()
    damaged = other.out("gamma", "gamma.dark.svg")
    damaged.write_bytes(damaged.read_bytes().replace(b"<svg", b"<SVG", 1))  # same size, different bytes

    here = _clone(toy, "here")
    here.append("snippets/basics/alpha.py")  # edited here after the other build: its outputs there are stale
    assert main(["merge", str(other.generated), "--root", str(here.root)]) == 1
    captured = capsys.readouterr()
    assert "merged 1 figure from 1 folder(s)" in captured.out
    assert "alpha is still stale (never rendered)" in captured.err  # its outputs there do not match
    assert "gamma is still stale (never rendered)" in captured.err
    assert set(here.manifest()) == {"beta"}
    assert here.statuses(here.build()) == {"alpha": "rendered", "beta": "cached", "gamma": "rendered"}


def test_bare_site_build_embeds_existing_outputs_without_asking_the_engine(toy):
    toy.build()
    before = toy.manifest()
    toy.append("snippets/basics/alpha.py")  # stale now: only `docfigs build` would render it again
    toy.write("docs/index.md", "# Home\n\n![[alpha]]\n")
    toy.write("mkdocs.yml", "site_name: Fixture\ntheme: mkdocs\nmarkdown_extensions:\n  - docfigs.markdown\n"
                            "nav:\n  - index.md\nexclude_docs: |\n  generated/*.json\n  generated/*/*.fragment.md\n")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=toy.root,
                          env=os.environ | {"DOCFIGS_QUALITY": "draft"}, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert 'src="generated/alpha/alpha.light.svg#only-light"' in (toy.root / "site" / "index.html").read_text()
    assert toy.manifest() == before  # nothing rendered, nothing recorded

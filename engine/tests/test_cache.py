"""The cache: re-render exactly what an edit affects; trust no missing, truncated or half-written output."""

import json
import os
from pathlib import Path

import pytest

from docfigs import status
from docfigs.cache import figure_key, library_versions, tool_version


def test_second_build_renders_nothing(toy):
    first = toy.build()
    assert toy.statuses(first) == {"alpha": "rendered", "beta": "rendered", "gamma": "rendered"}
    second = toy.build()
    assert toy.statuses(second) == {"alpha": "cached", "beta": "cached", "gamma": "cached"}
    assert second.totals == {"rendered": 0, "cached": 3, "failed": 0, "skipped": 0}
    for name in ("alpha", "beta", "gamma"):
        for fname in (f"{name}.light.svg", f"{name}.dark.svg", f"{name}.light.png", f"{name}.dark.png",
                      f"{name}.fragment.md"):
            assert toy.out(name, fname).stat().st_size > 0
    report = json.loads((toy.generated / "report.json").read_text())
    assert report["totals"]["cached"] == 3


def test_editing_a_snippet_rerenders_only_it(toy):
    toy.build()
    toy.append("snippets/other/gamma.py")
    report = toy.build()
    assert toy.statuses(report) == {"alpha": "cached", "beta": "cached", "gamma": "rendered"}
    assert "snippets/other/gamma.py" in next(r.reason for r in report.figures if r.name == "gamma")


def test_editing_an_imported_module_rerenders_its_importers(toy):
    toy.build()
    toy.append("src/toypkg/helpers.py")  # imported by numbers.py, which alpha imports and beta via _EXPORTS
    assert toy.statuses(toy.build()) == {"alpha": "rendered", "beta": "rendered", "gamma": "cached"}
    toy.append("src/toypkg/other.py")  # in the package, imported by nobody
    assert toy.statuses(toy.build()) == {"alpha": "cached", "beta": "cached", "gamma": "cached"}
    toy.append("src/toypkg/__init__.py")  # runs for every `toypkg` import
    assert toy.statuses(toy.build()) == {"alpha": "rendered", "beta": "rendered", "gamma": "cached"}


def test_editing_the_theme_rerenders_everything_with_the_new_theme(make_project, still):
    """The configured theme's file (``theme = "toytheme"``: src/toytheme.py) is hashed into every key, also of a
    figure that does not import it, and the workers draw with it."""
    proj = make_project({"snippets/a/one.py": still("One."),
                         "snippets/b/two.py": still("Two.", imports="from toytheme import get")}, themed=True)
    proj.build()
    assert proj.statuses(proj.build()) == {"one": "cached", "two": "cached"}
    assert b"#ab63fa" in proj.out("one", "one.light.svg").read_bytes()  # the bars: theme.accent, the query colour
    theme_src = (proj.root / "src/toytheme.py").read_text()
    proj.write("src/toytheme.py", theme_src.replace('QUERY = "#AB63FA"', 'QUERY = "#123456"'))
    assert proj.statuses(proj.build()) == {"one": "rendered", "two": "rendered"}
    assert b"#123456" in proj.out("one", "one.light.svg").read_bytes()
    assert b"#ab63fa" not in proj.out("one", "one.light.svg").read_bytes()


def test_truncated_or_missing_output_is_rerendered(toy):
    toy.build()
    svg = toy.out("alpha", "alpha.light.svg")
    good = svg.read_bytes()
    svg.write_bytes(good[: len(good) // 2])  # truncated
    toy.out("gamma", "gamma.dark.png").unlink()  # missing
    plans = {p.figure.name: p for p in status(toy.project(), quality="draft")}
    assert not plans["alpha"].fresh and "alpha.light.svg" in plans["alpha"].reason
    assert not plans["gamma"].fresh and "gamma.dark.png" in plans["gamma"].reason
    assert toy.statuses(toy.build()) == {"alpha": "rendered", "beta": "cached", "gamma": "rendered"}
    assert svg.read_bytes() == good


def test_same_size_corruption_is_caught_by_verify(toy):
    toy.build()
    png = toy.out("beta", "beta.dark.png")
    data = bytearray(png.read_bytes())
    data[-20] ^= 0xFF
    png.write_bytes(bytes(data))
    assert toy.statuses(toy.build())["beta"] == "cached"  # the no-op path checks sizes only
    assert toy.statuses(toy.build(verify=True))["beta"] == "rendered"


def test_unreadable_manifest_means_everything_is_stale(toy):
    toy.build()
    (toy.generated / "manifest.json").write_text("{not json")
    assert set(toy.statuses(toy.build()).values()) == {"rendered"}


def test_key_covers_quality_for_animations_only_and_library_versions(toy):
    (plan,) = status(toy.project(), ["gamma"], quality="draft")
    fig = plan.figure
    versions = {"matplotlib": "1.0"}
    assert figure_key(fig, "draft", plan.inputs, versions) == figure_key(fig, "site", plan.inputs, versions)
    assert figure_key(fig, "draft", plan.inputs, versions) != figure_key(fig, "draft", plan.inputs,
                                                                         {"matplotlib": "1.1"})
    anim = fig.__class__(**{**fig.__dict__, "kind": "animation"})
    assert figure_key(anim, "draft", plan.inputs, versions) != figure_key(anim, "site", plan.inputs, versions)


def test_animations_are_keyed_on_the_ffmpeg_that_encodes_them(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "fakempeg"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'fakempeg version 9.1-2+deb13u1 Copyright (c) the developers'\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent), prepend=os.pathsep)
    tool_version.cache_clear()
    assert tool_version("fakempeg") == "9.1-2+deb13u1"
    assert tool_version("no-such-program-here") == "absent"
    assert library_versions("animation")["ffmpeg"] == tool_version("ffmpeg") != "absent"
    assert "ffmpeg" not in library_versions("still")


def test_a_new_library_version_is_named_in_the_reason(toy):
    toy.build()
    manifest = toy.generated / "manifest.json"
    data = json.loads(manifest.read_text())
    data["figures"]["gamma"]["versions"]["matplotlib"] = "0.1"
    data["figures"]["gamma"]["key"] = "an older key"
    manifest.write_text(json.dumps(data))
    (plan,) = status(toy.project(), ["gamma"])
    assert not plan.fresh
    assert plan.reason == f"versions changed: matplotlib 0.1 -> {library_versions('still')['matplotlib']}"


def test_crash_while_moving_outputs_leaves_nothing_trusted(toy, monkeypatch):
    toy.build()

    class Crash(BaseException):
        pass

    real_replace = os.replace
    moved = []

    def replace(src, dst):
        if Path(dst).parent == toy.generated / "beta":
            moved.append(dst)
            if len(moved) == 2:
                raise Crash()  # the process dies between two output moves
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Crash):
        toy.build("beta", force=True)
    monkeypatch.setattr(os, "replace", real_replace)
    assert "beta" not in toy.manifest()  # the entry was dropped before the first move
    assert toy.statuses(toy.build()) == {"alpha": "cached", "beta": "rendered", "gamma": "cached"}


def test_deleted_figure_is_pruned(toy):
    toy.build()
    (toy.root / "snippets/other/gamma.py").unlink()
    assert toy.statuses(toy.build()) == {"alpha": "cached", "beta": "cached"}
    assert "gamma" not in toy.manifest()
    assert not (toy.generated / "gamma").exists()

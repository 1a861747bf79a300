"""Staging (one name format, a sweep of what dead processes left, atomic writes and folder publishing) and the
render tasks' JSON, both sides of the worker protocol."""

import os
import subprocess
import sys

import pytest

from docfigs import settings
from docfigs.staging import atomic_write, owner_pid, publish_files, publish_folder, staging_folder, staging_name, sweep
from docfigs.tasks import AnimationTask, RenderResult, SlidesResult, StillTask


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_staging_name_carries_its_owner_and_label():
    name = staging_name("manifest.json")
    assert name.startswith(settings.STAGING_PREFIX) and name.endswith("-manifest.json")
    assert owner_pid(name) == os.getpid()
    assert owner_pid("manifest.json") is None and owner_pid(settings.STAGING_PREFIX + "x-1") is None


def test_sweep_removes_what_dead_processes_left_and_keeps_the_live_ones(tmp_path):
    dead = dead_pid()
    (tmp_path / f"{settings.STAGING_PREFIX}{dead}-0000abcd-fig").mkdir()
    (tmp_path / f"{settings.STAGING_PREFIX}{dead}-0000abcd-fig" / "half.svg").write_text("<svg")
    (tmp_path / f"{settings.STAGING_PREFIX}{dead}-1111abcd-manifest.json").write_text("{")
    with staging_folder(tmp_path, "mine") as live:
        (tmp_path / "output.svg").write_text("<svg/>")
        sweep(tmp_path)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "output.svg"])
    assert [p.name for p in tmp_path.iterdir()] == ["output.svg"]  # the with block removed its own folder


def test_atomic_write_replaces_the_file_and_leaves_no_staging_file(tmp_path):
    target = tmp_path / "sub" / "report.json"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_publish_files_moves_the_named_files_and_removes_the_obsolete_ones(tmp_path):
    dest = tmp_path / "out"
    dest.mkdir()
    for name in ("a.svg", "old.svg", ".hidden"):
        (dest / name).write_text("old")
    with staging_folder(tmp_path) as staging:
        (staging / "a.svg").write_text("new")
        placed = publish_files(staging, dest, ["a.svg"], obsolete=lambda name: not name.startswith("."))
    assert placed == [dest / "a.svg"] and (dest / "a.svg").read_text() == "new"
    assert sorted(p.name for p in dest.iterdir()) == [".hidden", "a.svg"]


def test_publish_folder_replaces_a_whole_folder(tmp_path):
    dest = tmp_path / "deck"
    dest.mkdir()
    (dest / "stale.html").write_text("old")
    with staging_folder(tmp_path) as staging:
        (staging / "deck").mkdir()
        (staging / "deck" / "index.html").write_text("new")
        publish_folder(staging / "deck", dest)
    assert [p.name for p in dest.iterdir()] == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck"]  # the old folder, moved aside, is gone


def test_tasks_and_results_round_trip_through_json():
    common = {"name": "fig", "source_path": "/p/fig.py", "display_path": "snippets/a/fig.py",
              "snapshot": "/s/_source.py", "out_dir": "/s"}
    still = StillTask(**common, themes=["light"], png_dpi=200,
                      outputs={"light": settings.still_outputs("fig", "light")})
    assert StillTask.from_json(still.to_json()) == still
    animation = AnimationTask(**common, theme="dark", manim_quality="low_quality", work_dir="/s/w",
                              result="/s/r.json", width=854, height=480, fps=15,
                              encoding=settings.VIDEO_ENCODING["draft"],
                              intermediate=settings.INTERMEDIATE_ENCODING,
                              outputs=settings.animation_outputs("fig", "dark"))
    assert AnimationTask.from_json(animation.to_json()) == animation and animation.threads is None
    died = SlidesResult.worker_died("fig", -9, "tail")
    assert isinstance(died, SlidesResult) and not died.ok
    assert died.error["message"] == "render process exited with code -9"
    assert RenderResult.from_json(RenderResult(name="fig", ok=True, outputs=["a"]).to_json()).outputs == ["a"]


def test_a_task_with_a_missing_or_unknown_field_names_it():
    with pytest.raises(ValueError, match="StillTask: unknown field.* colour"):
        StillTask.from_json('{"colour": 1}')
    with pytest.raises(ValueError, match="StillTask: .*missing .*'themes'"):
        StillTask.from_json('{"name": "f", "source_path": "a", "display_path": "a", "snapshot": "a", "out_dir": "a",'
                            ' "png_dpi": 1, "outputs": {}}')

"""The CLI: the project root is found upward from the current folder; concurrent builds take turns."""

import json
import os
import subprocess
import sys


def test_root_is_found_from_a_subfolder(toy):
    env = os.environ | {"DOCFIGS_QUALITY": "draft"}
    proc = subprocess.run([sys.executable, "-m", "docfigs.cli", "list", "--json"], cwd=toy.root / "snippets" / "basics",
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert [r["name"] for r in json.loads(proc.stdout)] == ["alpha", "beta", "gamma"]
    proc = subprocess.run([sys.executable, "-m", "docfigs.cli", "list"], cwd="/", capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 1 and "no project root" in proc.stderr


def test_concurrent_builds_render_each_figure_once(toy):
    env = os.environ | {"DOCFIGS_QUALITY": "draft"}
    cmd = [sys.executable, "-m", "docfigs.cli", "build", "--json", "-j1", "--root", str(toy.root)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    assert sum(r["totals"]["rendered"] for r in reports) == 3
    assert sorted(r["totals"]["cached"] for r in reports) == [0, 3]
    assert set(toy.manifest()) == {"alpha", "beta", "gamma"}

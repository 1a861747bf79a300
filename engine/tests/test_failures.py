"""Failures: a figure that raises, a bad name, a bad project, a build killed mid-render."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from docfigs import ProjectError, discover, status

BROKEN = '''"""Broken.

Its data() divides by zero.
"""


def data():
    return 1 / 0


def draw(data, theme):
    raise AssertionError("never called")
'''


def test_unknown_name_exits_2_with_closest_names(toy):
    for args in (["build", "alpah"], ["show", "gama"]):
        proc = toy.cli(*args)
        assert proc.returncode == 2, proc.stderr
        assert "unknown figure" in proc.stderr
        assert ("alpha" if args[1] == "alpah" else "gamma") in proc.stderr
    proc = toy.cli("build", "--quality", "best")  # argparse usage error
    assert proc.returncode == 2


def test_raising_snippet_fails_the_build_naming_figure_file_and_line(toy):
    assert toy.cli("build", "alpha", "gamma", "-j1").returncode == 0
    toy.write("snippets/basics/aa_broken.py", BROKEN)
    toy.append("snippets/other/gamma.py")  # stale; queued after the broken figure
    before = {f: toy.out("alpha", f).read_bytes() for f in ("alpha.light.svg", "alpha.dark.png")}

    proc = toy.cli("build", "-j1")
    assert proc.returncode == 1
    assert "figure 'aa_broken' failed: snippets/basics/aa_broken.py, line 8, in data: ZeroDivisionError" \
        in proc.stderr, proc.stderr
    report = json.loads((toy.generated / "report.json").read_text())
    statuses = {f["name"]: f["status"] for f in report["figures"]}
    assert statuses == {"aa_broken": "failed", "alpha": "cached", "beta": "skipped", "gamma": "skipped"}
    assert report["figures"][0]["error"]["line"] == 8
    # what was rendered before is intact and still trusted
    assert {f: toy.out("alpha", f).read_bytes() for f in before} == before
    assert toy.manifest()["gamma"]["outputs"]  # old outputs kept, stale but shown until re-rendered

    proc = toy.cli("build", "-j1", "--keep-going", "--json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert {f["name"]: f["status"] for f in report["figures"]} == {
        "aa_broken": "failed", "alpha": "cached", "beta": "rendered", "gamma": "rendered"}
    assert report["totals"] == {"rendered": 2, "cached": 1, "failed": 1, "skipped": 0}
    assert "aa_broken" not in toy.manifest()


def test_error_inside_an_imported_module_names_the_figure_line_and_origin(toy):
    toy.write("src/toypkg/numbers.py", "def weights():\n    raise ValueError('bad weights')\n")
    report = toy.build("alpha")
    (result,) = report.figures
    assert result.status == "failed"
    assert result.error["file"] == "snippets/basics/alpha.py" and result.error["line"] == 9
    assert result.error["origin"].endswith("src/toypkg/numbers.py:2")
    assert "bad weights" in result.error_line


def test_contract_errors_name_the_file(make_project, still):
    proj = make_project({
        "snippets/a/nodraw.py": '"""No draw."""\n\ndef data():\n    return 1\n',
        "snippets/a/notfig.py": '"""Not a figure."""\n\ndef data():\n    return 1\n\n\ndef draw(d, theme):\n'
                                "    return 42\n",
        "snippets/a/nodoc.py": "def data():\n    return 1\n",
        "snippets/a/syntax.py": '"""Syntax."""\n\ndef data(:\n    return 1\n',
        "snippets/a/fine.py": still("Fine."),
    })
    report = proj.build(keep_going=True)
    errors = {r.name: r.error_line for r in report.figures if r.status == "failed"}
    assert "snippets/a/nodraw.py defines no draw() function" in errors["nodraw"]
    assert "notfig.py, line 7" in errors["notfig"] and "returned int, not a matplotlib Figure" in errors["notfig"]
    assert "snippets/a/nodoc.py has no module docstring" in errors["nodoc"]
    assert "snippets/a/syntax.py, line 3: SyntaxError" in errors["syntax"]
    assert proj.statuses(report)["fine"] == "rendered"


def test_duplicate_names_are_an_error_naming_both_files(make_project, still):
    proj = make_project({"snippets/a/same.py": still(), "diagrams/b/same.py": '"""Scene."""\n'})
    with pytest.raises(ProjectError, match=r"duplicate figure name 'same': snippets/a/same.py and diagrams/b/same.py"):
        discover(proj.project())
    proc = proj.cli("list")
    assert proc.returncode == 1 and "diagrams/b/same.py" in proc.stderr and "snippets/a/same.py" in proc.stderr


SLOW = '''"""Slow.

Its data() stops when asked to, so that the test can kill the build mid-render.
"""
import os
import pathlib
import time


def data():
    marker = os.environ.get("FIXTURE_PID_FILE")
    if marker:
        pathlib.Path(marker).write_text(str(os.getpid()))
        time.sleep(120)
    return [1, 2]
'''


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead too
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_build_killed_mid_render_leaves_nothing_trusted(toy, still, tmp_path):
    toy.build()
    draw = still().split("def draw", 1)[1]
    toy.write("snippets/other/slow.py", SLOW + "\n\ndef draw" + draw)
    toy.append("snippets/basics/alpha.py")  # a rendered figure made stale, then killed mid-render too
    marker = tmp_path / "worker.pid"
    env = os.environ | {"DOCFIGS_QUALITY": "draft", "FIXTURE_PID_FILE": str(marker)}
    build = subprocess.Popen([sys.executable, "-m", "docfigs.cli", "build", "slow", "alpha", "-j2",
                              "--root", str(toy.root)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (marker.exists() and marker.read_text()):
        assert time.monotonic() < deadline and build.poll() is None, build.communicate()
        time.sleep(0.05)
    time.sleep(0.5)  # alpha (the other worker) is mid-render or committed by now; slow is inside data()
    os.kill(build.pid, signal.SIGKILL)  # the build process only, as the OOM killer or `kill -9` would
    build.communicate()
    worker = int(marker.read_text())
    deadline = time.monotonic() + 10
    while _alive(worker):  # workers die with their parent
        assert time.monotonic() < deadline, "render worker outlived the killed build"
        time.sleep(0.05)

    assert "slow" not in toy.manifest()
    assert not [p for p in (toy.generated / "slow").glob("*") if not p.name.startswith(".")]
    plans = {p.figure.name: p for p in status(toy.project(), quality="draft")}
    assert not plans["slow"].fresh
    assert plans["beta"].fresh and plans["gamma"].fresh
    damaged = status(toy.project(), quality="draft", verify=True)  # every recorded output hash-checked
    assert not [p.reason for p in damaged if "damaged" in p.reason or "missing" in p.reason]

    marker.unlink()
    report = toy.build()
    assert toy.statuses(report)["slow"] == "rendered"
    assert toy.statuses(report)["beta"] == "cached"
    assert all(p.fresh for p in status(toy.project(), quality="draft"))
    assert not list((toy.root / ".cache" / "docfigs" / "staging").iterdir())  # leftovers cleaned


def test_worker_that_dies_fails_its_figure_and_the_build_goes_on(make_project, still):
    proj = make_project({
        "snippets/a/crash.py": still("Crash.", imports="import os\nimport signal",
                                     body="os.kill(os.getpid(), signal.SIGKILL)"),
        "snippets/a/fine.py": still("Fine."),
        "snippets/a/later.py": still("Later."),
    })
    report = proj.build(keep_going=True, jobs=1)
    assert proj.statuses(report) == {"crash": "failed", "fine": "rendered", "later": "rendered"}
    (crash,) = [r for r in report.figures if r.name == "crash"]
    assert crash.error["message"] == "render process exited with code -9"
    assert "figure 'crash' failed: snippets/a/crash.py" in crash.error_line


def test_render_that_hangs_is_stopped_at_the_timeout_and_the_build_goes_on(make_project, still):
    proj = make_project({
        "snippets/a/hang.py": still("Hang.", imports="import threading", body="threading.Event().wait()"),
        "snippets/a/fine.py": still("Fine."),
    })
    report = proj.build(keep_going=True, jobs=1, timeout=2)
    assert proj.statuses(report) == {"hang": "failed", "fine": "rendered"}
    (hang,) = [r for r in report.figures if r.name == "hang"]
    assert hang.error["type"] == "Timeout"
    assert "figure 'hang' failed: snippets/a/hang.py: Timeout: the render was still running after 2 s" \
        in hang.error_line, hang.error_line
    assert "hang" not in proj.manifest()
    assert not list((proj.root / ".cache" / "docfigs" / "staging").iterdir())


def test_timeout_that_is_not_a_number_is_a_usage_error(toy):
    proc = toy.cli("build", "alpha", "--timeout", "soon")
    assert proc.returncode == 2 and "--timeout" in proc.stderr and "'soon'" in proc.stderr, proc.stderr
    proc = toy.cli("build", "alpha", env={"DOCFIGS_TIMEOUT": "soon"})
    assert proc.returncode == 2 and "$DOCFIGS_TIMEOUT must be a number of seconds, not 'soon'" in proc.stderr, \
        proc.stderr

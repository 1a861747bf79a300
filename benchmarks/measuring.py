"""How the benchmarks measure: a command's wall, CPU and peak memory, the scratch copy, the commit and machine."""

import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results.md"
RAW = ROOT / ".cache" / "bench" / "last-run.json"  # every number of the last run (gitignored): --report-only
CORES = os.cpu_count() or 1


# -- measuring -----------------------------------------------------------------------------------
def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (all cores), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # less idle and iowait


def _cpu(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        for p in [proc, *proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
    except psutil.Error:
        pass
    return total


def run(cmd, cwd, env, check=True) -> dict:
    """Run ``cmd``: wall s, CPU s of its process tree, peak MB of the tree's summed RSS (sampled 10 times a
    second), and the share of the machine's cores other processes used meanwhile."""
    import psutil

    busy0, self0, start = _busy_seconds(), _cpu(resource.RUSAGE_SELF), time.perf_counter()
    children0 = _cpu(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        watched, peak = psutil.Process(proc.pid), 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(watched))
            time.sleep(0.1)
        wall = time.perf_counter() - start
        cpu = _cpu(resource.RUSAGE_CHILDREN) - children0
        others = max(0.0, _busy_seconds() - busy0 - cpu - (_cpu(resource.RUSAGE_SELF) - self0))
        if check and proc.returncode != 0:
            err.seek(0)
            tail = err.read()[-3000:].decode(errors="replace")
            raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{tail}")
    return {"wall": wall, "cpu": cpu, "peak_mb": peak / 2**20, "others": others / (wall * CORES),
            "code": proc.returncode}


# -- the scratch copy ----------------------------------------------------------------------------
def scratch_copy(dest: Path) -> Path:
    """Every file of the working tree git does not ignore, and docs/vendor (made by `make setup`)."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    for name in sorted(set(filter(None, listing.decode().split("\0")))):
        if (ROOT / name).is_file():  # a tracked file may be deleted in the tree
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    vendor = dest / "docs" / "vendor" / "katex"
    if (ROOT / "docs" / "vendor").is_dir():
        shutil.copytree(ROOT / "docs" / "vendor", dest / "docs" / "vendor")
    else:  # as the Makefile's vendor rule does, from node_modules
        dist = ROOT / "node_modules" / "katex" / "dist"
        (vendor / "contrib").mkdir(parents=True)
        for name in ("katex.min.css", "katex.min.js"):
            shutil.copy2(dist / name, vendor / name)
        shutil.copytree(dist / "fonts", vendor / "fonts")
        shutil.copy2(dist / "contrib" / "auto-render.min.js", vendor / "contrib")
    return dest


def commit() -> str:
    """The commit measured (the scratch copy is the working tree: "+ changes" when it differs from it)."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short=10", "HEAD")
    return (head + (" + changes" if git("status", "--porcelain", "--untracked-files=no") else "")) or "unknown"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    kib = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    from importlib.metadata import version

    versions = ", ".join(f"{d} {version(d)}" for d in ("torch", "matplotlib", "manim", "mkdocs", "mkdocs-material"))
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.split("\n", 1)[0].split()
    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {CORES} cores, {int(kib) / 2**20:.0f} GiB; Linux {platform.release()}; Python "
            f"{platform.python_version()}; {versions}; ffmpeg {ffmpeg[2] if len(ffmpeg) > 2 else '?'}; {chromium}")

"""Build and page-weight benchmarks: `make bench` runs this and rewrites benchmarks/results.md.

Measured in a scratch copy of the working tree (every file git does not ignore, plus the vendored KaTeX), with
its own src/ first on PYTHONPATH and its own model cache, so the working tree's outputs and caches are never
touched and edits made meanwhile do not leak in:

1. cold builds of every figure at draft and site quality with --jobs 1 and --jobs 2 (wall, CPU, peak memory,
   slowest ten figures), the tiny models trained from scratch each time;
2. a no-op `mkdocs build` (nothing stale) against a bare `mkdocs build` of the same pages with the outputs
   present (ATTNLAB_SKIP_FIGURES=1: the hook embeds the figures but never asks the engine what is stale),
   median of --runs interleaved runs each;
3. one snippet edited: what is re-rendered, and the time over the bare build;
4. page weight: bytes transferred on the first load of every page in headless Chromium (cold cache; videos
   are preload="none" and their posters load only near the screen, for the scheme shown), and the largest
   site video;
5. the attention module against torch.nn.MultiheadAttention (benchmarks/bench_attention.py --write).

Targets (issue "Benchmarks"): no-op <= 1.3x bare; edit <= bare + the figure's own render time + 2 s; cold
--jobs 2 <= 0.65x --jobs 1; every page <= 1.5 MB; every site video <= 500 KB; module <= 2x PyTorch.

Every timing also records the CPU that *other* processes used meanwhile (the machine's busy time from
/proc/stat less this benchmark's own), so a run on a shared machine says so. Figures that fail to render
(work in progress in the tree) are reported and left out of the site builds, which run without --strict.
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results.md"
RAW = ROOT / ".cache" / "bench" / "last-run.json"  # every number of the last run (gitignored): --report-only
MODULE_SECTION = "## Attention module vs PyTorch"
EDITED = "softmax_112_96"  # the snippet edited in step 3 (any other still if it is gone)
CORES = os.cpu_count() or 1
GZIP = {".html", ".css", ".js", ".json", ".svg", ".map", ".txt", ".xml"}
TARGETS = {"noop": 1.3, "edit_slack": 2.0, "jobs": 0.65, "page": 1.5e6, "video": 500e3}


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
    kib = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    from importlib.metadata import version

    versions = ", ".join(f"{d} {version(d)}" for d in ("torch", "matplotlib", "manim", "mkdocs", "mkdocs-material"))
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout.split("\n", 1)[0].split()
    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {CORES} cores, {int(kib) / 2**20:.0f} GiB; Linux {platform.release()}; Python "
            f"{platform.python_version()}; {versions}; ffmpeg {ffmpeg[2] if len(ffmpeg) > 2 else '?'}; {chromium}")


# -- 1. cold builds ------------------------------------------------------------------------------
def cold_builds(work: Path, env: dict) -> list[dict]:
    rows = []
    for quality in ("draft", "site"):
        for jobs in (1, 2):
            shutil.rmtree(work / "docs" / "generated", ignore_errors=True)
            shutil.rmtree(env["ATTNLAB_CACHE"], ignore_errors=True)
            stats = run([BIN / "attnlab", "build", "--quality", quality, "--jobs", str(jobs), "--keep-going"],
                        work, env, check=False)
            report = json.loads((work / "docs" / "generated" / "report.json").read_text())
            figures = report["figures"]
            rows.append(stats | {
                "quality": quality, "jobs": jobs, "totals": report["totals"],
                "failed": sorted(f["name"] for f in figures if f["status"] == "failed"),
                "figure_seconds": {f["name"]: f["seconds"] for f in figures},
                "animations": sum(f["kind"] == "animation" for f in figures)})
            print(f"cold build {quality} --jobs {jobs}: {stats['wall']:.1f} s, {report['totals']}", flush=True)
    return rows


def remove_failed(work: Path, cold: list[dict]) -> list[str]:
    """Take the figures that failed in any cold build out of the copy (the site builds must render nothing)."""
    failed = sorted({name for row in cold for name in row["failed"]})
    for tree in ("snippets", "diagrams"):
        for path in (work / tree).rglob("*.py"):
            if path.stem in failed:
                path.unlink()
    return failed


# -- 2. and 3. site builds -----------------------------------------------------------------------
def mkdocs(work: Path, env: dict, bare: bool) -> dict:
    env = env | ({"ATTNLAB_SKIP_FIGURES": "1"} if bare else {})
    return run([BIN / "mkdocs", "build", "--no-strict", "--quiet"], work, env)


def noop_rebuild(work: Path, env: dict, runs: int) -> dict:
    first = mkdocs(work, env, bare=False)  # renders nothing new; executes the notebooks into their cache
    mkdocs(work, env, bare=True)
    hook, bare = [], []
    for _ in range(runs):
        hook.append(mkdocs(work, env, bare=False))
        bare.append(mkdocs(work, env, bare=True))
    h, b = (statistics.median(r["wall"] for r in rows) for rows in (hook, bare))
    return {"first": first["wall"], "hook": h, "bare": b, "ratio": h / b, "runs": runs,
            "hook_all": [r["wall"] for r in hook], "bare_all": [r["wall"] for r in bare],
            "others": statistics.mean(r["others"] for r in hook + bare)}


def edit_one_snippet(work: Path, env: dict, bare_seconds: float) -> dict:
    manifest = json.loads((work / "docs" / "generated" / "manifest.json").read_text())["figures"]
    name = EDITED if EDITED in manifest else next(n for n, e in manifest.items() if e["kind"] == "still")
    snippet = work / manifest[name]["source"]
    snippet.write_text(snippet.read_text() + "\n# benchmark edit\n")
    (work / "docs" / "generated" / "report.json").unlink(missing_ok=True)  # the hook writes it if it renders
    stats = mkdocs(work, env, bare=False)
    report = json.loads((work / "docs" / "generated" / "report.json").read_text())
    rendered = [f for f in report["figures"] if f["status"] == "rendered"]
    own = sum(f["seconds"] for f in rendered)
    budget = bare_seconds + own + TARGETS["edit_slack"]
    return {"figure": name, "rendered": [f["name"] for f in rendered], "seconds": stats["wall"],
            "over_bare": stats["wall"] - bare_seconds, "own_render": own, "budget": budget,
            "others": stats["others"], "met": [f["name"] for f in rendered] == [name] and stats["wall"] <= budget}


# -- 4. page weight ------------------------------------------------------------------------------
def page_weights(work: Path) -> list[dict]:
    """Every page's first load in headless Chromium (a fresh context each: cold cache), 1280x800 window."""
    import http.server

    from playwright.sync_api import sync_playwright

    site = work / "site"

    class Handler(http.server.SimpleHTTPRequestHandler):
        """Serves site/ and, like GitHub Pages, gzips text (HTML, CSS, JS, JSON, SVG) for clients that accept it."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir() and self.path.split("?")[0].endswith("/"):
                path = path / "index.html"
            if path.suffix not in GZIP or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
                return super().do_GET()
            body = gzip.compress(path.read_bytes(), mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
                   if not {"assets", "generated", "vendor"} & set(p.relative_to(site).parts))
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=["--no-sandbox", "--disable-gpu"])
            for path in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                finished = []
                page.on("requestfinished", lambda request: finished.append(request))
                page.goto(base + ("" if path == "." else path + "/"), wait_until="networkidle")
                sizes, raw = [], 0
                for request in finished:
                    s = request.sizes()
                    url = request.url.removeprefix(base).split("?")[0].split("#")[0]
                    sizes.append((max(0, s["responseBodySize"]) + max(0, s["responseHeadersSize"]), url))
                    file = site / url / "index.html" if url.endswith("/") or not url else site / url
                    raw += file.stat().st_size if file.is_file() else 0
                sizes.sort(reverse=True)
                rows.append({"page": "/" if path == "." else f"/{path}/", "bytes": sum(b for b, _ in sizes),
                             "raw": raw, "requests": len(sizes), "largest": sizes[:3]})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return sorted(rows, key=lambda r: -r["bytes"])


def site_videos(work: Path) -> list[tuple[str, int]]:
    gen = work / "docs" / "generated"
    videos = [(p.name, p.stat().st_size) for ext in ("mp4", "webm") for p in gen.rglob(f"*.{ext}")]
    return sorted(videos, key=lambda v: -v[1])


# -- 5. the module -------------------------------------------------------------------------------
def module_section() -> str:
    """The attention-module benchmark's own section of results.md, rewritten by its script."""
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_attention.py"), "--write"], check=True,
                   stdout=subprocess.DEVNULL)
    text = RESULTS.read_text()
    return text[text.index(MODULE_SECTION):].strip() if MODULE_SECTION in text else ""


# -- the report ----------------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "met" if ok else "**MISSED**"


def load_text(load) -> str:
    return " / ".join(f"{x:.2f}" for x in load)


def report(m: dict) -> str:
    cold, noop, edit, pages, videos = m["cold"], m["noop"], m["edit"], m["pages"], m["videos"]
    by = {(r["quality"], r["jobs"]): r for r in cold}
    # measured while each command ran (the load average only echoes the minutes before the run)
    shared = max(r["others"] for r in cold + [edit]) > 0.1 or noop["others"] > 0.1
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (benchmarks/run.py) on {m['date']}, in {m['minutes']:.0f} min, at commit "
        f"{m.get('commit', 'unknown')}.",
        f"Machine: {m['machine']}.",
        "",
        f"Load average (1 / 5 / 15 min) before the run {load_text(m['load_before'])}, after it "
        f"{load_text(m['load_after'])}. " + (
            "**The machine was shared**: other processes used the CPU during the run (the `others` column: "
            "the share of all cores they used while each command ran), so the timings are noisy and "
            "pessimistic; compare ratios, and rerun on an idle machine for absolute numbers."
            if shared else "The machine was otherwise idle."),
        "",
        "## Cold build (every figure, models trained from scratch)",
        "",
        f"`attnlab build --quality Q --jobs J --keep-going` from nothing: {cold[0]['totals']['rendered'] + cold[0]['totals']['failed']} "
        f"figures ({cold[0]['animations']} animations, two themes each). Peak memory: the summed RSS of the build's "
        "processes, sampled 10 times a second.",
        "",
        "| quality | jobs | wall s | CPU s | CPU / wall | peak MB | others | rendered | failed |",
        "|---|---|---|---|---|---|---|---|---|",
        *(f"| {r['quality']} | {r['jobs']} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['cpu'] / r['wall']:.2f} | "
          f"{r['peak_mb']:.0f} | {r['others']:.0%} | {r['totals']['rendered']} | {r['totals']['failed']} |"
          for r in cold),
        "",
    ]
    for quality in ("draft", "site"):
        one, two = by[quality, 1], by[quality, 2]
        ratio = two["wall"] / one["wall"]
        longest = max(two["figure_seconds"].values())
        floor = max(two["cpu"] / 2, longest) / one["wall"]
        lines.append(
            f"- {quality}: --jobs 2 / --jobs 1 = **{ratio:.2f}** (target <= {TARGETS['jobs']}: {verdict(ratio <= TARGETS['jobs'])}"
            + ("" if ratio <= TARGETS["jobs"] else f", by {ratio - TARGETS['jobs']:.2f}")
            + f"). Other processes used {one['others']:.0%} of the cores during --jobs 1 and {two['others']:.0%} "
            f"during --jobs 2; with two cores to itself the best --jobs 2 could do is about {floor:.2f} "
            f"(half the CPU time it used, or the slowest figure, {longest:.0f} s, whichever is longer).")
    if m["failed"]:
        lines += ["", "Figures that failed to render (work in progress; left out of the site builds below): "
                  + ", ".join(f"`{n}`" for n in m["failed"]) + "."]
    for quality in ("draft", "site"):
        slowest = sorted(by[quality, 1]["figure_seconds"].items(), key=lambda kv: -kv[1])[:10]
        lines += ["", f"Slowest ten figures ({quality}, --jobs 1): "
                  + ", ".join(f"{name} {sec:.1f} s" for name, sec in slowest) + "."]
    lines += [
        "",
        "## No-op rebuild",
        "",
        f"`mkdocs build` with every figure fresh: median **{noop['hook']:.2f} s**; bare build (the same pages with "
        f"the figures embedded, `ATTNLAB_SKIP_FIGURES=1`: the engine is never asked what is stale): median "
        f"**{noop['bare']:.2f} s**; {noop['runs']} runs of each, interleaved (others used {noop['others']:.0%} of the "
        f"cores). Ratio **{noop['ratio']:.2f}** (target <= {TARGETS['noop']}: {verdict(noop['ratio'] <= TARGETS['noop'])}).",
        "",
        f"All runs, s: no-op {', '.join(f'{x:.2f}' for x in noop['hook_all'])}; bare "
        f"{', '.join(f'{x:.2f}' for x in noop['bare_all'])}. The first build after the cold builds (it executes "
        f"the notebooks into mkdocs-jupyter's cache) took {noop['first']:.1f} s.",
        "",
        "## One snippet edited",
        "",
        f"A comment appended to `{edit['figure']}`, then `mkdocs build`: re-rendered "
        f"{', '.join(f'`{n}`' for n in edit['rendered']) or 'nothing'}. Build **{edit['seconds']:.2f} s**, "
        f"{edit['over_bare']:.2f} s over the bare build; the figure's own render (worker start included) "
        f"{edit['own_render']:.2f} s, so the budget was {edit['budget']:.2f} s (target: exactly that figure, "
        f"<= bare + own + {TARGETS['edit_slack']:g} s: {verdict(edit['met'])}; others used {edit['others']:.0%}).",
        "",
        "## Page weight (first load, cold cache)",
        "",
        "Bytes transferred (bodies and headers) when headless Chromium first loads each page in a 1280x800 "
        "window and the network goes idle, from a local server that gzips text as GitHub Pages does "
        "(`unzipped`: the same files' sizes on disk). Images are `loading=\"lazy\"`, so only those near the "
        "first screen load; videos are `preload=\"none\"`, and their posters load only near the screen and for "
        "the colour scheme shown (`docs/javascripts/posters.js`).",
        "",
        "| page | KB | unzipped KB | requests | largest transfers (KB) |",
        "|---|---|---|---|---|",
        *(f"| {p['page']} | {p['bytes'] / 1000:.0f} | {p['raw'] / 1000:.0f} | {p['requests']} | "
          + ", ".join(f"{'HTML' if not url or url.endswith('/') else url.rsplit('/', 1)[-1]} {b / 1000:.0f}"
                     for b, url in p["largest"]) + " |"
          for p in pages),
        "",
    ]
    heavy = [p for p in pages if p["bytes"] > TARGETS["page"]]
    big = [v for v in videos if v[1] > TARGETS["video"]]
    lines.append(f"Heaviest page: {pages[0]['page']} **{pages[0]['bytes'] / 1e6:.2f} MB** (target: every page "
                 f"<= 1.5 MB: {verdict(not heavy)}" + (f", {len(heavy)} over" if heavy else "") + ").")
    if videos:
        lines.append(f"Largest site video: {videos[0][0]} **{videos[0][1] / 1000:.0f} KB** of {len(videos)} (target: "
                     f"every site video <= 500 KB: {verdict(not big)}"
                     + (f"; over: {', '.join(f'{n} {s / 1000:.0f} KB' for n, s in big)}" if big else "") + ").")
    lines.append("")
    if m.get("notes"):
        lines += [m["notes"].strip(), ""]
    if m["module"]:
        lines += [m["module"], ""]
    return "\n".join(lines)


def kept_notes() -> str:
    """The hand-written '## Why' section of the current results.md: kept, because it explains missed targets."""
    if not RESULTS.exists():
        return ""
    text = RESULTS.read_text()
    start = text.find("\n## Why")
    if start < 0:
        return ""
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else None]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="interleaved no-op and bare builds (default 7)")
    parser.add_argument("--report-only", action="store_true", help=f"rewrite results.md from {RAW.name}")
    args = parser.parse_args()
    if args.report_only:
        RESULTS.write_text(report(json.loads(RAW.read_text()) | {"notes": kept_notes()}))
        return
    started, load_before = time.monotonic(), os.getloadavg()
    m = {"date": datetime.date.today().isoformat(), "load_before": load_before, "machine": machine(),
         "commit": commit(), "notes": kept_notes()}
    m["module"] = module_section()
    print("module benchmark written", flush=True)
    with tempfile.TemporaryDirectory(prefix="attnlab-bench-") as tmp:
        work = scratch_copy(Path(tmp) / "repo")
        env = os.environ | {"ATTNLAB_CACHE": str(Path(tmp) / "cache"), "DOCFIGS_QUALITY": "site",
                            "PYTHONPATH": str(work / "src")}
        env.pop("DOCFIGS_JOBS", None)
        m["cold"] = cold_builds(work, env)
        m["failed"] = remove_failed(work, m["cold"])
        m["noop"] = noop_rebuild(work, env, args.runs)
        print(f"no-op {m['noop']['hook']:.2f} s, bare {m['noop']['bare']:.2f} s", flush=True)
        m["edit"] = edit_one_snippet(work, env, m["noop"]["bare"])
        print(f"edit {m['edit']['seconds']:.2f} s: {m['edit']['rendered']}", flush=True)
        m["pages"] = page_weights(work)
        m["videos"] = site_videos(work)
    m["load_after"], m["minutes"] = os.getloadavg(), (time.monotonic() - started) / 60
    RAW.parent.mkdir(parents=True, exist_ok=True)
    RAW.write_text(json.dumps(m, indent=1) + "\n")
    RESULTS.write_text(report(m))
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()

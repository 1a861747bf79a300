"""The measured steps of `make bench`: cold builds, no-op and one-edit site builds, page weight, the module.

Each step takes the scratch copy (``work``) and the environment it runs in, and returns plain numbers that
:mod:`reporting` writes into benchmarks/results.md.
"""

import gzip
import json
import shutil
import statistics
import subprocess
import sys
import threading
from pathlib import Path

from measuring import BIN, RESULTS, ROOT, run

MODULE_SECTION = "## Attention module vs PyTorch"
EDITED = "softmax_112_96"  # the snippet edited in step 3 (any other still if it is gone)
GZIP = {".html", ".css", ".js", ".json", ".svg", ".map", ".txt", ".xml"}
TARGETS = {"noop": 1.3, "edit_slack": 2.0, "jobs": 0.65, "page": 1.5e6, "video": 500e3}


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
    """The site build as `make site` runs it: the engine (renders what is stale) and then `mkdocs build`; ``bare``:
    `mkdocs build` alone, which embeds the figures as they are (the extension never asks the engine)."""
    site = [BIN / "mkdocs", "build", "--no-strict", "--quiet"]
    if bare:
        return run(site, work, env)
    engine = run([BIN / "attnlab", "build", "--keep-going"], work, env)
    pages = run(site, work, env)
    return pages | {"wall": engine["wall"] + pages["wall"], "others": (engine["others"] + pages["others"]) / 2}


def noop_rebuild(work: Path, env: dict, runs: int) -> dict:
    first = mkdocs(work, env, bare=False)  # renders nothing new; executes the notebooks
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
    (work / "docs" / "generated" / "report.json").unlink(missing_ok=True)  # the engine writes it
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
                page.on("requestfinished", finished.append)
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

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
import json
import os
import tempfile
import time
from pathlib import Path

from measuring import RAW, RESULTS, commit, machine, scratch_copy
from reporting import kept_notes, report
from steps import cold_builds, edit_one_snippet, module_section, noop_rebuild, page_weights, remove_failed, site_videos


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

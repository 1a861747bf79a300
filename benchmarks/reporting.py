"""benchmarks/results.md from the measured numbers: tables, targets met or missed, the kept hand-written notes."""

from measuring import RESULTS
from steps import TARGETS


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
        f"`attnlab build --quality Q --jobs J --keep-going` from nothing: "
        f"{cold[0]['totals']['rendered'] + cold[0]['totals']['failed']} figures ({cold[0]['animations']} "
        "animations, two themes each). Peak memory: the summed RSS of the build's processes, sampled 10 times "
        "a second.",
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
            f"- {quality}: --jobs 2 / --jobs 1 = **{ratio:.2f}** "
            f"(target <= {TARGETS['jobs']}: {verdict(ratio <= TARGETS['jobs'])}"
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
        f"`attnlab build` + `mkdocs build` with every figure fresh: median **{noop['hook']:.2f} s**; bare build "
        f"(the same pages with the figures embedded, `mkdocs build` alone: the engine is never asked what is "
        f"stale): median "
        f"**{noop['bare']:.2f} s**; {noop['runs']} runs of each, interleaved (others used {noop['others']:.0%} of the "
        f"cores). Ratio **{noop['ratio']:.2f}** "
        f"(target <= {TARGETS['noop']}: {verdict(noop['ratio'] <= TARGETS['noop'])}).",
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

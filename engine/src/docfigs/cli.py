"""``docfigs``: list, build, show, merge and clean a project's figures.

    docfigs list [--json]
    docfigs build [NAME...] [--jobs N] [--quality draft|site|talk] [--force] [--keep-going] [--shard K/N]
                  [--timeout SECONDS] [--json]
    docfigs merge DIR...
    docfigs show NAME [--json]
    docfigs clean [NAME...]

Paths come from the project root: the nearest folder at or above the current one holding pyproject.toml or
mkdocs.yml (or ``--root``), configured by its ``[tool.docfigs]``. Exit codes: 0 ok, 1 a figure failed or the
project is invalid, 2 usage. Only the standard library is imported until something has to be rendered.
A project's own CLI can add commands: ``main(argv, prog="attnlab", commands={"talk": (add_arguments, run, summary)})``.
"""

import argparse
import json
import os
import shutil
import sys

from . import settings
from .errors import EngineError, UnknownFigureError, UsageError


def _parser(prog: str, commands: dict) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS,
                        help="project root (default: nearest folder with mkdocs.yml or pyproject.toml)")
    quality = argparse.ArgumentParser(add_help=False)
    quality.add_argument("--quality", choices=list(settings.QUALITIES), default=None,
                         help=f"animation quality: draft 480p15, site 720p30, talk 1080p60 "
                              f"(default: ${settings.QUALITY_ENV} or {settings.DEFAULT_QUALITY})")

    parser = argparse.ArgumentParser(prog=prog, description="Render the project's figures (stills and "
                                     "animations) into docs/generated/, re-rendering only what changed.")
    parser.add_argument("--root", default=None, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", parents=[common, quality], help="every figure, with its state (fresh or stale)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("build", parents=[common, quality], help="render what is stale")
    p.add_argument("names", nargs="*", metavar="NAME", help="figures to build (default: all)")
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help=f"parallel render processes (default: ${settings.JOBS_ENV} or the number of cores)")
    p.add_argument("--force", action="store_true", help="render even what is fresh")
    p.add_argument("-k", "--keep-going", action="store_true", help="after a failure, render the other figures")
    p.add_argument("--verify", action="store_true", help="check outputs by hash, not only by size")
    p.add_argument("--shard", metavar="K/N", default=None,
                   help="only the figures of shard K of N (a stable hash of each name; see 'merge')")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help=f"stop a render still running after this long and fail its figure; 0: no limit "
                        f"(default: ${settings.TIMEOUT_ENV} or {settings.DEFAULT_TIMEOUT})")
    p.add_argument("--json", action="store_true", help="print the timing report as JSON")

    p = sub.add_parser("merge", parents=[common, quality], help="take fresh outputs from other builds' "
                       "docs/generated/ folders (e.g. CI shards); fails if a figure is still stale")
    p.add_argument("dirs", nargs="+", metavar="DIR")

    p = sub.add_parser("show", parents=[common, quality], help="a figure's outputs and state")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("clean", parents=[common], help="delete generated outputs (all, or of NAMEs)")
    p.add_argument("names", nargs="*", metavar="NAME")

    for name, (add_arguments, _, summary) in commands.items():
        add_arguments(sub.add_parser(name, parents=[common], help=summary))
    return parser


def _project(args):
    from .project import Project

    return Project.at(args.root)


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KiB" if n < 1 << 20 else f"{n / (1 << 20):.2f} MiB"


def cmd_list(args) -> int:
    from .planning import status

    project = _project(args)
    plans = status(project, quality=args.quality)
    rows = [p.figure.as_dict() | {"state": "fresh" if p.fresh else "stale", "reason": p.reason} for p in plans]
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    if not rows:
        print(f"no figures in {project.snippets_dir} or {project.diagrams_dir}")
        return 0
    cols = ("name", "kind", "section", "state", "source", "title")
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in cols[:-1]}
    print("  ".join(c.upper().ljust(widths.get(c, 0)) for c in cols).rstrip())
    for r in rows:
        print("  ".join(str(r[c]).ljust(widths.get(c, 0)) for c in cols).rstrip())
    return 0


def cmd_build(args) -> int:
    from .builder import build
    from .planning import parse_shard
    from .progress import Progress, format_report

    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    shard = parse_shard(args.shard) if args.shard else None
    project = _project(args)
    progress = Progress(sys.stderr)
    report = build(project, args.names or None, quality=args.quality, jobs=args.jobs, force=args.force,
                   keep_going=args.keep_going, verify=args.verify, progress=progress, write_report=True, shard=shard,
                   timeout=args.timeout)
    if args.json:
        print(json.dumps(report.as_dict(), indent=1))
    else:
        print(format_report(report))
    for r in report.figures:
        if r.status == "failed":
            print(f"\nerror: {r.error_line}", file=sys.stderr)
            tb = (r.error or {}).get("traceback")
            if tb:
                print(tb.rstrip(), file=sys.stderr)
    return 0 if report.ok else 1


def cmd_merge(args) -> int:
    from .builder import merge

    missing = [d for d in args.dirs if not os.path.isdir(d)]
    if missing:
        raise UsageError(f"not a folder: {', '.join(missing)}")
    taken, stale = merge(_project(args), args.dirs, quality=args.quality)
    print(f"merged {len(taken)} figure{'s' * (len(taken) != 1)} from {len(args.dirs)} folder(s)")
    for p in stale:
        print(f"error: {p.figure.name} is still stale ({p.reason})", file=sys.stderr)
    return 1 if stale else 0


def cmd_show(args) -> int:
    from .cache import Manifest
    from .planning import status

    project = _project(args)
    (plan,) = status(project, [args.name], quality=args.quality)
    fig = plan.figure
    entry = Manifest.load(project.manifest_path).get(fig.name) or {}
    out_dir = project.output_dir(fig.name)
    outputs = []
    for fname, rec in (entry.get("outputs") or {}).items():
        path = out_dir / fname
        outputs.append({"file": fname, "path": str(path), "size": rec.get("size"), "exists": path.is_file()})
    info = fig.as_dict() | {"state": "fresh" if plan.fresh else "stale", "reason": plan.reason,
                            "output_dir": str(out_dir), "outputs": outputs, "key": plan.key,
                            "inputs": sorted(plan.inputs), "embed": f"![[{fig.name}]]",
                            "quality": entry.get("quality"), "meta": entry.get("meta")}
    if args.json:
        print(json.dumps(info, indent=1))
        return 0
    print(f"{fig.name}  ({fig.kind}, section {fig.section})")
    print(f"  title:   {fig.title}")
    if fig.caption:
        print(f"  caption: {fig.caption}")
    print(f"  source:  {fig.source}")
    print(f"  inputs:  {', '.join(sorted(plan.inputs))}")
    print(f"  state:   {info['state']}" + ("" if plan.fresh else f" ({plan.reason})"))
    print(f"  embed:   ![[{fig.name}]]")
    if entry.get("meta"):  # an animation as rendered: its length and the beats where a talk pauses
        from .progress import length

        meta = entry["meta"]
        beats = meta.get("beats", "?")
        print(f"  length:  {length(meta.get('duration'))}, {beats} beats ({entry.get('quality')} quality)")
    if outputs:
        print(f"  outputs: {out_dir}")
        for o in outputs:
            print(f"    {o['file']:<40} {_size(o['size'] or 0):>10}" + ("" if o["exists"] else "  MISSING"))
    else:
        print("  outputs: none yet (docfigs build " + fig.name + ")")
    return 0


def cmd_clean(args) -> int:
    from .builder import build_lock
    from .cache import Manifest
    from .figures import discover

    project = _project(args)
    with build_lock(project):
        if not args.names:
            if project.generated_dir.exists():
                shutil.rmtree(project.generated_dir)
                print(f"removed {project.generated_dir}")
            return 0
        manifest = Manifest.load(project.manifest_path)
        known = set(discover(project)) | set(manifest.figures)
        unknown = [n for n in args.names if n not in known]
        if unknown:
            raise UnknownFigureError(unknown, sorted(known))
        for name in args.names:
            if manifest.figures.pop(name, None) is not None:
                manifest.save()
            if project.output_dir(name).exists():
                shutil.rmtree(project.output_dir(name))
                print(f"removed {project.output_dir(name)}")
    return 0


COMMANDS = {"list": cmd_list, "build": cmd_build, "show": cmd_show, "clean": cmd_clean, "merge": cmd_merge}


def main(argv=None, *, prog: str = "docfigs", commands: dict | None = None) -> int:
    """Run the CLI. ``commands``: name -> (add_arguments(parser), run(args, project) -> exit code, summary),
    extra commands a project adds (attnlab's ``talk``)."""
    commands = commands or {}
    parser = _parser(prog, commands)
    args = parser.parse_args(argv)
    try:
        if args.command in commands:
            return commands[args.command][1](args, _project(args))
        return COMMANDS[args.command](args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    except EngineError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `docfigs list | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())

"""Publishing into docs/generated/: a staged render committed (outputs, fragment, manifest entry), outputs taken
from other builds' folders (``merge_folders``), figures whose file is gone pruned, and leftovers swept.

Every change follows one order, so an interrupted build never leaves outputs the next build trusts: distrust
(the figure's manifest entry removed and saved), replace (each output moved into place by os.replace), record
(the new entry saved).
"""

import os
import shutil
import time
from pathlib import Path

from . import settings
from .cache import Manifest, library_versions, sha256_file
from .fragment import animation_fragment, still_fragment
from .staging import publish_files, staging_folder, sweep


def staging_root(project, out_dir) -> Path:
    """Where renders write before their outputs are moved into ``out_dir`` with os.replace.

    Outside docs/ (``.cache/docfigs/staging``) so a render does not wake `mkdocs serve` file by file, when
    that is on the same file system as ``out_dir`` (os.replace is atomic only there); else ``out_dir`` itself
    (a staging folder is a dot folder, which MkDocs skips).
    """
    root = project.cache_dir / "staging"
    root.mkdir(parents=True, exist_ok=True)
    if os.stat(root).st_dev == os.stat(out_dir).st_dev:
        return root
    return out_dir


def sweep_leftovers(project):
    """Remove what builds that died left: staging folders and half-written files (called under the build lock)."""
    sweep(project.cache_dir / "staging")
    if project.generated_dir.is_dir():
        sweep(project.generated_dir)  # a manifest or report being written
        for folder in project.generated_dir.iterdir():
            if folder.is_dir():
                sweep(folder)


def is_output(name: str) -> bool:
    """Whether a file in a figure's folder is one of its outputs (not a hidden file or a staging entry)."""
    return not name.startswith(".")


def place(project, manifest, name: str, staging: Path, entry: dict):
    """Move the outputs ``entry`` lists from ``staging`` into the figure's folder and record ``entry``:
    distrust, replace, record; files of an earlier render that ``entry`` does not list are removed."""
    out_dir = project.output_dir(name)
    if manifest.figures.pop(name, None) is not None:
        manifest.save()  # from here until the entry is written back, nothing of it is trusted
    publish_files(staging, out_dir, list(entry["outputs"]), obsolete=is_output)
    manifest.figures[name] = entry
    manifest.save()


def commit(project, manifest, quality: str, job):
    """Commit the staged render of ``job`` (a ``runner.Job`` whose tasks all succeeded): write its fragment,
    check and hash every output, and ``place`` them with the figure's manifest entry."""
    plan, fig = job.plan, job.plan.figure
    text = plan.source_bytes.decode("utf-8", errors="replace")
    if fig.kind == "still":
        fragment = still_fragment(fig, text, job.width, job.height)
    else:
        w, h = job.width or settings.QUALITIES[quality][1], job.height or settings.QUALITIES[quality][2]
        fragment = animation_fragment(fig, text, w, h)
    frag_name = settings.fragment_name(fig.name)
    (job.staging / frag_name).write_text(fragment, encoding="utf-8")
    records = {}
    for fname in [*job.outputs, frag_name]:
        path = job.staging / fname
        if not path.is_file() or path.stat().st_size == 0:
            raise RuntimeError(f"the render did not write {fname}")
        with open(path, "rb") as f:
            os.fsync(f.fileno())
        records[fname] = {"size": path.stat().st_size, "sha256": sha256_file(path)}
    place(project, manifest, fig.name, job.staging, {
        "key": plan.key,
        "kind": fig.kind,
        "source": fig.source,
        "section": fig.section,
        "title": fig.title,
        "quality": quality if fig.kind == "animation" else None,
        "inputs": plan.inputs,
        "versions": library_versions(fig.kind),
        "fragment": frag_name,
        "outputs": records,
        "width": job.width,
        "height": job.height,
        "seconds": round(time.monotonic() - job.started, 3) if job.started else None,
        **({"meta": job.meta} if job.meta else {}),
    })


def merge_folders(project, manifest, plans, folders, quality: str) -> list[str]:
    """Take into this project, for each stale plan, the outputs another build left in one of ``folders`` (each a
    docs/generated/ of the same sources: a manifest and a folder per figure), e.g. the shards of a CI matrix.

    A figure is taken from the first folder whose manifest entry has the figure's current key (same sources,
    imports, theme, quality, library versions) and whose outputs match that entry by size and hash; its files are
    copied in and its entry recorded as ``commit`` does. Nothing is rendered. Returns the names taken.
    """
    others = [(Path(f), Manifest.load(Path(f) / settings.MANIFEST_NAME)) for f in folders]
    taken = []
    for p in plans:
        if p.fresh or p.figure.problem:
            continue
        name = p.figure.name
        for folder, other in others:
            if folder.resolve() == project.generated_dir:
                continue
            if other.check(name, p.key, p.inputs, quality, folder / name, verify=True)[0] and all(
                    Path(f).name == f and is_output(f) for f in other.figures[name]["outputs"]):
                take(project, manifest, name, folder / name, other.figures[name])
                taken.append(name)
                break
    return taken


def take(project, manifest, name: str, folder: Path, entry: dict):
    """Copy the outputs ``entry`` lists from another build's ``folder`` into this project, staged, and place them."""
    out_dir = project.output_dir(name)
    out_dir.mkdir(parents=True, exist_ok=True)
    with staging_folder(staging_root(project, out_dir), name) as staging:
        for fname in entry["outputs"]:
            shutil.copyfile(folder / fname, staging / fname)
        place(project, manifest, name, staging, entry)


def prune(project, manifest, figures) -> bool:
    """Forget figures whose file is gone (their outputs too). True when the manifest changed."""
    gone = [name for name in manifest.figures if name not in figures]
    for name in gone:
        del manifest.figures[name]
        shutil.rmtree(project.output_dir(name), ignore_errors=True)
    return bool(gone)

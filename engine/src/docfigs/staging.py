"""Staging and publishing: write beside the final place, move into it by rename, sweep what dead processes left.

Every temporary file or folder the engine (and a project's exports) writes has a name made by ``staging_name``:
``.tmp-<pid>-<random>[-<label>]`` (``settings.STAGING_PREFIX``; a dot name, so MkDocs skips it). The pid is the
process that owns it: ``sweep`` removes, in a folder, the staging entries whose owner is no longer running (a
killed build, export or training), and leaves the live ones alone.

* ``atomic_write(path, data)``: a file, written to a staging file beside it, fsynced, then ``os.replace``d;
* ``staging_folder(parent)``: a staging folder (made, or as a context manager that removes it at the end);
* ``publish_files(folder, dest, names, obsolete)``: the named files moved into ``dest``, one ``os.replace`` each,
  then the files of ``dest`` that ``obsolete`` picks removed;
* ``publish_folder(folder, dest)``: a whole folder put at ``dest`` by renames (an older ``dest`` is moved aside
  first, then removed): ``dest`` is always a complete folder, old or new.

``os.replace`` and ``os.rename`` are atomic on one file system only: stage beside the destination.
"""

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from . import settings


def staging_name(label: str = "") -> str:
    """A fresh staging name owned by this process: ``.tmp-<pid>-<random>[-<label>]``."""
    return f"{settings.STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}" + (f"-{label}" if label else "")


def owner_pid(name: str) -> int | None:
    """The pid in a staging name, None when ``name`` is not one."""
    if not name.startswith(settings.STAGING_PREFIX):
        return None
    pid = name[len(settings.STAGING_PREFIX):].split("-", 1)[0]
    return int(pid) if pid.isdigit() else None


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` is running (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


def sweep(folder: Path):
    """Remove the staging files and folders in ``folder`` whose owning process is dead."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    for entry in folder.glob(f"{settings.STAGING_PREFIX}*"):
        pid = owner_pid(entry.name)
        if pid is None or pid_alive(pid):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def discard(path: Path):
    """Remove a staging folder or file, whatever it still holds (nothing when it is gone)."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def atomic_write(path: Path, data: bytes):
    """Write ``data`` to ``path`` through a staging file in the same folder, fsync, and os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / staging_name(path.name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # mode from the umask, like any file
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def make_staging_folder(parent: Path, label: str = "") -> Path:
    """A new, empty staging folder in ``parent`` (created with its parents); the caller removes it."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    folder = parent / staging_name(label)
    folder.mkdir()
    return folder


@contextlib.contextmanager
def staging_folder(parent: Path, label: str = ""):
    """A staging folder in ``parent`` for the ``with`` block, removed with whatever it still holds after it."""
    folder = make_staging_folder(parent, label)
    try:
        yield folder
    finally:
        discard(folder)


def publish_files(folder: Path, dest: Path, names, obsolete=None) -> list[Path]:
    """Move the files ``names`` from staging ``folder`` into ``dest`` (one os.replace each), then remove the other
    files of ``dest`` for which ``obsolete(name)`` is true. The files now in place."""
    dest = Path(dest)
    placed = []
    for name in names:
        os.replace(Path(folder) / name, dest / name)
        placed.append(dest / name)
    if obsolete is not None:
        kept = set(names)
        for old in dest.iterdir():
            if old.is_file() and old.name not in kept and obsolete(old.name):
                old.unlink()
    return placed


def publish_folder(folder: Path, dest: Path):
    """Put ``folder`` at ``dest`` by renames: an older ``dest`` is moved aside to a staging name first, then
    removed, so ``dest`` is always a whole folder (or, between the two renames, absent)."""
    dest = Path(dest)
    old = None
    if dest.exists():
        old = dest.with_name(staging_name("old"))
        os.rename(dest, old)
    os.rename(folder, dest)
    if old is not None:
        discard(old)

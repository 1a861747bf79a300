"""The cache: a figure's key, and the manifest that records what was rendered with which key.

A figure's key is the sha256 of: its own file, every project module it imports (transitively, see
``deps``), the theme module, the quality (animations only: stills do not depend on it), the versions of
the libraries that draw it (``importlib.metadata``, nothing imported) and of ffmpeg for animations, and the
engine's FORMAT_VERSION.

The manifest (``docs/generated/manifest.json``) maps figure name -> key, inputs, and every output with its
size and sha256. An entry is written only after all of the figure's outputs are in place, and removed
before they are replaced, so an interrupted build never leaves outputs the next build trusts. A figure is
fresh when its entry has the current key and every output exists with the recorded size (``verify``
also compares hashes).
"""

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from . import settings
from .staging import atomic_write

MANIFEST_FORMAT = 1


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@cache
def library_version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def tool_version(program: str) -> str:
    """What ``program -version`` says its version is ("5.1.9-0+deb12u1" for Debian 12's ffmpeg), or "absent"."""
    exe = shutil.which(program)
    if exe is None:
        return "absent"
    try:
        out = subprocess.run([exe, "-version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "absent"
    first = out.strip().splitlines()[0] if out.strip() else "absent"
    said = re.match(r"\S+ version (\S+)", first)  # "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) ..."
    return said.group(1) if said else first


def library_versions(kind: str) -> dict:
    """name -> version of everything outside the project that shapes a figure of ``kind``."""
    versions = {dist: library_version(dist) for dist in settings.LIBRARIES[kind]}
    versions |= {program: tool_version(program) for program in settings.TOOLS[kind]}
    versions["python"] = ".".join(platform.python_version_tuple()[:2])
    return versions


def figure_inputs(project, figure, graph, source_bytes: bytes, digests: dict) -> dict:
    """label -> sha256 for the figure's file, each project module it imports, and the theme module."""
    def digest(path):
        if path not in digests:
            digests[path] = sha256_file(path)
        return digests[path]

    inputs = {figure.source: sha256_bytes(source_bytes)}
    for dep in graph.closure(figure.path):
        inputs[project.label(dep)] = digest(dep)
    theme = project.theme_file().resolve()
    inputs[project.label(theme)] = digest(theme)
    return dict(sorted(inputs.items()))


def figure_key(figure, quality: str, inputs: dict, versions: dict) -> str:
    payload = {
        "format": settings.FORMAT_VERSION,
        "name": figure.name,
        "kind": figure.kind,
        "source": figure.source,
        "themes": list(settings.SITE_THEMES),
        "quality": quality if figure.kind == "animation" else None,
        "encoding": ((settings.VIDEO_ENCODING.get(quality), settings.INTERMEDIATE_ENCODING)
                     if figure.kind == "animation" else None),
        "inputs": inputs,
        "versions": versions,
    }
    return sha256_bytes(json.dumps(payload, sort_keys=True).encode())


class Manifest:
    def __init__(self, path: Path, figures: dict | None = None):
        self.path = Path(path)
        self.figures: dict[str, dict] = figures or {}

    @classmethod
    def load(cls, path: Path) -> "Manifest":
        """The manifest at ``path``; an unreadable or foreign one is treated as empty (everything stale)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            return cls(path)
        figures = data.get("figures")
        return cls(path, figures if isinstance(figures, dict) else {})

    def save(self):
        data = {"format": MANIFEST_FORMAT, "figures": dict(sorted(self.figures.items()))}
        atomic_write(self.path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())

    def get(self, name):
        return self.figures.get(name)

    def check(self, name: str, key: str, inputs: dict, quality: str, out_dir: Path, verify=False):
        """(fresh, reason): whether figure ``name`` with ``key`` can be served from its recorded outputs."""
        entry = self.figures.get(name)
        if not entry or not isinstance(entry.get("outputs"), dict):
            return False, "never rendered"
        if entry.get("key") != key:
            return False, stale_reason(entry, inputs, quality)
        meta = entry.get("meta") or {}
        if entry.get("kind") == "animation" and not all(k in meta for k in settings.ANIMATION_META):
            return False, "rendered by an older engine: no beat count or duration recorded"
        for fname, rec in entry["outputs"].items():
            try:
                size = os.stat(out_dir / fname).st_size
            except OSError:
                return False, f"output missing: {fname}"
            if size != rec.get("size"):
                return False, f"output damaged (size {size}, recorded {rec.get('size')}): {fname}"
            if verify and sha256_file(out_dir / fname) != rec.get("sha256"):
                return False, f"output damaged (hash differs): {fname}"
        return True, "fresh"


def stale_reason(entry: dict, inputs: dict, quality: str) -> str:
    old = entry.get("inputs") or {}
    changed = sorted(k for k in set(old) | set(inputs) if old.get(k) != inputs.get(k))
    if changed:
        return "changed: " + ", ".join(changed)
    if entry.get("kind") == "animation" and entry.get("quality") != quality:
        return f"quality {entry.get('quality')} -> {quality}"
    if entry.get("kind") in settings.LIBRARIES:
        was, now = entry.get("versions") or {}, library_versions(entry["kind"])
        moved = sorted(k for k in set(was) | set(now) if was.get(k) != now.get(k))
        if moved:
            return "versions changed: " + ", ".join(
                f"{k} {was.get(k, 'absent')} -> {now.get(k, 'absent')}" for k in moved)
    return "engine format or encoding settings changed"

"""What a build reports: one ``FigureResult`` per figure (rendered, cached, failed or skipped) and the ``Report``."""

from dataclasses import asdict, dataclass, field


@dataclass
class FigureResult:
    name: str
    kind: str
    source: str
    status: str  # rendered | cached | failed | skipped
    seconds: float = 0.0
    reason: str = ""  # why it was rendered (or why it is stale)
    error: dict | None = None

    @classmethod
    def unrenderable(cls, figure, reason: str) -> "FigureResult":
        """The failure of a figure that cannot be rendered at all (``figure.problem``: no docstring, syntax
        error), reported without starting a process."""
        error = {"type": "FigureError", "message": figure.problem, "file": figure.source,
                 "line": figure.problem_line}
        return cls(figure.name, figure.kind, figure.source, "failed", 0.0, reason, error)

    def as_dict(self):
        return asdict(self)

    @property
    def error_line(self) -> str:
        """One line naming the figure (or notebook), its file and line, and the exception. A notebook's error also
        names the cell: ``error["cell"]`` counts every cell from 1, ``error["execution_count"]`` is its ``In [n]``,
        ``error["cell_line"]`` the line in that cell."""
        if not self.error:
            return ""
        e = self.error
        where = e.get("file") or self.source
        if e.get("cell"):
            where += f", cell {e['cell']}" + (f" (In [{e['execution_count']}])" if e.get("execution_count") else "")
        if e.get("cell_line") or e.get("line"):
            where += f", line {e.get('cell_line') or e['line']}"
        if e.get("function"):
            where += f", in {e['function']}"
        what = f"{e.get('type')}: {e.get('message')}" if e.get("type") else e.get("message", "")
        return f"{'notebook' if self.kind == 'notebook' else 'figure'} {self.name!r} failed: {where}: {what}"


@dataclass
class Report:
    quality: str
    jobs: int
    force: bool
    seconds: float
    figures: list[FigureResult] = field(default_factory=list)

    @property
    def totals(self) -> dict:
        counts = {"rendered": 0, "cached": 0, "failed": 0, "skipped": 0}
        for r in self.figures:
            counts[r.status] += 1
        return counts

    @property
    def ok(self) -> bool:
        return not any(r.status in ("failed", "skipped") for r in self.figures)

    def summary(self) -> str:
        t = self.totals
        text = f"{t['rendered']} rendered, {t['cached']} cached, {t['failed']} failed"
        if t["skipped"]:
            text += f", {t['skipped']} skipped"
        return text + f" in {self.seconds:.2f} s"

    def as_dict(self):
        return {
            "quality": self.quality,
            "jobs": self.jobs,
            "force": self.force,
            "seconds": round(self.seconds, 3),
            "totals": self.totals,
            "figures": [r.as_dict() for r in self.figures],
        }

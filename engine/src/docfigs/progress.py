"""Progress on the terminal (a bar redrawn in place) or as plain lines (logs, CI), and the final report."""

import sys
import time


def _fmt_seconds(s: float) -> str:
    return f"{s:6.2f} s"


class Progress:
    """Progress of one build. ``bar`` defaults to whether ``stream`` is a terminal."""

    def __init__(self, stream=None, bar=None, quiet=False):
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar
        self.quiet = quiet
        self.total = self.done = 0
        self.running: dict[str, float] = {}
        self._last = 0.0

    def _write(self, text):
        if not self.quiet:
            self.stream.write(text)
            self.stream.flush()

    def waiting(self):
        self._write("waiting for another build of this project to finish...\n")

    def start(self, total, cached):
        self.total, self.done = total, 0
        if total:
            self._write(f"rendering {total} figure{'s' * (total != 1)} ({cached} cached)\n")
        self._draw()

    def figure_started(self, figure):
        self.running[figure.name] = time.monotonic()
        self._draw()

    def figure_done(self, result):
        self.running.pop(result.name, None)
        self.done += 1
        if self.bar:
            self._write("\r\033[K")
        if result.status == "failed":
            self._write(f"[{self.done}/{self.total}] FAILED {result.error_line}\n")
        else:
            self._write(f"[{self.done}/{self.total}] {result.status} {result.name} ({result.seconds:.2f} s)\n")
        self._draw()

    def _draw(self):
        if not self.bar or not self.total or self.quiet:
            return
        width = 24
        filled = int(width * self.done / self.total)
        names = ", ".join(self.running)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {names}"
        self._write("\r\033[K" + line[:120])

    def finish(self, report):
        if self.bar and self.total:
            self._write("\r\033[K")


def format_report(report) -> str:
    """The timing report: one line per figure, then totals."""
    lines = []
    width = max([len(r.name) for r in report.figures] + [4])
    for r in report.figures:
        secs = _fmt_seconds(r.seconds) if r.status in ("rendered", "failed") else "      -  "
        line = f"  {r.status:<8} {secs}  {r.name:<{width}}"
        if r.status == "failed" and r.error:
            e = r.error
            where = e.get("file", r.source) + (f":{e['line']}" if e.get("line") else "")
            line += f"  {where}: {e.get('type', 'Error')}: {e.get('message', '')}".rstrip()
        elif r.status == "rendered" and r.reason:
            line += f"  ({r.reason})"
        lines.append(line)
    lines.append(f"{len(report.figures)} figure{'s' * (len(report.figures) != 1)}: {report.summary()} "
                 f"(quality {report.quality}, jobs {report.jobs})")
    return "\n".join(lines)


def length(seconds) -> str:
    """An animation's duration as people read it: "12.5 s", "1 min 04.0 s"; "?" when unknown."""
    if seconds is None:
        return "?"
    if seconds < 60:
        return f"{seconds:.1f} s"
    return f"{int(seconds // 60)} min {seconds % 60:04.1f} s"

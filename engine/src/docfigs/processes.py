"""Worker processes as the engine sees them: their environment, a persistent still server, a one-task process.

``worker.py`` is the program they run. A worker dies with the process that started it (``die_with_parent``,
Linux's PR_SET_PDEATHSIG), and so do the ffmpeg processes a worker starts, so a killed build leaves no render
running.
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import settings
from .tasks import READY, RenderResult

WORKER = Path(__file__).resolve().with_name("worker.py")
OUTPUT_TAIL = 3000  # characters of a dead worker's output kept for its report


def worker_command(mode: str) -> list[str]:
    """The command line of a worker in ``mode`` (still-server, animation or slides)."""
    return [sys.executable, "-u", str(WORKER), mode]


def worker_env(project) -> dict:
    env = dict(os.environ)
    paths = [str(project.src_dir)] if project.src_dir.is_dir() else []
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["MPLBACKEND"] = "Agg"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONUNBUFFERED"] = "1"
    env[settings.PARENT_ENV] = str(os.getpid())
    env[settings.THEME_MODULE_ENV] = project.theme_module
    env[settings.PROJECT_NAME_ENV] = project.name
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env.setdefault(var, "1")  # jobs run side by side: one thread each
    return env


def die_with_parent():
    """Have Linux kill this process when its parent dies (PR_SET_PDEATHSIG); elsewhere nothing (the parent
    kills its workers itself). Also the ``preexec_fn`` of the programs a worker starts."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - not Linux
        pass


def output_tail(data: bytes) -> str:
    return data[-OUTPUT_TAIL:].decode("utf-8", errors="replace")


class StillServer:
    """A persistent still-rendering process: one ``StillTask`` per line in, one ``RenderResult`` per line out."""

    def __init__(self, env, cwd):
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(worker_command("still-server"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, env=env, cwd=cwd)
        self.buffer = b""
        self.ready_at: float | None = None  # time.monotonic() when it said READY (its imports done)

    def send(self, task):
        self.proc.stdin.write((task.to_json() + "\n").encode())
        self.proc.stdin.flush()

    def read(self) -> list[RenderResult] | None:
        """Complete results now available; None at end of stream (the process died)."""
        data = os.read(self.proc.stdout.fileno(), 1 << 16)
        if not data:
            return None
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        if self.ready_at is None and READY.encode() in lines:
            self.ready_at = time.monotonic()
        return [RenderResult.from_json(line) for line in lines if line.strip() and line != READY.encode()]

    def render_began(self, sent: float) -> float | None:
        """When the task sent at ``sent`` began rendering; None while the process is still starting."""
        return None if self.ready_at is None else max(sent, self.ready_at)

    def died(self, name: str) -> RenderResult:
        """The result of task ``name`` after the process ended without answering (it is reaped and closed)."""
        code = self.proc.wait()
        self.stderr.seek(0)
        tail = output_tail(self.stderr.read())
        self.kill()
        return RenderResult.worker_died(name, code, tail)

    def close(self):
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.stderr.close()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        self.proc.stdout.close()
        self.stderr.close()


class TaskProcess:
    """One worker process for one scene task (``AnimationTask`` or ``SlidesTask``): the task is written to
    ``task.json`` in the task's work folder, the process's output to ``log.txt`` beside it, and its result read
    back from ``task.result`` as ``result_type``."""

    def __init__(self, mode: str, task, result_type, env, cwd):
        work = Path(task.work_dir)
        self.task, self.result_type = task, result_type
        self.log_file = work / "log.txt"
        task.write(work / "task.json")
        with open(self.log_file, "wb") as log:
            self.proc = subprocess.Popen(worker_command(mode) + [str(work / "task.json")], stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd)

    def done(self) -> bool:
        return self.proc.poll() is not None

    def wait(self):
        self.proc.wait()

    def result(self) -> RenderResult:
        """The result the process wrote; a WorkerDied failure with its last output when it wrote none."""
        try:
            return self.result_type.read(self.task.result)
        except (OSError, ValueError):
            try:
                tail = output_tail(self.log_file.read_bytes())
            except OSError:
                tail = ""
            return self.result_type.worker_died(self.task.name, self.proc.returncode, tail)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

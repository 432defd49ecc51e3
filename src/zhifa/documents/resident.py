"""A resident PDF converter: one long-lived headless LibreOffice driven over UNO by `uno_worker.py`, which
runs under the system Python that has Debian's python3-uno. Starting LibreOffice is most of the cost of a
one-shot conversion; kept running, a conversion costs the rendering only.

`converter()` gives the process-wide instance, or None when the worker cannot run here (no such Python,
no `uno`, no soffice, or `ZHIFA_PDF_CONVERTER=oneshot`); callers then use the one-shot command. A worker
that fails or times out is stopped and the call raises `ResidentFailed`, for the caller to fall back.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from zhifa.config import get_settings

WORKER = Path(__file__).resolve().parent / "uno_worker.py"
START_SECONDS = 90
_LOCK = threading.Lock()


class ResidentFailed(RuntimeError):
    """The resident converter could not convert (the caller falls back to the one-shot command)."""


def _read_line(stream: IO[str], timeout: float) -> dict[str, Any]:
    ready, _, _ = select.select([stream], [], [], timeout)
    if not ready:
        raise ResidentFailed("no answer from the converter in time")
    line = stream.readline()
    if not line:
        raise ResidentFailed("the converter ended")
    answer: dict[str, Any] = json.loads(line)
    return answer


class ResidentConverter:
    """One worker process and its LibreOffice, started on first use and restarted after a failure."""

    def __init__(self, python: str, soffice: str) -> None:
        self.python, self.soffice = python, soffice
        self.profile = Path(tempfile.gettempdir()) / f"zhifa-libreoffice-resident-{os.getpid()}"
        self.proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [self.python, str(WORKER), self.soffice, str(self.profile)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            encoding="utf-8", start_new_session=True,
        )  # fmt: skip
        assert proc.stdout is not None
        try:
            answer = _read_line(proc.stdout, START_SECONDS)
        except (ResidentFailed, ValueError) as exc:
            self._kill(proc)
            raise ResidentFailed(f"the converter did not start: {exc}") from None
        if not answer.get("ready"):
            self._kill(proc)
            raise ResidentFailed(f"the converter did not start: {answer.get('error')}")
        return proc

    @staticmethod
    def _kill(proc: subprocess.Popen[str]) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)  # the worker and the LibreOffice it started (its own session)
        proc.wait()

    def convert(self, source: Path, target: Path, timeout: float) -> None:
        """Convert one DOCX file to PDF; ResidentFailed (worker stopped) on any failure."""
        with _LOCK:
            if self.proc is None or self.proc.poll() is not None:
                self.proc = self._start()
            proc = self.proc
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(json.dumps({"in": str(source), "out": str(target)}) + "\n")
                proc.stdin.flush()
                answer = _read_line(proc.stdout, timeout)
            except (OSError, ValueError, ResidentFailed) as exc:
                self.close()
                raise ResidentFailed(str(exc)) from None
            if not answer.get("ok") or not target.exists():
                raise ResidentFailed(str(answer.get("error") or "no PDF written"))

    def close(self) -> None:
        """Stop the worker and its LibreOffice."""
        if self.proc is not None:
            proc, self.proc = self.proc, None
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            self._kill(proc)
        shutil.rmtree(self.profile, ignore_errors=True)


@lru_cache(maxsize=1)
def _has_uno(python: str) -> bool:
    try:
        done = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


_INSTANCE: list[ResidentConverter] = []


def converter(soffice: str | None) -> ResidentConverter | None:
    """The process-wide resident converter, or None where it cannot (or is not to) be used."""
    settings = get_settings()
    python = settings.pdf_uno_python
    if settings.pdf_converter == "oneshot" or soffice is None or not shutil.which(python):
        return None
    if not _has_uno(python):
        return None
    with _LOCK:
        if not _INSTANCE:
            _INSTANCE.append(ResidentConverter(python, soffice))
            atexit.register(_INSTANCE[0].close)
        return _INSTANCE[0]

"""The resident PDF converter's worker: runs under the system Python that has LibreOffice's `uno` module
(Debian python3-uno), keeps one headless LibreOffice on a private pipe and converts DOCX → PDF on request.

Standard library and `uno` only (it does not import zhifa). Protocol, one JSON object per line:
  stdout first: {"ready": true} once LibreOffice answers, or {"ready": false, "error": "..."};
  stdin:  {"in": "/path/a.docx", "out": "/path/a.pdf"}   stdout: {"ok": true} or {"ok": false, "error": ...}
End of stdin ends LibreOffice and the worker.

Usage: python3 uno_worker.py SOFFICE PROFILE_DIR
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONNECT_SECONDS = 60


def _props(**values: Any) -> tuple[Any, ...]:
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _connect(pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _convert(desktop: Any, source: str, target: str) -> None:
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, _props(Hidden=True, ReadOnly=True)
    )
    if doc is None:
        raise RuntimeError("LibreOffice could not load the document")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(target), _props(FilterName="writer_pdf_Export"))
    finally:
        doc.close(True)


def main() -> None:
    """Start LibreOffice, then serve conversions until stdin ends."""
    soffice, profile = sys.argv[1], Path(sys.argv[2])
    pipe = f"zhifa-{os.getpid()}"
    office = subprocess.Popen(
        [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
            "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        desktop = _connect(pipe)
    except Exception as exc:
        _say({"ready": False, "error": str(exc)})
        office.kill()
        return
    _say({"ready": True})
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                request = json.loads(line)
                _convert(desktop, request["in"], request["out"])
                _say({"ok": True})
            except Exception as exc:
                _say({"ok": False, "error": str(exc)})
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()

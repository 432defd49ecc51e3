"""A fresh clone with no data folder beside it and no network: `make run` reaches a serving app (/healthz),
the demo accounts are printed last, and the law page says its library is empty and how to fill it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.site import csrf_of, free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
HOW = ("zhifa data fetch", "ZHIFA_DATA_SOURCE")


def _clone(target: Path) -> Path:
    """The repository's files (tracked and new, never var/ or caches) copied to target."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


def _venv(target: Path) -> Path:
    """A stand-in for the clone's .venv that reuses this interpreter's environment (no new venv)."""
    target.mkdir()
    (target / "bin").symlink_to(Path(sys.executable).parent)
    (target / ".installed").touch()
    return target


def _env(clone: Path) -> dict[str, str]:
    """A fresh machine: no ZHIFA_* settings, no proxy, the clone's sources first, a dead mirror."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_") and "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(clone / "src")
    env["ZHIFA_DATA_MIRROR"] = f"http://127.0.0.1:{free_port()}"  # nothing listens: every download fails
    return env


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`make run` in the clone on a free port; yields the base URL and the file holding its output."""
    clone = _clone(tmp_path / "nowhere" / "zhifa")
    assert not (clone.parent / "shared").exists()
    venv = _venv(tmp_path / "venv")
    port = free_port()
    out = tmp_path / "make-run.log"
    with out.open("wb") as log:
        proc = subprocess.Popen(
            ["make", "run", f"VENV={venv}", f"PORT={port}"],
            cwd=clone,
            env=_env(clone),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert proc.poll() is None, out.read_text(errors="replace")[-3000:]
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail(f"make run 未在 300 秒内就绪：{out.read_text(errors='replace')[-3000:]}")
        yield base, out
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_make_run_serves_a_fresh_clone_without_data_or_network(served: tuple[str, Path]) -> None:
    base, out = served
    output = out.read_text(errors="replace")
    assert "download_failed" in output and all(h in output for h in HOW)  # the fetch error names both
    assert "法律库为空" in output
    prepared = output[: output.index("zhifa 服务启动")].strip().splitlines()
    assert prepared[-1] == "以上为演示用固定密码，仅供演示环境使用。"  # the accounts come last
    assert any(line.startswith("jiangan_zhang\t") for line in prepared[-12:])
    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client:
        assert client.get("/healthz").status_code == 200
        token = csrf_of(client.get("/login").text)
        form = {"username": "jiangan_zhang", "password": "Zhifa2026demo", "csrf_token": token}
        assert client.post("/login", data=form).status_code == 303
        cases = client.get("/cases")
        assert cases.status_code == 200 and "江岸" in cases.text  # the demo cases are there
        law = client.get("/law")
        assert law.status_code == 200
        assert "法律库为空" in law.text and all(h in law.text for h in HOW)

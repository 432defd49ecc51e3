"""A demo site for page tests: a temp SQLite database with `zhifa db upgrade`, `zhifa demo load` and a
few real law files imported (when the data directory is there), and a uvicorn server on a free port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ZHIFA = str(Path(sys.executable).with_name("zhifa"))
PASSWORD = "Zhifa2026demo"
SECRET = "e2e-secret-key-not-for-production-0123456789"
# A handful of real texts: enough for search, versions (食品安全法 2021/2025) and the article view.
LAW_FILES = (
    "lawrefbook/行政法/行政处罚法(2021-01-22).md",
    "lawrefbook/经济法/价格法(1997-12-29).md",
    "lawrefbook/部门规章/市场监督管理总局/明码标价和禁止价格欺诈规定(2022-04-14).md",
    "lawrefbook/行政法/食品安全法(2021-04-29).md",
    "extra/行政法/食品安全法(2025-09-12).md",
    "extra/部门规章/市场监督管理总局/市场监督管理行政处罚程序规定(2022-09-29).md",
)
# Every DECISION_STEP-th decision of index.jsonl (~150 of 627): enough for the assistant to classify the
# common price cases and for the precedent pages, in seconds instead of minutes.
DECISION_STEP = 4
ROOT = Path(__file__).resolve().parents[2]
# Extracted page texts (keyed by the file's hash) shared with tests/integration (./var is not committed).
TEXT_CACHE = ROOT / "var" / "cache" / "precedents"
# Demo users per role (see zhifa.cli.demo).
USERS = {
    "handler": "jiangan_zhang",
    "handler2": "jiangan_li",
    "reviewer": "jiangan_wang",
    "head": "jiangan_zhao",
    "admin": "hubei_admin",
    "inspector": "wuhan_jijian",
    "chibi_handler": "chibi_sun",
    "chibi_head": "chibi_wu",
}


@dataclass
class Site:
    """A prepared demo database: its environment for the CLI and the server."""

    root: Path
    env: dict[str, str]
    laws: bool

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of the site's database."""
        return self.env["ZHIFA_DATABASE_URL"]


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([ZHIFA, *args], env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"zhifa {' '.join(args)} 失败：{done.stderr[-2000:]}")
    return done.stdout


def prepare_site(root: Path, data_dir: Path | None) -> Site:
    """Create the database, load the demo data and (with real data) import the law subset."""
    root.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "ZHIFA_DATABASE_URL": f"sqlite:///{root / 'zhifa.db'}",
        "ZHIFA_VAR_DIR": str(root / "var"),
        "ZHIFA_DATA_DIR": str(data_dir or root / "data"),
        "ZHIFA_SECRET_KEY": SECRET,
        "ZHIFA_ENV": "test",
    }
    _run(["db", "upgrade"], env)
    _run(["demo", "load"], env)
    laws = False
    if data_dir is not None and (data_dir / "laws").is_dir():
        subset = root / "laws"
        for rel in LAW_FILES:
            source = data_dir / "laws" / rel
            if source.is_file():
                target = subset / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    target.symlink_to(source)
        meta = data_dir / "laws" / "lawrefbook" / "db.sqlite3"
        if meta.is_file() and not (subset / "lawrefbook" / "db.sqlite3").exists():
            (subset / "lawrefbook" / "db.sqlite3").symlink_to(meta)
        _run(["law", "import", str(subset)], env)
        laws = True
    decisions = _decision_subset(root, data_dir) if data_dir is not None else None
    if decisions is not None:
        cache = root / "var" / "cache"
        cache.mkdir(parents=True, exist_ok=True)
        TEXT_CACHE.mkdir(parents=True, exist_ok=True)
        (cache / "precedents").symlink_to(TEXT_CACHE)
        _run(["precedents", "import", str(decisions), "--json"], env)
        _run(["assist", "train"], env)
    return Site(root, env, laws)


def _decision_subset(root: Path, data_dir: Path) -> Path | None:
    """A folder with every DECISION_STEP-th decision of the real index (index.jsonl rows + file links)."""
    source = data_dir / "decisions"
    if not (source / "index.jsonl").is_file():
        return None
    rows: dict[str, str] = {}
    for line in (source / "index.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.setdefault(json.loads(line)["docid"], line)
    chosen = list(rows.values())[::DECISION_STEP]
    target = root / "decisions"
    for line in chosen:
        rel = json.loads(line)["file"]
        link = target / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(source / rel)
    (target / "index.jsonl").write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return target


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(site: Site, port: int, log: Path) -> subprocess.Popen[bytes]:
    """uvicorn serving the app on 127.0.0.1:port; waits until /healthz answers."""
    uvicorn = str(Path(sys.executable).with_name("uvicorn"))
    args = [uvicorn, "--factory", "zhifa.web.app:create_app", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(args, env=site.env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn 退出：{log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("uvicorn 未在 60 秒内就绪")


_SITES: dict[str, Site] = {}


def shared_site(root: Path, data_dir: Path | None) -> Site:
    """One prepared site per test session (the page tests only read it or add their own records)."""
    if "site" not in _SITES:
        _SITES["site"] = prepare_site(root, data_dir)
    return _SITES["site"]


def csrf_of(html: str) -> str:
    """The CSRF token of a page (the first hidden csrf_token field, or the meta tag)."""
    import re

    found = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    if found is None:
        raise AssertionError("页面中没有 CSRF 令牌")
    return found.group(1)

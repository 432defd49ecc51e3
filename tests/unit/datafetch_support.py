"""Helpers for the datafetch tests: a local HTTP mirror and small archives written by the test."""

from __future__ import annotations

import io
import tarfile
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from zhifa.config import Settings
from zhifa.datafetch.sources import load_sources

LAW_A = (
    "# 中华人民共和国测试法\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了测试数据下载，制定本法。\n"
)
LAW_B = (
    "# 测试实施条例\n\n<!-- INFO END -->\n\n第一条 本条例依据测试法制定。\n\n"
    "第二条 本条例自公布之日起施行。\n"
)


CASES = "repo-abc/data/cases"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve root on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def tar_gz(files: dict[str, bytes], symlinks: dict[str, str] | None = None) -> bytes:
    """A tar.gz holding the given files (and symlinks name → target)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (symlinks or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
    return buf.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip archive holding the given files."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def mirror_path(root: Path, url: str) -> Path:
    """Where a public URL lives in the mirror layout <mirror>/<host><path>."""
    parts = urlsplit(url)
    return root / parts.netloc / parts.path.lstrip("/")


def build_mirror(root: Path, with_decisions: bool = True) -> None:
    """A mirror of the packaged sources.yaml with tiny test files (no real data)."""
    for source in load_sources():
        for item in source.items:
            path = mirror_path(root, item.url)
            path.parent.mkdir(parents=True, exist_ok=True)
            if source.name == "lawrefbook":
                path.write_bytes(
                    tar_gz(
                        {
                            "Laws-abc/README.md": b"# readme\n",
                            "Laws-abc/经济法/测试法(2020-01-01).md": LAW_A.encode(),
                            "Laws-abc/行政法规/测试实施条例(2021-02-03).md": LAW_B.encode(),
                        }
                    )
                )
            elif source.name == "decisions" and with_decisions:
                path.write_bytes(
                    tar_gz(
                        {
                            f"{CASES}/791处罚文书/files/esfile_d1.pdf_0a0b-1_d1.pdf": b"%PDF-1.4 one",
                            f"{CASES}/133处罚文书/files/esfile_d2.pdf_0a0b-2_d2.pdf": b"%PDF-1.4 two",
                            "repo-abc/data/cases/133处罚文书/cases_cot.jsonl": b"{}\n",
                            "repo-abc/README.md": b"readme\n",
                        }
                    )
                )
            elif item.format == "file":
                path.write_text(f"# {Path(item.dest).stem}\n\n第一条 测试用条文。\n", encoding="utf-8")


def settings_for(data_dir: Path) -> Settings:
    """Settings pointing at a test data directory, with no local source or mirror from the environment."""
    return Settings(data_dir=data_dir, data_source=None, data_mirror=None)


def write_sources(path: Path, url: str, sha256: str | None, fmt: str = "tar.gz") -> Path:
    """A one-item sources.yaml (laws archive) for tests that need a pinned digest."""
    digest = sha256 if sha256 is not None else "null"
    path.write_text(
        "version: 1\nsources:\n  - name: laws\n    title: 测试法律\n    items:\n"
        f"      - url: {url}\n        format: {fmt}\n        sha256: {digest}\n"
        "        strip_components: 1\n        dest: laws/test\n",
        encoding="utf-8",
    )
    return path

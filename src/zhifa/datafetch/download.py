"""Download one URL to a file with a progress bar, hashing as it goes, and check a pinned digest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import httpx

from zhifa.datafetch.progress import Reporter
from zhifa.errors import ZhifaError

TIMEOUT = httpx.Timeout(30.0, read=120.0)
CHUNK = 256 * 1024


@dataclass(frozen=True)
class Downloaded:
    """A completed, checked download."""

    path: Path
    size: int
    sha256: str
    verified: str  # "pinned" (matched the pinned digest) or "tofu" (recorded on first use)


def download(url: str, dest: Path, expected_sha256: str | None, reporter: Reporter, label: str) -> Downloaded:
    """Stream url into dest; on a digest mismatch or error dest is removed and ZhifaError raised."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    try:
        with (
            httpx.stream("GET", url, follow_redirects=True, timeout=TIMEOUT) as resp,
            dest.open("wb") as out,
        ):
            if resp.status_code != 200:
                raise ZhifaError(
                    f"下载失败：{url} 返回 HTTP {resp.status_code}",
                    code="download_failed",
                    details={"url": url, "status": resp.status_code},
                )
            length = resp.headers.get("content-length")
            bar = reporter.bar(f"下载 {label}", int(length) if length else None, bytes_=True)
            for chunk in resp.iter_bytes(CHUNK):
                out.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                bar.advance(len(chunk))
            if length is None:
                bar.set_total(size)
    except httpx.HTTPError as exc:
        dest.unlink(missing_ok=True)
        raise ZhifaError(
            f"下载失败：{url}（{type(exc).__name__}: {exc}）", code="download_failed", details={"url": url}
        ) from exc
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    actual = digest.hexdigest()
    if expected_sha256 is not None and actual != expected_sha256:
        dest.unlink(missing_ok=True)
        raise ZhifaError(
            f"校验失败：{url} 的 SHA-256 为 {actual}，与预置值 {expected_sha256} 不符；"
            "已删除下载的文件，原有数据未改动",
            code="checksum_mismatch",
            details={"url": url, "expected": expected_sha256, "actual": actual},
        )
    return Downloaded(dest, size, actual, "pinned" if expected_sha256 else "tofu")

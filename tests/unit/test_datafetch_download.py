"""`zhifa data fetch` download path against a local HTTP mirror serving archives built by the test."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.unit.datafetch_support import (
    LAW_A,
    build_mirror,
    serve,
    settings_for,
    tar_gz,
    write_sources,
    zip_bytes,
)
from zhifa.datafetch import fetch, status
from zhifa.datafetch.manifest import load_manifest
from zhifa.errors import ZhifaError


def _siblings(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.parent.iterdir() if p.name != data_dir.name)


def test_download_verify_extract_and_second_fetch_is_noop(tmp_path: Path) -> None:
    mirror_root = tmp_path / "mirror"
    build_mirror(mirror_root)
    data_dir = tmp_path / "var" / "data"
    with serve(mirror_root) as base:
        report = fetch(settings_for(data_dir), mirror=base, download=True, with_decisions=True)
        assert report.action == "filled"
        law = data_dir / "laws" / "lawrefbook" / "经济法" / "测试法(2020-01-01).md"
        assert law.read_text(encoding="utf-8") == LAW_A
        assert (data_dir / "laws" / "extra" / "经济法" / "反不正当竞争法(2025-06-27).md").is_file()
        assert report.law_files == 2 + 15  # two archive laws, fifteen extra texts (README not counted)
        assert report.decisions == 2
        assert (data_dir / "decisions" / "pdf" / "d1.pdf").read_bytes() == b"%PDF-1.4 one"
        index = [json.loads(x) for x in (data_dir / "decisions" / "index.jsonl").read_text().splitlines()]
        assert [r["file"] for r in index] == ["pdf/d1.pdf", "pdf/d2.pdf"]
        assert not (data_dir / "decisions" / "cases_cot.jsonl").exists()
        # no pinned digests in the packaged list: every download is reported as trust-on-first-use
        assert len(report.unverified) == 1 + 15 + 1
        assert "首次信任" in report.summary()
        manifest = load_manifest(data_dir)
        assert manifest is not None
        entry = manifest.files["laws/lawrefbook/经济法/测试法(2020-01-01).md"]
        assert entry.sha256 == hashlib.sha256(LAW_A.encode()).hexdigest()
        assert all(d["fetched_from"].startswith(base) for d in manifest.downloads)
        assert _siblings(data_dir) == [".data.lock"]  # no staging or partial downloads left

        again = fetch(settings_for(data_dir), mirror=base, download=True, with_decisions=True)
        assert again.action == "noop"
        without = fetch(settings_for(data_dir), mirror=base, download=True, with_decisions=False)  # kept
        assert without.action == "noop" and without.decisions == 2
    state = status(settings_for(data_dir), verify=True)
    assert state.managed and state.problems == [] and state.checked == "digests"


def test_pinned_digest_is_verified(tmp_path: Path) -> None:
    archive = tar_gz({"x/经济法/测试法(2020-01-01).md": LAW_A.encode()})
    (tmp_path / "m" / "example.org").mkdir(parents=True)
    (tmp_path / "m" / "example.org" / "laws.tar.gz").write_bytes(archive)
    digest = hashlib.sha256(archive).hexdigest()
    sources = write_sources(tmp_path / "s.yaml", "https://example.org/laws.tar.gz", digest)
    with serve(tmp_path / "m") as base:
        report = fetch(settings_for(tmp_path / "data"), mirror=base, download=True, sources_path=sources)
    assert report.unverified == [] and "首次信任" not in report.summary()
    manifest = load_manifest(tmp_path / "data")
    assert manifest is not None and manifest.downloads[0]["verified"] == "pinned"


def _previous_data(tmp_path: Path) -> Path:
    """A data directory filled by a first, good fetch (pinned digest)."""
    good = tar_gz({"x/经济法/测试法(2020-01-01).md": LAW_A.encode()})
    (tmp_path / "good" / "example.org").mkdir(parents=True)
    (tmp_path / "good" / "example.org" / "laws.tar.gz").write_bytes(good)
    sources = write_sources(tmp_path / "good.yaml", "https://example.org/laws.tar.gz", None)
    data_dir = tmp_path / "var" / "data"
    with serve(tmp_path / "good") as base:
        fetch(settings_for(data_dir), mirror=base, download=True, sources_path=sources)
    return data_dir


def _snapshot(data_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(data_dir).as_posix(): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}


def test_checksum_mismatch_is_an_error_and_leaves_previous_data_intact(tmp_path: Path) -> None:
    data_dir = _previous_data(tmp_path)
    before = _snapshot(data_dir)
    tampered = tar_gz({"x/经济法/测试法(2020-01-01).md": "第一条 被篡改的文本。\n".encode()})
    (tmp_path / "bad" / "example.org").mkdir(parents=True)
    (tmp_path / "bad" / "example.org" / "laws.tar.gz").write_bytes(tampered)
    pinned = hashlib.sha256(b"the archive we expected").hexdigest()
    sources = write_sources(tmp_path / "bad.yaml", "https://example.org/laws.tar.gz", pinned)
    with serve(tmp_path / "bad") as base, pytest.raises(ZhifaError) as err:
        fetch(settings_for(data_dir), mirror=base, download=True, force=True, sources_path=sources)
    assert err.value.code == "checksum_mismatch"
    assert "校验失败" in err.value.message and "原有数据未改动" in err.value.message
    assert err.value.details["expected"] == pinned
    assert _snapshot(data_dir) == before
    assert _siblings(data_dir) == [".data.lock"]


@pytest.mark.parametrize(
    ("archive", "fmt"),
    [
        (tar_gz({"x/ok.md": b"# ok\n", "x/../../evil.md": b"escape"}), "tar.gz"),
        (tar_gz({"x/ok.md": b"# ok\n"}, symlinks={"x/link.md": "../../../etc/passwd"}), "tar.gz"),
        (tar_gz({"/etc/evil.md": b"absolute"}), "tar.gz"),
        (zip_bytes({"x/ok.md": b"# ok\n", "x/../../evil.md": b"escape"}), "zip"),
    ],
    ids=["tar-dotdot", "tar-symlink-out", "tar-absolute", "zip-dotdot"],
)
def test_unsafe_archive_is_rejected_and_nothing_written(tmp_path: Path, archive: bytes, fmt: str) -> None:
    data_dir = _previous_data(tmp_path)
    before = _snapshot(data_dir)
    (tmp_path / "evil" / "example.org").mkdir(parents=True)
    (tmp_path / "evil" / "example.org" / "laws.bin").write_bytes(archive)
    sources = write_sources(tmp_path / "evil.yaml", "https://example.org/laws.bin", None, fmt)
    with serve(tmp_path / "evil") as base, pytest.raises(ZhifaError) as err:
        fetch(settings_for(data_dir), mirror=base, download=True, force=True, sources_path=sources)
    assert err.value.code == "unsafe_archive"
    assert "不安全" in err.value.message
    assert _snapshot(data_dir) == before
    assert not list(tmp_path.rglob("evil.md"))
    assert _siblings(data_dir) == [".data.lock"]


def test_missing_file_on_server_is_download_failed(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    sources = write_sources(tmp_path / "s.yaml", "https://example.org/none.tar.gz", None)
    data_dir = tmp_path / "var" / "data"
    with serve(tmp_path / "empty") as base, pytest.raises(ZhifaError) as err:
        fetch(settings_for(data_dir), mirror=base, download=True, sources_path=sources)
    assert err.value.code == "download_failed" and "HTTP 404" in err.value.message
    assert not data_dir.exists()
    assert _siblings(data_dir) == [".data.lock"]

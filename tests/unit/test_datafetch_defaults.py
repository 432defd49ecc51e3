"""`zhifa data fetch` downloads every source by default (decisions too) and names the ways out on failure."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.unit.datafetch_support import build_mirror, serve, settings_for
from zhifa.datafetch import fetch
from zhifa.datafetch.manifest import load_manifest
from zhifa.errors import ZhifaError


def closed_port() -> int:
    """A loopback port nothing listens on (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_default_download_takes_the_decisions(tmp_path: Path) -> None:
    build_mirror(tmp_path / "mirror")
    data_dir = tmp_path / "var" / "data"
    with serve(tmp_path / "mirror") as base:
        report = fetch(settings_for(data_dir), mirror=base, download=True)
    assert report.decisions == 2
    assert (data_dir / "decisions" / "pdf" / "d2.pdf").read_bytes() == b"%PDF-1.4 two"
    manifest = load_manifest(data_dir)
    assert manifest is not None
    assert sorted(manifest.origin["sources"]) == ["decisions", "extra", "lawrefbook"]
    assert "跳过了处罚文书" not in report.summary()


def test_decisions_can_still_be_skipped(tmp_path: Path) -> None:
    build_mirror(tmp_path / "mirror")
    data_dir = tmp_path / "var" / "data"
    with serve(tmp_path / "mirror") as base:
        report = fetch(settings_for(data_dir), mirror=base, download=True, with_decisions=False)
    assert report.decisions == 0 and report.law_files == 2 + 15
    assert not (data_dir / "decisions").exists()
    assert "--without-decisions" in report.summary()


def test_unreachable_sources_name_zhifa_data_fetch_and_the_data_source(tmp_path: Path) -> None:
    data_dir = tmp_path / "var" / "data"
    mirror = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(ZhifaError) as err:
        fetch(settings_for(data_dir), mirror=mirror, download=True)
    assert err.value.code == "download_failed"
    assert "ZHIFA_DATA_SOURCE" in err.value.message and "zhifa data fetch" in err.value.message
    assert mirror in err.value.message  # the failing address is kept
    assert not data_dir.exists()  # nothing half-filled


def test_a_missing_file_on_the_mirror_also_names_both(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with serve(tmp_path / "empty") as base, pytest.raises(ZhifaError) as err:
        fetch(settings_for(tmp_path / "data"), mirror=base, download=True)
    assert "HTTP 404" in err.value.message
    assert "ZHIFA_DATA_SOURCE" in err.value.message and "zhifa data fetch" in err.value.message


def test_a_data_source_without_laws_says_how_to_fix_it(tmp_path: Path) -> None:
    (tmp_path / "empty-source").mkdir()
    settings = settings_for(tmp_path / "data").model_copy(update={"data_source": tmp_path / "empty-source"})
    with pytest.raises(ZhifaError) as err:
        fetch(settings)
    assert err.value.code == "source_invalid"
    assert "ZHIFA_DATA_SOURCE" in err.value.message and "zhifa data fetch" in err.value.message
    assert not (tmp_path / "data").exists()

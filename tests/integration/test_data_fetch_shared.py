"""The real ../shared/data is found and made available in a fresh data directory (var/ untouched)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import skip_without_data
from zhifa.config import Settings
from zhifa.datafetch import fetch, status
from zhifa.datafetch.local import find_shared_dir

pytestmark = pytest.mark.corpus


@pytest.fixture
def shared() -> Path:
    """The shared data folder beside the project root; skipped when absent (fails if ZHIFA_REQUIRE_DATA=1)."""
    found = find_shared_dir()
    if found is None:
        skip_without_data("本机没有 ../shared/data：无法检查从共享数据目录填充")
    assert found is not None
    return found


def test_shared_data_is_found_and_made_available(shared: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var" / "data", data_source=None, data_mirror=None)
    report = fetch(settings)
    assert report.action == "filled"
    assert report.origin == {"kind": "shared", "path": str(shared)}
    assert report.law_files >= 3000
    index = (shared / "decisions" / "index.jsonl").read_text(encoding="utf-8").splitlines()
    files = {json.loads(line)["file"] for line in index if line.strip()}
    assert report.decisions == len(files) > 0
    assert (tmp_path / "var" / "data" / "laws" / "lawrefbook" / "db.sqlite3").is_file()
    assert fetch(settings).action == "noop"
    assert status(settings).problems == []

"""`zhifa data fetch` from a local folder (a tiny fake ../shared/data written by the test), and status."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.unit.datafetch_support import LAW_A, LAW_B, settings_for
from zhifa.config import reset_settings
from zhifa.datafetch import fetch, status
from zhifa.datafetch.local import find_shared_dir
from zhifa.datafetch.manifest import MANIFEST_NAME, load_manifest
from zhifa.errors import ZhifaError


def _fake_shared(root: Path) -> Path:
    """A source tree shaped like shared/data: two laws, one decision."""
    data = root / "shared" / "data"
    (data / "laws" / "lawrefbook" / "经济法").mkdir(parents=True)
    (data / "laws" / "extra" / "行政法规").mkdir(parents=True)
    (data / "decisions" / "pdf").mkdir(parents=True)
    (data / "README.md").write_text("# 测试数据\n", encoding="utf-8")
    (data / "laws" / "lawrefbook" / "经济法" / "测试法(2020-01-01).md").write_text(LAW_A, encoding="utf-8")
    (data / "laws" / "extra" / "行政法规" / "测试实施条例(2021-02-03).md").write_text(LAW_B, encoding="utf-8")
    (data / "laws" / "extra" / "SOURCES.md").write_text("# 来源\n", encoding="utf-8")
    (data / "decisions" / "pdf" / "d1.pdf").write_bytes(b"%PDF-1.4 test")
    row = {"docid": "d1", "file": "pdf/d1.pdf", "文书号": "测市监处罚〔2024〕1号"}
    (data / "decisions" / "index.jsonl").write_text(
        json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return data


def test_fill_from_local_then_noop_then_refresh_on_change(tmp_path: Path) -> None:
    source = _fake_shared(tmp_path)
    data_dir = tmp_path / "var" / "data"
    first = fetch(settings_for(data_dir), source=source)
    assert first.action == "filled" and first.law_files == 2 and first.decisions == 1
    assert first.method in {"hardlink", "copy"}
    law = data_dir / "laws" / "lawrefbook" / "经济法" / "测试法(2020-01-01).md"
    assert law.read_text(encoding="utf-8") == LAW_A
    assert "法律文本 2 个文件，处罚文书 1 份" in first.summary()

    assert fetch(settings_for(data_dir), source=source).action == "noop"

    changed = source / "laws" / "extra" / "行政法规" / "测试实施条例(2021-02-03).md"
    changed.unlink()  # replace, not edit in place: a hard-linked target must not change with it
    changed.write_text(LAW_B + "\n第三条 新增条文。\n", encoding="utf-8")
    third = fetch(settings_for(data_dir), source=source)
    assert third.action == "filled"
    assert "第三条" in (data_dir / "laws" / "extra" / "行政法规" / "测试实施条例(2021-02-03).md").read_text()
    assert sorted(p.name for p in data_dir.parent.iterdir()) == [".data.lock", "data"]


def test_valid_unmanaged_data_dir_is_used_in_place(tmp_path: Path) -> None:
    source = _fake_shared(tmp_path)
    report = fetch(settings_for(source), source=None, cwd=tmp_path)
    assert report.action == "in_place" and report.law_files == 2 and report.decisions == 1
    assert not (source / MANIFEST_NAME).exists()
    assert "直接使用" in report.summary()


def test_nonempty_unmanaged_dir_is_not_overwritten(tmp_path: Path) -> None:
    source = _fake_shared(tmp_path)
    data_dir = tmp_path / "other"
    data_dir.mkdir()
    (data_dir / "notes.txt").write_text("别人的文件", encoding="utf-8")
    with pytest.raises(ZhifaError) as err:
        fetch(settings_for(data_dir), source=source, force=True)
    assert err.value.code == "data_dir_unmanaged"
    assert (data_dir / "notes.txt").read_text(encoding="utf-8") == "别人的文件"


def test_source_without_laws_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ZhifaError) as err:
        fetch(settings_for(tmp_path / "data"), source=tmp_path / "nowhere")
    assert err.value.code == "source_invalid"


def test_shared_dir_found_next_to_project_root(tmp_path: Path) -> None:
    project = tmp_path / "main"
    (project / "src" / "zhifa").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'zhifa'\n", encoding="utf-8")
    shared = _fake_shared(tmp_path)
    assert find_shared_dir(project / "src") == shared


def test_status_reports_missing_file(tmp_path: Path) -> None:
    source = _fake_shared(tmp_path)
    data_dir = tmp_path / "var" / "data"
    fetch(settings_for(data_dir), source=source)
    assert status(settings_for(data_dir)).problems == []
    (data_dir / "decisions" / "pdf" / "d1.pdf").unlink()
    state = status(settings_for(data_dir))
    assert state.problems == ["缺少 decisions/pdf/d1.pdf"] and state.decisions == 0
    again = fetch(settings_for(data_dir), source=source)  # a damaged directory is refilled
    assert again.action == "filled" and again.decisions == 1


def test_cli_fetch_and_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zhifa.cli import app

    source = _fake_shared(tmp_path)
    data_dir = tmp_path / "var" / "data"
    monkeypatch.setenv("ZHIFA_DATA_DIR", str(data_dir))
    monkeypatch.delenv("ZHIFA_DATA_SOURCE", raising=False)
    reset_settings()
    try:
        runner = CliRunner()
        result = runner.invoke(app, ["data", "fetch", "--source", str(source), "--quiet"])
        assert result.exit_code == 0, result.output
        assert "已填充数据目录" in result.output and "法律文本 2 个文件" in result.output
        result = runner.invoke(app, ["data", "status", "--json"])
        assert result.exit_code == 0
        body = json.loads(result.output)
        assert body["managed"] and body["law_files"] == 2 and body["problems"] == []
    finally:
        reset_settings()
    manifest = load_manifest(data_dir)
    assert manifest is not None and manifest.origin == {"kind": "shared", "path": str(source.resolve())}
    assert os.stat(data_dir / "README.md").st_size == len("# 测试数据\n".encode())

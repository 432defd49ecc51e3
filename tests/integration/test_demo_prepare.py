"""`zhifa demo prepare` with a data source: fills the data directory, imports laws and decisions, prints
one summary line per step with the long reports in var/reports, and the demo accounts last."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.integration.test_precedent_import import DECISION
from tests.unit.datafetch_support import LAW_A, LAW_B

ZHIFA = str(Path(sys.executable).with_name("zhifa"))
LAST = "以上为演示用固定密码，仅供演示环境使用。"


def _source(root: Path) -> Path:
    """A small local data folder: two laws, one readable decision and one that cannot be parsed."""
    (root / "laws" / "经济法").mkdir(parents=True)
    (root / "laws" / "经济法" / "测试法(2020-01-01).md").write_text(LAW_A, encoding="utf-8")
    (root / "laws" / "经济法" / "测试实施条例(2021-02-03).md").write_text(LAW_B, encoding="utf-8")
    (root / "decisions").mkdir()
    (root / "decisions" / "good.txt").write_text(DECISION, encoding="utf-8")
    english = "Administrative penalty decision. " * 20
    (root / "decisions" / "english.txt").write_text(english, encoding="utf-8")
    return root


def _prepare(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
    env |= {
        "ZHIFA_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "ZHIFA_VAR_DIR": str(tmp_path / "var"),
        "ZHIFA_DATA_DIR": str(tmp_path / "var" / "data"),
        "ZHIFA_DATA_SOURCE": str(tmp_path / "source"),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [ZHIFA, *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300, check=False
        )

    assert run("db", "upgrade").returncode == 0
    return run("demo", "prepare")


def test_prepare_imports_what_the_data_holds_and_ends_with_the_accounts(tmp_path: Path) -> None:
    _source(tmp_path / "source")
    first = _prepare(tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.strip().splitlines()
    assert lines[-1] == LAST
    assert any(line.startswith("jiangan_zhang\t") for line in lines[-12:])
    law_line = next(line for line in lines if line.startswith("法律库："))
    assert "导入 2" in law_line and "law-import.txt" in law_line
    precedent_line = next(line for line in lines if line.startswith("判例库："))
    assert "文书 2 份" in precedent_line and "完整解析 1" in precedent_line and "无法读取 1" in precedent_line
    assert any(line.startswith("智能助手：未训练") for line in lines)  # one decision is too few to train
    assert len(lines) <= 25 and "" not in lines  # summaries only: the details are in the report files
    reports = tmp_path / "var" / "reports"
    assert "english" in (reports / "precedents-import.txt").read_text(encoding="utf-8")
    assert (reports / "law-import.txt").read_text(encoding="utf-8").startswith("共 2 个文件")
    assert (tmp_path / "var" / "data" / "laws" / "经济法" / "测试法(2020-01-01).md").read_text() == LAW_A

    again = _prepare(tmp_path)  # idempotent: nothing new, same shape
    assert again.returncode == 0, again.stderr
    assert "本次新建 0 件" in again.stdout and "未变化跳过 2" in again.stdout
    assert again.stdout.strip().splitlines()[-1] == LAST

"""`zhifa precedents import` and `zhifa eval` as a script sees them: summaries, reasons, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.integration.test_precedent_import import DECISION, _folder

ZHIFA = str(Path(sys.executable).with_name("zhifa"))


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
    env["ZHIFA_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    env["ZHIFA_VAR_DIR"] = str(tmp_path / "var")
    return subprocess.run([ZHIFA, *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def test_import_prints_a_summary_and_writes_every_failure_to_the_report(tmp_path: Path) -> None:
    assert _run(tmp_path, "db", "upgrade").returncode == 0
    folder = _folder(tmp_path)
    out = _run(tmp_path, "precedents", "import", str(folder))
    assert out.returncode == 0, out.stderr
    assert "完整解析 1/7" in out.stdout and "无法读取 6" in out.stdout
    report = tmp_path / "var" / "reports" / "precedents-import.txt"
    assert f"另有 1 条，明细见 {report}" in out.stdout
    assert sum(line.startswith("  无法读取") for line in out.stdout.splitlines()) == 5
    written = report.read_text(encoding="utf-8").splitlines()
    assert len(written) == 6 and all(line.startswith("无法读取") for line in written)
    for code in ("[no_text_layer]", "[corrupt_file]", "[too_large]"):
        assert any(code in line for line in written)
    again = json.loads(_run(tmp_path, "precedents", "import", str(folder), "--json").stdout)
    assert again["unchanged"] == 1 and again["added"] == 0 and len(again["failed"]) == 6
    shown = json.loads(_run(tmp_path, "precedents", "show", "good").stdout)
    assert shown["party_name"] == "张某"
    missing = _run(tmp_path, "precedents", "import", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "错误[path_not_found]" in missing.stderr


def _variants(folder: Path) -> None:
    folder.mkdir()
    for i in range(8):  # 价格法 §13 / §42 (明码标价) and §14 / §40 (价格欺诈), alternating
        text = DECISION.replace("12号", f"{20 + i}号").replace("罚款500元", f"罚款{500 + 100 * i}元")
        if i % 2:
            text = text.replace("未按规定明码标价", "虚构原价进行促销，诱骗消费者购买")
            text = text.replace("第十三条第一款", "第十四条第四项").replace("第四十二条", "第四十条")
        (folder / f"d{i}.txt").write_text(text, encoding="utf-8")


def test_eval_on_a_small_folder_shows_the_baseline_beside(tmp_path: Path) -> None:
    folder = tmp_path / "small"
    _variants(folder)
    out = _run(tmp_path, "eval", str(folder), "--folds", "2", "--json")
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    names = [r["predictor"] for r in body["reports"]]
    assert names == ["baseline", "knn"]
    assert body["reports"][1]["violated_exact"]["n"] == 8
    table = _run(tmp_path, "eval", str(folder), "--folds", "2", "--predictor", "baseline")
    assert "违反条款一致" in table.stdout and "baseline" in table.stdout
    bad = _run(tmp_path, "eval", str(folder), "--predictor", "magic")
    assert bad.returncode == 1 and "错误[bad_predictor]" in bad.stderr
    half = json.loads(
        _run(tmp_path, "eval", str(folder), "--folds", "2", "--train-share", "0.5", "--json").stdout
    )
    assert [r["train_share"] for r in half["reports"]] == [0.5, 0.5]
    assert half["reports"][1]["violated_exact"]["n"] == 8  # the same held-out decisions, fewer to learn from
    share = _run(tmp_path, "eval", str(folder), "--train-share", "0")
    assert share.returncode == 1 and "错误[bad_train_share]" in share.stderr

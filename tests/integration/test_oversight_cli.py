"""`zhifa oversight …` as a script sees it: the demo cases' facts rebuilt from the ledger equal the ones
kept while the cases were written, and the reports print."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from tests.integration.test_cli_users import Cli, bare_cli  # noqa: F401  (fixture)


def test_rebuild_and_consistency_on_the_demo_cases(bare_cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    cli = bare_cli
    assert cli("demo", "load").returncode == 0
    kept = json.loads(cli("oversight", "consistency", "--json").stdout)
    rebuilt = cli("oversight", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "已重建：20 件案件" in rebuilt.stdout
    again = json.loads(cli("oversight", "consistency", "--json").stdout)
    assert again == kept and again["coverage"]["decided_penalties"] == 8
    assert again["coverage"]["summary_procedure"] == 2  # 当场处罚: no suggestion is recorded with them
    text = cli("oversight", "consistency", "--agency", "421281")
    assert text.returncode == 0 and "偏离智能助手建议 0 件" in text.stdout
    outside = cli("oversight", "consistency", "--agency", "999999")
    assert outside.returncode == 1 and "agency_not_found" in outside.stderr
    sup = json.loads(cli("oversight", "supervision", "--json").stdout)
    assert sup["closures"]["counts"]["不予立案"] == 1 and sup["overdue"]["total"] > 0
    assert sup["ledger"]["checkpoint"] is None and "zhifa ledger checkpoint" in sup["ledger"]["message"]
    assert "超期期限" in cli("oversight", "supervision", "--agency", "420102").stdout
    out = tmp_path / "纪检.xlsx"
    assert cli("oversight", "export", "supervision", "-o", str(out), "--agency", "420102").returncode == 0
    sheet = openpyxl.load_workbook(out)["不予立案、终止、不予处罚"]
    assert "江岸" in str(sheet["A1"].value) and sheet["A3"].value == "不予立案"
    wrong = cli("oversight", "export", "nothing", "-o", str(out))
    assert wrong.returncode == 1 and "unknown_report" in wrong.stderr

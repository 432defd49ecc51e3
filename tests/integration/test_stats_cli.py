"""`zhifa stats summary|breakdown|rebuild` on the demo cases, as a script sees them."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.integration.test_cli_users import Cli, bare_cli  # noqa: F401  (fixture)

RATES = ("agency_usage_rate", "officer_operation_rate", "full_online_rate", "publicity_rate")


def test_summary_json_has_the_four_rates_counts_and_case_value(bare_cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    cli = bare_cli
    assert cli("demo", "load").returncode == 0
    first = cli("stats", "summary", "--from", "2020-01-01", "--json")
    assert first.returncode == 0, first.stderr
    s = json.loads(first.stdout)
    assert s["scope"]["code"] == "420000" and s["facts_behind"] == 0 and s["synthetic"] is False
    for key in RATES:
        r = s[key]
        assert set(r) == {"rate", "numerator", "denominator"}
        assert 0 <= r["numerator"] <= r["denominator"]
        assert r["rate"] is None or 0 <= r["rate"] <= 1
    assert s["agency_usage_rate"]["numerator"] >= 1 and s["counts"]["clues"] >= 1
    assert float(s["case_value"]["case_value"]) > 0
    text = cli("stats", "summary", "--from", "2020-01-01")
    assert "办案机构应用率" in text.stdout and "案值合计" in text.stdout
    rebuilt = cli("stats", "rebuild")
    assert rebuilt.returncode == 0 and "已重算 20 件" in rebuilt.stdout
    again = json.loads(cli("stats", "summary", "--from", "2020-01-01", "--json").stdout)
    assert again == s  # the facts kept by the projection are those the ledger replays to
    cities = json.loads(cli("stats", "breakdown", "--by", "agency", "--from", "2020-01-01", "--json").stdout)
    assert sum(r["counts"]["clues"] for r in cities["rows"]) == s["counts"]["clues"]
    out = cli("stats", "export", "-o", str(tmp_path / "统计.xlsx"), "--from", "2020-01-01")
    assert out.returncode == 0, out.stderr
    book = load_workbook(tmp_path / "统计.xlsx")
    title = book["概览"]["A1"].value
    assert title.startswith("湖北省市场监督管理局") and "2020-01-01 至" in title
    clues = next(r[1] for r in book["概览"].iter_rows(values_only=True) if r[0] == "登记线索")
    assert clues == s["counts"]["clues"]
    bad = cli("stats", "summary", "--from", "2026-02-30")
    assert bad.returncode != 0 and "invalid_date" in bad.stderr
    unknown = cli("stats", "breakdown", "--by", "colour")
    assert unknown.returncode != 0 and "unknown_dimension" in unknown.stderr

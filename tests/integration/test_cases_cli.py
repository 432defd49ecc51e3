"""`zhifa cases|deadlines|calendar` as a script sees them: exit codes, output, Chinese errors."""

from __future__ import annotations

import json

from tests.integration.test_cli_users import Cli, bare_cli  # noqa: F401  (fixture)


def test_demo_cases_deadlines_and_actions_from_the_command_line(bare_cli: Cli) -> None:  # noqa: F811
    cli = bare_cli
    loaded = cli("demo", "load")
    assert loaded.returncode == 0, loaded.stderr
    assert "演示案件：新建 20 件" in loaded.stdout
    due = cli("deadlines", "--due-within", "7", "--json")
    assert due.returncode == 0, due.stderr
    items = json.loads(due.stdout)["items"]
    assert any(i["key"] == "clue_check" and i["overdue"] for i in items)  # 压案不办: the stale clue
    only_chibi = json.loads(cli("deadlines", "--due-within", "366", "--agency", "421281", "--json").stdout)
    assert only_chibi["count"] and all(i["agency_path"].endswith("/421281/") for i in only_chibi["items"])
    listed = json.loads(cli("cases", "list", "--as", "jiangan_zhao", "--stage", "clue", "--json").stdout)
    case_id = listed["items"][0]["id"]
    refused = cli(
        "cases",
        "do",
        case_id,
        "decline",
        "--as",
        "jiangan_zhang",
        "--data",
        '{"ground": "no_evidence", "reason": "无证据"}',
    )
    assert refused.returncode == 1 and "错误[role_not_allowed]" in refused.stderr
    done = cli(
        "cases",
        "do",
        case_id,
        "decline",
        "--as",
        "jiangan_zhao",
        "--data",
        '{"ground": "no_evidence", "reason": "经核查无违法事实"}',
    )
    assert done.returncode == 0, done.stderr
    assert "不予立案" in done.stdout and "（已签名）" in done.stdout
    timeline = cli("cases", "timeline", case_id, "--as", "wuhan_jijian")
    assert timeline.returncode == 0 and "账本校验通过" in timeline.stdout
    assert cli("calendar", "add-working-days", "2026-09-30", "1").stdout.strip() == "2026-10-08"
    assert cli("calendar", "is-working-day", "2026-10-01").stdout.strip() == "否"
    second = cli("demo", "load")
    assert "演示案件：新建 0 件，已有 20 件" in second.stdout

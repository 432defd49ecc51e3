"""Times in Beijing time everywhere; the case timeline in words officers use (issue #22 §2)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from zhifa.timefmt import json_times, show_time
from zhifa.web.pages.timeline import event_rows, raw_json

CLUE = {
    "by": 3, "on": "2026-11-05", "agency_code": "420102", "agency_path": "/420000/420100/420102/",
    "source": "complaint", "discovered_on": "2026-11-05", "summary": "消费者投诉：货架商品未标示价格",
    "party": {"kind": "individual_business", "name": "武汉市江岸区鑫禾便利店", "uscc": "92420102MA40120132",
              "address": "", "id_kind": None, "id_number": None},
}  # fmt: skip
FILED = {
    "by": 6, "on": "2026-11-07", "act_date": "2026-10-31", "docno": "江岸市监立〔2026〕4号",
    "handlers": [{"user_id": 3, "name": "张伟", "credential_no": "42010220260001"},
                 {"user_id": 4, "name": "李娜", "credential_no": "42010220260002"}],
    "major_grounds": [], "party": CLUE["party"], "serious_harm": False, "violation": "虚构原价",
}  # fmt: skip
ENGLISH = ("by", "on", "agency_path", "hearing_right", "False", "True", "None", "individual_business",
           "complaint", "/420000/")  # fmt: skip


def _flat(rows: list[tuple[str, str]]) -> str:
    return "\n".join(f"{label}：{text}" for label, text in rows)


def test_a_naive_database_time_is_utc_and_shown_in_beijing_time() -> None:
    stored = datetime(2026, 12, 5, 7, 16)  # SQLite hands back UTC without a zone
    assert show_time(stored) == "2026-12-05 15:16"
    assert show_time(stored.replace(tzinfo=UTC)) == "2026-12-05 15:16"
    assert show_time("2026-12-05T07:16:00+00:00") == "2026-12-05 15:16"
    assert show_time("2026-12-05 23:30:00") == "2026-12-06 07:30"  # past midnight in Beijing
    assert show_time(date(2026, 12, 5)) == "2026-12-05"
    assert show_time("") == "" and show_time("不是时间") == "不是时间"


def test_the_cli_prints_json_times_in_beijing_time() -> None:
    text = json.dumps({"at": datetime(2026, 12, 5, 7, 16, tzinfo=UTC)}, default=json_times)
    assert json.loads(text)["at"] == "2026-12-05T15:16:00+08:00"


def test_a_clue_reads_as_officers_say_it() -> None:
    rows = event_rows("ClueRegistered", CLUE, {})
    text = _flat(rows)
    assert ("线索来源", "投诉") in rows
    assert ("当事人·类别", "个体工商户") in rows
    assert ("当事人·名称（姓名）", "武汉市江岸区鑫禾便利店") in rows
    assert not [word for word in ENGLISH if word in text], text


def test_filing_names_the_handlers_and_says_no_for_false() -> None:
    rows = event_rows("CaseFiled", FILED, {})
    assert ("办案人员", "张伟（42010220260001）、李娜（42010220260002）") in rows
    assert ("造成危害后果（适用五年追责时效）", "否") in rows
    assert ("文号", "江岸市监立〔2026〕4号") in rows
    assert "user_id" not in _flat(rows) and "3" not in dict(rows).get("办案人员", "")


def test_evidence_source_is_the_evidence_source_and_collectors_are_names() -> None:
    item = {"kind": "record", "title": "现场检查笔录", "source": "现场检查制作", "file_sm3": ["ab" * 32]}
    payload = {"by": 3, "on": "2026-11-09", "collected_on": "2026-11-09", "collectors": [3, 4], "item": item}
    rows = event_rows("EvidenceAdded", payload, {3: "张伟", 4: "李娜"})
    assert ("证据·来源", "现场检查制作") in rows
    assert ("证据·证据种类", "勘验笔录、现场笔录") in rows
    assert ("收集人", "张伟、李娜") in rows
    assert "线索来源" not in _flat(rows) and "abab" not in _flat(rows)


def test_a_statement_is_a_statement_not_a_case_summary() -> None:
    payload = {
        "by": 3,
        "on": "2026-12-02",
        "kind": "statement",
        "summary": "当事人称系店员疏忽",
        "stated_on": "2026-12-02",
    }
    rows = dict(event_rows("StatementRecorded", payload, {}))
    assert rows["陈述申辩要点"] == "当事人称系店员疏忽"
    assert rows["陈述申辩日期"] == "2026-12-02"
    assert "简要案情" not in rows and "stated_on" not in rows


def test_amounts_are_yuan_and_zero_amounts_left_out() -> None:
    payload = {"by": 6, "on": "2026-12-02", "hearing_right": False,
               "penalty": {"kinds": ["fine"], "fine": "50000", "confiscated_income": "0",
                           "confiscated_property_value": "0", "other_hearing_ground": False}}  # fmt: skip
    rows = dict(event_rows("PenaltyApproved", payload, {}))
    assert rows["行政处罚·罚款金额"] == "50,000.00 元"
    assert rows["行政处罚·处罚种类"] == "罚款"
    assert rows["告知听证权利"] == "否"
    assert not [k for k in rows if "没收" in k]


def test_the_raw_record_stays_for_auditors() -> None:
    raw = raw_json(CLUE)
    assert '"agency_path": "/420000/420100/420102/"' in raw and "individual_business" in raw


def test_an_unreadable_record_gives_no_rows_but_no_error() -> None:
    assert event_rows("ClueRegistered", {"by": 1}, {}) == []
    assert event_rows("NoSuchEvent", {"by": 1}, {}) == []

"""更正记录 applied to the record they correct: the state reads the corrected record, replay and increments
agree, only text the officers wrote is changed, and the ledger's originals are untouched."""

from __future__ import annotations

import copy
from datetime import date as D

from zhifa.domain import corrections
from zhifa.domain import events as ev
from zhifa.domain.grounds import ClueSource
from zhifa.domain.parties import Party
from zhifa.domain.state import Case
from zhifa.domain.values import Officer

PARTY = Party.create(
    "organization", "汉江虚构食品商行有限公司", uscc="91350100M000100Y43", address="示例路8号"
)
OFFICERS = (Officer(1, "张伟", "42010001"), Officer(2, "李娜", "42010002"))


def _events() -> list[ev.Event]:
    clue = ev.ClueRegistered(
        by=1, on=D(2026, 3, 2), agency_path="42/4201/420102", agency_code="420102",
        source=ClueSource.COMPLAINT, discovered_on=D(2026, 3, 2), summary="投诉销售过期食品", party=PARTY,
    )  # fmt: skip
    filed = ev.CaseFiled(
        by=3, on=D(2026, 3, 4), party=PARTY, act_date=D(2026, 2, 20), violation="销售超过保质期的食品",
        handlers=OFFICERS, docno="岸市监立〔2026〕1号",
    )  # fmt: skip
    return [clue, filed]


def _fix(seq: int, path: str, old: str, new: str, on: D = D(2026, 3, 6)) -> ev.CorrectionRecorded:
    return ev.CorrectionRecorded(
        by=1, on=on, corrects_seq=seq, field=path, old=old, new=new, reason="笔误", path=path
    )


def test_the_state_reads_the_corrected_party_and_replay_equals_the_increments() -> None:
    events = [*_events(), _fix(2, "party.name", PARTY.name, "汉江虚构食品有限公司")]
    events.append(_fix(2, "party.address", "示例路8号", "示例路18号"))
    incremental = Case()
    for e in events:
        incremental.apply(e)
    replayed = Case.replay(events)
    assert replayed == incremental and replayed.corrected_events == incremental.corrected_events
    assert replayed.party is not None and replayed.party.name == "汉江虚构食品有限公司"
    assert replayed.party.address == "示例路18号" and replayed.version == 4 and len(replayed.corrections) == 2
    assert replayed.events == events  # the records as recorded
    filed = replayed.record(2)
    assert isinstance(filed, ev.CaseFiled) and filed.party.name == "汉江虚构食品有限公司"
    assert [h[0] for h in replayed.history] == [1, 2, 3, 4]


def test_corrections_chain_and_a_correction_back_to_the_first_text() -> None:
    events = [
        *_events(),
        _fix(2, "violation", "销售超过保质期的食品", "销售过期食品"),
        _fix(2, "violation", "销售过期食品", "销售超过保质期的食品"),
        _fix(2, "violation", "销售超过保质期的食品", "销售超过保质期的预包装食品"),
    ]
    case = Case.replay(events)
    filed = case.record(2)
    assert isinstance(filed, ev.CaseFiled) and filed.violation == "销售超过保质期的预包装食品"
    stale = _fix(2, "violation", "销售过期食品", "别的文字")  # no longer what the record reads: a note
    case.apply(stale)
    assert case.record(2) == filed and case.version == 6


def test_only_text_the_officers_wrote_is_changed() -> None:
    filed = _events()[1]
    assert corrections.text_at(filed, "party.name") == PARTY.name
    assert corrections.text_at(filed, "violation") == "销售超过保质期的食品"
    for path in ("act_date", "docno", "handlers", "party.kind", "party", "nothing", "party.nothing", ""):
        assert corrections.text_at(filed, path) is None, path
    bad_code = _fix(2, "party.uscc", "91350100M000100Y43", "91350100M000100Y44")  # check character
    assert corrections.corrected(filed, bad_code) is None
    good_code = _fix(2, "party.uscc", "91350100M000100Y43", "91420102MA4K00000M")
    fixed = corrections.corrected(filed, good_code)
    assert isinstance(fixed, ev.CaseFiled) and fixed.party.key == "91420102MA4K00000M"
    words = ev.CorrectionRecorded(
        by=1, on=D(2026, 3, 6), corrects_seq=2, field="当事人名称", old=PARTY.name, new="x", reason="笔误"
    )
    assert corrections.corrected(filed, words) is None  # named in words only: a note beside the record
    legacy = ev.CorrectionRecorded(
        by=1, on=D(2026, 3, 6), corrects_seq=2, field="violation", old="销售超过保质期的食品", new="y",
        reason="笔误",
    )  # fmt: skip
    assert corrections.corrected(filed, legacy) == filed.__class__.from_payload(
        {**filed.to_payload(), "violation": "y"}
    )  # recorded before `path`: the field named by its path


def test_a_preview_copy_shares_the_records_but_not_the_state() -> None:
    case = Case.replay(_events())
    preview = copy.deepcopy(case)
    preview.apply(_fix(2, "party.name", PARTY.name, "改后的名称"))
    assert case.party == PARTY and case.version == 2 and len(case.events) == 2 and not case.fixed
    assert preview.party is not None and preview.party.name == "改后的名称"

"""Parties, money, 文号, profile and the event codec."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from tests.unit.domain.builders import ORG, PERSON, fine
from zhifa.domain.docno import DOCUMENT_TYPES, DocNumber
from zhifa.domain.events import EVENT_TYPES, DecisionIssued, InstalmentApproved, event_from_record
from zhifa.domain.grounds import Outcome
from zhifa.domain.money import late_fee, parse_amount
from zhifa.domain.parties import Party, PartyKind, check_id_number
from zhifa.domain.profile import HUBEI, Profile
from zhifa.domain.values import Penalty, PenaltyKind, hearing_right, sm3_hex, summary_allowed
from zhifa.errors import ValidationFailed

D = date


@pytest.mark.parametrize("code", ["91110000600037341L", "91350100M000100Y43"])
def test_uscc_vectors_GB_32100(code: str) -> None:
    assert Party.create("organization", "某公司", uscc=code).key == code


@pytest.mark.parametrize("number", ["11010519491231002X", "360426199101010071"])
def test_resident_id_vectors_GB_11643(number: str) -> None:
    assert Party.create("person", "某人", id_number=number).key == number


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "organization", "uscc": "91350100M000100Y44"}, "invalid_uscc"),
        ({"kind": "organization", "uscc": "9135010"}, "invalid_uscc"),
        ({"kind": "organization"}, "uscc_required"),
        ({"kind": "individual_business"}, "uscc_required"),
        ({"kind": "person", "id_number": "110105194912310021"}, "invalid_resident_id"),
        ({"kind": "person", "id_number": "11010519491331002X"}, "invalid_resident_id"),
        ({"kind": "person"}, "id_number_required"),
        ({"kind": "robot"}, "bad_party_kind"),
    ],
)
def test_invalid_identifiers_refused_in_chinese(kwargs: dict[str, str], code: str) -> None:
    kind = kwargs.pop("kind")
    with pytest.raises(ValidationFailed) as raised:
        Party.create(kind, "某", **kwargs)
    assert raised.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in raised.value.message)


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("", ""),
        (" 11010519491231002x ", "11010519491231002X"),  # GB 11643 vector, normalised
        ("830000199001011234", "830000199001011234"),  # 台湾居民居住证: GB 11643 numbering, no county code
        ("E12345678", "E12345678"),  # passport and other documents: as written
        ("12345678", "12345678"),  # 台湾居民来往大陆通行证
    ],
)
def test_interviewee_id_number_accepted(written: str, kept: str) -> None:
    assert check_id_number(written) == kept


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("110105194912310021", "末位校验码不符"),
        ("420102199013011234", "末位校验码不符"),
        ("420102199013011233", "出生日期"),  # check character right, 13th month
        ("42010219900101123", "应为18位"),  # one digit lost
    ],
)
def test_interviewee_id_number_refused_in_chinese(number: str, words: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        check_id_number(number)
    assert raised.value.code == "invalid_id_number" and words in raised.value.message


def test_party_age_from_resident_id_行政处罚法_30() -> None:
    assert PERSON.age_on(D(2026, 1, 1)) == 76
    assert PERSON.age_on(D(1999, 12, 31)) == 50
    assert ORG.age_on(D(2026, 1, 1)) is None


def test_passport_holder_is_accepted_without_check_character() -> None:
    party = Party.create("person", "John Smith", id_number="E12345678", id_kind="passport")
    assert party.key == "E12345678" and party.birth_date() is None


def test_party_payload_round_trip() -> None:
    assert Party.from_payload(ORG.to_payload()) == ORG


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("-1", "negative_amount"),
        ("100000000000.01", "absurd_amount"),
        ("1.005", "bad_amount_precision"),
        ("abc", "bad_amount"),
        ("NaN", "bad_amount"),
        (1.5, "bad_amount"),
    ],
)
def test_bad_amounts_refused(value: object, code: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_amount(value)  # type: ignore[arg-type]
    assert raised.value.code == code


def test_amount_normalised() -> None:
    assert parse_amount("12,000") == Decimal("12000.00")
    assert parse_amount(0) == Decimal("0.00")


def test_late_fee_3_percent_a_day_capped_at_the_fine_行政处罚法_72() -> None:
    schedule = [(D(2026, 4, 7), Decimal("1000"))]
    assert late_fee(Decimal("1000"), schedule, [], D(2026, 4, 7)) == Decimal("0.00")
    assert late_fee(Decimal("1000"), schedule, [], D(2026, 4, 8)) == Decimal("30.00")
    assert late_fee(Decimal("1000"), schedule, [], D(2026, 5, 10)) == Decimal("990.00")  # 33 days
    assert late_fee(Decimal("1000"), schedule, [], D(2026, 5, 11)) == Decimal("1000.00")  # 34 days → cap
    assert late_fee(Decimal("1000"), schedule, [], D(2027, 5, 11)) == Decimal("1000.00")
    # paid on day 2 of the delay: fee for one day only
    assert late_fee(Decimal("1000"), schedule, [(D(2026, 4, 9), Decimal("1000"))], D(2026, 6, 1)) == Decimal(
        "30.00"
    )


def test_late_fee_only_on_the_fine_not_on_confiscated_income() -> None:
    schedule = [(D(2026, 4, 7), Decimal("1500"))]  # 1,000 fine + 500 illegal income
    assert late_fee(Decimal("1000"), schedule, [(D(2026, 4, 7), Decimal("1000"))], D(2026, 4, 10)) == Decimal(
        "0.00"
    )


def test_hearing_thresholds_听证办法_5() -> None:
    assert not hearing_right(fine("9999.99"), PERSON, HUBEI)
    assert hearing_right(fine("10000"), PERSON, HUBEI)  # 以上 includes the figure (第三十一条)
    assert not hearing_right(fine("99999"), ORG, HUBEI)
    assert hearing_right(fine("100000"), ORG, HUBEI)
    assert hearing_right(Penalty(frozenset({PenaltyKind.REVOKE_LICENCE})), ORG, HUBEI)
    assert hearing_right(Penalty(frozenset({PenaltyKind.SUSPEND_BUSINESS})), PERSON, HUBEI)
    confiscation = Penalty(
        frozenset({PenaltyKind.CONFISCATE_INCOME, PenaltyKind.CONFISCATE_PROPERTY}),
        confiscated_income=Decimal("6000"),
        confiscated_property_value=Decimal("4000"),
    )
    assert hearing_right(confiscation, PERSON, HUBEI)  # 总额 10,000 (第五条第一款第四项)
    business = Party.create(PartyKind.INDIVIDUAL_BUSINESS, "某小店", uscc="91350100M000100Y43")
    assert hearing_right(fine("10000"), business, HUBEI)
    org_like = Profile.from_dict({"code": "xx", "name": "某省", "individual_business_as_person": False})
    assert not hearing_right(fine("10000"), business, org_like)


def test_province_may_set_other_hearing_figures_听证办法_5_2() -> None:
    profile = Profile.from_dict({"code": "99", "name": "某省", "hearing_fine_person": "5000"})
    assert hearing_right(fine("5000"), PERSON, profile)
    with pytest.raises(ValidationFailed):
        Profile.from_dict({"code": "99", "name": "某省", "hearing_fine_persn": 5000})
    with pytest.raises(ValidationFailed):
        Profile.from_dict({"code": "99", "name": "某省", "hearing_fine_person": -1})
    with pytest.raises(ValidationFailed):
        Profile.from_dict({"code": "99", "name": "某省", "hearing_fine_person": 0.5})


def test_summary_limits_行政处罚法_51() -> None:
    assert summary_allowed(fine("200"), PERSON, HUBEI) is None
    assert "二百" not in (summary_allowed(fine("200.01"), PERSON, HUBEI) or "")
    assert summary_allowed(fine("200.01"), PERSON, HUBEI) is not None
    assert summary_allowed(fine("3000"), ORG, HUBEI) is None
    assert summary_allowed(fine("3000.01"), ORG, HUBEI) is not None
    confiscate = Penalty(frozenset({PenaltyKind.CONFISCATE_INCOME}), confiscated_income=Decimal("10"))
    assert summary_allowed(confiscate, PERSON, HUBEI) is not None


def test_penalty_figures_must_match_kinds() -> None:
    with pytest.raises(ValidationFailed):
        Penalty(frozenset({PenaltyKind.WARNING}), fine=Decimal("100"))
    with pytest.raises(ValidationFailed):
        Penalty(frozenset({PenaltyKind.FINE}))
    with pytest.raises(ValidationFailed):
        Penalty(frozenset(), fine=Decimal("1"))
    with pytest.raises(ValidationFailed):
        fine("-5")


@pytest.mark.parametrize(
    ("text", "prefix", "doc_type", "year", "number"),
    [
        ("鄂市监处罚〔2026〕12号", "鄂市监", "处罚", 2026, 12),
        ("国市监处罚〔2026〕10号", "国市监", "处罚", 2026, 10),
        ("赤壁市监处罚〔2025〕179号", "赤壁市监", "处罚", 2025, 179),
        ("青黄市监罚告〔2026〕4437号", "青黄市监", "罚告", 2026, 4437),
        ("鄂汉市监不立〔2026〕1号", "鄂汉市监", "不立", 2026, 1),
        ("鄂市监处罚[2026]12号", "鄂市监", "处罚", 2026, 12),
    ],
)
def test_docno_parse_and_format(text: str, prefix: str, doc_type: str, year: int, number: int) -> None:
    parsed = DocNumber.parse(text)
    assert (parsed.prefix, parsed.doc_type, parsed.year, parsed.number) == (prefix, doc_type, year, number)
    assert str(parsed) == text.replace("[", "〔").replace("]", "〕")


@pytest.mark.parametrize(
    "text",
    [
        "鄂市监处罚〔2026〕012号",
        "鄂市监处罚(2026)12号",
        "鄂市监处罚〔26〕12号",
        "处罚〔2026〕1号",
        "鄂市监某某〔2026〕1号",
        "鄂市监处罚〔2026〕0号",
    ],
)
def test_bad_docno_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        DocNumber.parse(text)


def test_docno_constructor_validates() -> None:
    assert str(DocNumber("鄂市监", "处罚", 2026, 12)) == "鄂市监处罚〔2026〕12号"
    assert DocNumber("鄂市监", "当罚", 2026, 1).document_name == "当场行政处罚决定书"
    assert "罚告" in DOCUMENT_TYPES
    for bad in [
        ("鄂市监", "XX", 2026, 1),
        ("", "处罚", 2026, 1),
        ("鄂市监", "处罚", 1999, 1),
        ("鄂市监", "处罚", 2026, 0),
    ]:
        with pytest.raises(ValidationFailed):
            DocNumber(*bad)


def test_every_event_type_round_trips_through_json() -> None:
    decision = DecisionIssued(
        by=31,
        on=D(2026, 3, 20),
        outcome=Outcome.PENALTY,
        penalty=fine("5000.50"),
        no_penalty_ground=None,
        reasons="理由",
        docno="鄂市监处罚〔2026〕12号",
    )
    plan = InstalmentApproved(
        by=31, on=D(2026, 3, 20), schedule=((D(2026, 4, 1), Decimal("1.10")),), applied_on=D(2026, 3, 19)
    )
    for event in (decision, plan):
        type_, version, payload = event.to_record()
        restored = event_from_record(type_, version, json.loads(json.dumps(payload, ensure_ascii=False)))
        assert restored == event
    assert decision.to_payload()["penalty"]["fine"] == "5000.50"
    assert len(EVENT_TYPES) >= 36


def test_unknown_event_type_or_version_refused() -> None:
    with pytest.raises(ValidationFailed):
        event_from_record("Nope", 1, {})
    with pytest.raises(ValidationFailed):
        event_from_record("CaseClosed", 2, {})
    with pytest.raises(ValidationFailed):
        event_from_record("CaseArchived", 1, {"by": 1, "on": "2026-01-01", "volume": "x", "extra": 1})


def test_sm3_of_attached_file() -> None:
    assert (
        sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )  # GB/T 32905 A.1

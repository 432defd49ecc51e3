"""Canonical bytes and the record hash: exact form, refusals, and a golden hash checked with gmssl."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from gmssl import func as gm_func
from gmssl import sm3 as gm_sm3
from hypothesis import given
from hypothesis import strategies as st

from zhifa.errors import ValidationFailed
from zhifa.ledger import GENESIS_HASH, NewEvent, canonical_bytes, compute_hash, utc_iso
from zhifa.ledger.events import hash_input


def test_sorted_keys_compact_utf8_decimal_as_string() -> None:
    value = {"b": Decimal("5000.00"), "a": "某某食品有限公司", "c": [1, True, None]}
    assert canonical_bytes(value) == '{"a":"某某食品有限公司","b":"5000.00","c":[1,true,null]}'.encode()


def test_times_are_utc_iso_with_z() -> None:
    beijing = timezone(timedelta(hours=8))
    moment = datetime(2026, 11, 25, 16, 30, 0, 123, tzinfo=beijing)
    assert utc_iso(moment) == "2026-11-25T08:30:00.000123Z"
    assert canonical_bytes({"t": moment, "d": date(2026, 1, 2)}) == (
        b'{"d":"2026-01-02","t":"2026-11-25T08:30:00.000123Z"}'
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ({"amount": 1.5}, "float_not_allowed"),
        ({"t": datetime(2026, 1, 1)}, "naive_datetime"),
        ({1: "x"}, "bad_key"),
        ({"x": {1, 2}}, "bad_type"),
        ({"x": Decimal("NaN")}, "bad_number"),
    ],
)
def test_ambiguous_values_are_refused_with_a_chinese_message(value: object, code: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        canonical_bytes(value)
    assert err.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)


def test_golden_record_hash_matches_independent_sm3_of_handwritten_json() -> None:
    doc = (
        '{"actor":"user:7","payload":{"amount":"5000.00","party":"某某商行"},'
        f'"prev_hash":"{GENESIS_HASH}","recorded_at":"2026-11-25T08:30:00.000000Z",'
        '"schema_version":1,"seq":1,"stream_id":"case-1","type":"PenaltyProposed"}'
    )
    expected = gm_sm3.sm3_hash(gm_func.bytes_to_list(doc.encode("utf-8")))
    payload = {"amount": "5000.00", "party": "某某商行"}
    args = ("case-1", 1, "PenaltyProposed", 1, payload, "2026-11-25T08:30:00.000000Z", "user:7", GENESIS_HASH)
    assert hash_input(*args) == doc.encode("utf-8")
    assert compute_hash(*args) == expected


def test_joined_strings_would_collide_but_canonical_json_does_not() -> None:
    base = ("s", 1, "CaseFiled", 1, {}, "2026-11-25T08:30:00.000000Z")
    assert compute_hash(*base, "ab", "c" * 64) != compute_hash(*base, "abc", "c" * 64)


@given(st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=20) | st.booleans(), max_size=6))
def test_key_order_does_not_change_bytes(d: dict[str, object]) -> None:
    reversed_items = dict(reversed(list(d.items())))
    assert canonical_bytes(d) == canonical_bytes(reversed_items)


@pytest.mark.parametrize(
    ("event", "code"),
    [
        (NewEvent("caseFiled", {}, "user:1"), "bad_event_type"),
        (NewEvent("CaseFiled", {}, ""), "bad_actor"),
        (NewEvent("CaseFiled", {"x": 0.1}, "user:1"), "float_not_allowed"),
    ],
)
def test_bad_events_are_refused(event: NewEvent, code: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        event.check()
    assert err.value.code == code


def test_signing_needs_a_user_actor() -> None:
    with pytest.raises(ValidationFailed) as err:
        NewEvent("ReviewSigned", {}, "system", sign=True).signer_user_id()
    assert err.value.code == "signer_not_user"
    assert NewEvent.by_user(12, "ReviewSigned", {}, sign=True).signer_user_id() == 12
    assert utc_iso(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00.000000Z"

"""The case timeline says the new records in words: 归档号 and 保管期限, the 催告书 amounts, the 送达地址."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zhifa.domain import events as ev
from zhifa.domain import records as rc
from zhifa.web.pages.timeline import event_rows


def test_archiving_shows_the_archive_number_and_the_retention_in_words() -> None:
    e = ev.CaseArchived(by=1, on=date(2026, 4, 9), archive_no="420102-ZF·2026-D30-0001", retention="D30")
    rows = dict(event_rows(e.type, e.to_payload(), {}))
    assert rows == {"归档号": "420102-ZF·2026-D30-0001", "保管期限": "定期30年"}


def test_a_reminder_and_an_address_confirmation_read_as_officers_say_them() -> None:
    r = rc.PaymentReminded(
        by=1,
        on=date(2026, 9, 21),
        principal=Decimal("5000"),
        late_fee=Decimal("120"),
        pay_by=date(2026, 10, 8),
    )
    assert dict(event_rows(r.type, r.to_payload(), {})) == {
        "尚欠罚没款": "5,000.00 元",
        "加处罚款": "120.00 元",
        "催告履行期限": "2026-10-08",
    }
    a = rc.AddressConfirmed(
        by=1, on=date(2026, 3, 5), recipient="某公司", address="某路8号", confirmed_on=date(2026, 3, 5)
    )
    rows = dict(event_rows(a.type, a.to_payload(), {}))
    assert rows["受送达人"] == "某公司" and rows["送达地址"] == "某路8号"

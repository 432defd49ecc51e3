"""Money in yuan (Decimal, 2 places) and the late fee (行政处罚法 第七十二条; 程序规定 第七十五条)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from zhifa.errors import ValidationFailed

CENT = Decimal("0.01")
# No market-regulation fine comes near this; an amount above it is a typing error (e.g. cents as yuan).
ABSURD_AMOUNT = Decimal("100000000000")  # 1000 亿元
LATE_FEE_RATE = Decimal("0.03")  # 每日按罚款数额的百分之三


def parse_amount(value: Decimal | int | str, *, label: str = "金额") -> Decimal:
    """Validate and normalise an amount in yuan: non-negative, at most 2 decimals, below the absurdity cap."""
    if isinstance(value, bool | float):
        raise ValidationFailed(f"{label}须以精确的十进制数表示，不接受浮点数", code="bad_amount")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(f"{label}“{value}”不是有效的数额", code="bad_amount") from None
    if not amount.is_finite():
        raise ValidationFailed(f"{label}“{value}”不是有效的数额", code="bad_amount")
    if amount < 0:
        raise ValidationFailed(f"{label}不能为负数（{amount}元）", code="negative_amount")
    if amount > ABSURD_AMOUNT:
        raise ValidationFailed(f"{label}{amount}元超出合理范围，请核对单位", code="absurd_amount")
    if amount != amount.quantize(CENT):
        raise ValidationFailed(f"{label}最多保留两位小数（分）", code="bad_amount_precision")
    return amount.quantize(CENT)


def fmt_yuan(amount: Decimal) -> str:
    """Render an amount for Chinese text, e.g. 12,000.00元."""
    return f"{amount:,.2f}元"


Schedule = Sequence[tuple[date, Decimal]]
Payments = Sequence[tuple[date, Decimal]]


def late_fee(
    fine: Decimal,
    schedule: Schedule,
    payments: Payments,
    until: date,
    paused: Sequence[tuple[date, date | None]] = (),
) -> Decimal:
    """Late fee accrued up to `until` (inclusive); no day in a `paused` period [start, end] counts
    (行政处罚法 第七十三条第三款: 复议、诉讼期间不予计算; end None = still pending).

    Each day after a due date on which part of the fine that has fallen due is still unpaid adds 3% of
    that unpaid fine; the total never exceeds the fine (行政处罚法 第七十二条第一款第一项;
    程序规定 第七十五条).
    `schedule` lists (due date, amount) — one entry, or the instalments approved under 第七十四条;
    payments are allocated to the fine first.  A payment made on a day counts for that day.
    """
    if fine <= 0 or not schedule:
        return Decimal("0.00")
    ordered = sorted(schedule)
    pays = sorted(payments)
    total = Decimal(0)
    day = ordered[0][0] + timedelta(days=1)
    while day <= until and total < fine:
        due_by_day = sum((amt for due, amt in ordered if due < day), Decimal(0))
        paid_by_day = sum((amt for paid_on, amt in pays if paid_on <= day), Decimal(0))
        overdue = max(Decimal(0), due_by_day - paid_by_day)
        fine_unpaid = max(Decimal(0), fine - paid_by_day)
        base = min(overdue, fine_unpaid)
        if base == 0 and paid_by_day >= sum((amt for _, amt in ordered), Decimal(0)):
            break
        if not any(start <= day <= (end or until) for start, end in paused):
            total += base * LATE_FEE_RATE
        day += timedelta(days=1)
    return min(total, fine).quantize(CENT, rounding=ROUND_HALF_UP)

"""The assistant's discretion suggestion as recorded with the investigation report, and whether the
proposed penalty follows it (行政处罚法 第三十四条: 裁量基准; a departure from it must state its reasons)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from zhifa.domain.grounds import Outcome
from zhifa.domain.money import parse_amount
from zhifa.domain.values import Penalty, PenaltyKind
from zhifa.errors import ValidationFailed

NO_PENALTY_TIER = "不予处罚"
MIN_DEPARTURE_REASON = 8  # characters: “依裁量基准” alone says nothing about why


@dataclass(frozen=True)
class Suggestion:
    """A snapshot of the suggestion shown to the handler: violation type, tier, fine point and ranges,
    and the catalog rule (entry file and version) the discretion engine applied."""

    violation_type: str
    violation_name: str = ""
    type_score: str = ""  # calibrated probability as text ("0.69"), kept as shown
    tier: str = ""  # 从轻 / 一般 / 从重 / 减轻 / 不予处罚
    suggested_fine: Decimal | None = None
    range_low: Decimal | None = None
    range_high: Decimal | None = None
    statutory_low: Decimal | None = None
    statutory_high: Decimal | None = None
    rule: str = ""  # e.g. catalog/价格/price.marking_improper.yaml@2022-07-01
    profile: str = ""  # discretion profile (region) code

    def __post_init__(self) -> None:
        if not self.violation_type.strip():
            raise ValidationFailed("智能助手建议缺少违法行为类型", code="bad_suggestion")
        for label, value in (
            ("建议罚款", self.suggested_fine),
            ("建议区间下限", self.range_low),
            ("建议区间上限", self.range_high),
            ("法定最低罚款", self.statutory_low),
            ("法定最高罚款", self.statutory_high),
        ):
            if value is not None:
                parse_amount(value, label=label)
        if self.range_low is not None and self.range_high is not None and self.range_low > self.range_high:
            raise ValidationFailed("智能助手建议的区间下限高于上限", code="bad_suggestion")

    @property
    def has_fine(self) -> bool:
        """True when the suggestion names a fine to compare a proposal with."""
        return self.suggested_fine is not None and self.suggested_fine > 0


class Adherence(StrEnum):
    """How a proposal relates to the suggestion."""

    ACCEPTED = "accepted"  # the suggested fine itself
    WITHIN = "within"  # another fine inside the suggested tier's range
    DEPARTED = "departed"  # outside the range, another outcome, or no fine although one is suggested
    NOT_COMPARABLE = "not_comparable"  # the suggestion has no fine (engine error, amount unknown …)

    @property
    def label(self) -> str:
        """Chinese label."""
        return {
            "accepted": "采纳建议",
            "within": "在建议区间内",
            "departed": "偏离建议",
            "not_comparable": "建议无罚款数额，未作比较",
        }[self.value]


def adherence(suggestion: Suggestion, outcome: Outcome, proposal: Penalty | None) -> Adherence:
    """Compare the proposed outcome and penalty with the suggestion (fine point, then the tier's range)."""
    if suggestion.tier == NO_PENALTY_TIER:  # 不予处罚 suggested (行政处罚法 §30, §31, §33)
        return Adherence.ACCEPTED if outcome is Outcome.NO_PENALTY else Adherence.DEPARTED
    if not suggestion.has_fine:
        return Adherence.NOT_COMPARABLE
    if outcome is not Outcome.PENALTY or proposal is None or PenaltyKind.FINE not in proposal.kinds:
        return Adherence.DEPARTED
    fine = proposal.fine
    if suggestion.suggested_fine is not None and fine == suggestion.suggested_fine:
        return Adherence.ACCEPTED
    low = suggestion.range_low if suggestion.range_low is not None else Decimal("0")
    if suggestion.range_high is not None and low <= fine <= suggestion.range_high:
        return Adherence.WITHIN
    return Adherence.DEPARTED


def departure_summary(suggestion: Suggestion, outcome: Outcome, proposal: Penalty | None) -> str:
    """A Chinese sentence naming what differs (for the refusal and the case page)."""
    point = f"{suggestion.suggested_fine}元" if suggestion.suggested_fine is not None else "—"
    if suggestion.tier == NO_PENALTY_TIER:
        mine = f"拟处理意见为“{outcome.label}”" if outcome is not Outcome.PENALTY else "拟给予行政处罚"
        return f"{mine}，智能助手建议不予行政处罚"
    tier = f"{suggestion.tier}，" if suggestion.tier else ""
    span = ""
    if suggestion.range_high is not None:
        span = f"，建议区间 {suggestion.range_low or Decimal('0')}–{suggestion.range_high}元"
    if outcome is not Outcome.PENALTY or proposal is None:
        mine = f"拟处理意见为“{outcome.label}”"
    elif PenaltyKind.FINE not in proposal.kinds:
        mine = "拟处罚不含罚款"
    else:
        mine = f"拟罚款 {proposal.fine}元"
    return f"{mine}，智能助手建议{tier}罚款 {point}{span}"

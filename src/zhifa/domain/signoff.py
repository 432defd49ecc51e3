"""The guard where penalties are signed (审核, 负责人审批, 决定): a change of the proposed penalty, or a
signature over a consistency flag, needs a stated reason; a fine below the statutory minimum needs a
statutory 减轻 ground (行政处罚法 第三十二条) and one above the maximum cannot be signed at all.

The flags themselves (畸轻 / 畸重 / 类案不同罚 / 超出法定幅度) are computed by the service from the
consistency check and handed in with the command; the statutory range is re-checked here from the
suggestion recorded with the investigation report, so the rule holds whoever calls `decide`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from zhifa.domain.grounds import _LABELS, LabelledEnum
from zhifa.domain.refusals import refuse
from zhifa.domain.suggestion import MIN_DEPARTURE_REASON
from zhifa.domain.values import Penalty, PenaltyKind

if TYPE_CHECKING:
    from zhifa.domain.state import Case

OUT_OF_RANGE = "超出法定幅度"


class MitigationGround(LabelledEnum):
    """Statutory grounds for 减轻处罚 below the minimum (行政处罚法 第三十条、第三十二条)."""

    MINOR_14_18 = "minor_14_18"  # 第三十条
    ELIMINATED_HARM = "eliminated_harm"  # 第三十二条(一)
    COERCED = "coerced"  # 第三十二条(二)
    CONFESSED = "confessed"  # 第三十二条(三)
    MERITORIOUS = "meritorious"  # 第三十二条(四)
    OTHER_STATUTORY = "other_statutory"  # 第三十二条(五)


_LABELS["MitigationGround"] = {
    "minor_14_18": "已满十四周岁不满十八周岁（行政处罚法第三十条）",
    "eliminated_harm": "主动消除或者减轻违法行为危害后果（行政处罚法第三十二条第一项）",
    "coerced": "受他人胁迫或者诱骗实施违法行为（行政处罚法第三十二条第二项）",
    "confessed": "主动供述行政机关尚未掌握的违法行为（行政处罚法第三十二条第三项）",
    "meritorious": "配合行政机关查处违法行为有立功表现（行政处罚法第三十二条第四项）",
    "other_statutory": "法律、法规、规章规定其他应当从轻或者减轻行政处罚的（行政处罚法第三十二条第五项）",
}


@dataclass(frozen=True)
class SignoffGuard:
    """What the signer was shown and answered; recorded in the signed event (the signature covers it)."""

    proposed: Penalty | None  # the penalty put to the signer (report proposal, or the notified one)
    flags: tuple[str, ...] = ()
    flag_reasons: tuple[str, ...] = ()
    reason: str = ""  # why the signer changed the penalty or signed over the flags
    mitigation: MitigationGround | None = None
    statutory_low: Decimal | None = None
    statutory_high: Decimal | None = None

    @property
    def changed(self) -> bool:
        """True when the signed penalty differs from the proposal (set by `check_signoff`)."""
        return "变更拟处罚" in self.flags


def statutory_range(case: Case) -> tuple[Decimal | None, Decimal | None]:
    """(minimum, maximum) fine from the suggestion recorded with the report; (None, None) without one."""
    report = case.report
    s = report.suggestion if report else None
    if s is None:
        return None, None
    return s.statutory_low, s.statutory_high


def same_penalty(a: Penalty | None, b: Penalty | None) -> bool:
    """Kinds and figures equal (the hearing flag aside)."""
    if a is None or b is None:
        return a is b
    return (a.kinds, a.fine, a.confiscated_income, a.confiscated_property_value) == (
        b.kinds,
        b.fine,
        b.confiscated_income,
        b.confiscated_property_value,
    )


def check_signoff(
    case: Case,
    signed: Penalty,
    proposed: Penalty | None,
    *,
    flags: Sequence[str],
    flag_reasons: Sequence[str],
    reason: str,
    mitigation: MitigationGround | None,
    who: str,
) -> SignoffGuard:
    """Refuse the signature unless the law and the guard are satisfied; the record for the event."""
    low, high = statutory_range(case)
    fine = signed.fine if PenaltyKind.FINE in signed.kinds else Decimal("0.00")
    flags, reasons = list(flags), list(flag_reasons)
    if high is not None and fine > high:
        raise refuse(
            "above_statutory_maximum",
            f"罚款 {fine} 元超出法定最高额 {high} 元：行政处罚只能在法定幅度内给予，"
            "没有任何情节可以超出（行政处罚法第四条、第五条）",
        )
    below = low is not None and low > 0 and fine < low
    if below and OUT_OF_RANGE not in flags:
        flags.append(OUT_OF_RANGE)
        reasons.append(f"罚款 {fine} 元低于法定最低额 {low} 元")
    if below and mitigation is None:
        raise refuse(
            "mitigation_ground_required",
            f"罚款 {fine} 元低于法定最低额 {low} 元，"
            "须载明法定减轻处罚情节（行政处罚法第三十条、第三十二条）；"
            "依法不予处罚的，应作出不予行政处罚决定（行政处罚法第三十三条）",
        )
    changed = proposed is not None and not same_penalty(signed, proposed)
    text = reason.strip()
    if (changed or flags) and len(text) < MIN_DEPARTURE_REASON:
        what = []
        if changed:
            what.append(f"变更了拟处罚内容（{describe(proposed)} → {describe(signed)}）")
        if flags:
            what.append(f"拟处罚存在预警：{'、'.join(dict.fromkeys(flags))}")
        raise refuse(
            "signoff_reason_required",
            f"{who}{'，且'.join(what)}，须说明理由（至少{MIN_DEPARTURE_REASON}个字，"
            "行政处罚法第五条、第三十四条；国市监法规〔2022〕2号）",
        )
    if changed:
        flags.insert(0, "变更拟处罚")
        reasons.insert(0, f"拟处罚 {describe(proposed)}，签署 {describe(signed)}")
    return SignoffGuard(
        proposed=proposed,
        flags=tuple(flags),
        flag_reasons=tuple(reasons),
        reason=text,
        mitigation=mitigation,
        statutory_low=low,
        statutory_high=high,
    )


def describe(p: Penalty | None) -> str:
    """A short Chinese description of a penalty (kinds and figures)."""
    if p is None:
        return "（无）"
    names = {
        PenaltyKind.WARNING: "警告",
        PenaltyKind.CRITICISM: "通报批评",
        PenaltyKind.FINE: f"罚款{p.fine}元",
        PenaltyKind.CONFISCATE_INCOME: f"没收违法所得{p.confiscated_income}元",
        PenaltyKind.CONFISCATE_PROPERTY: "没收非法财物",
        PenaltyKind.SUSPEND_BUSINESS: "责令停产停业",
        PenaltyKind.REVOKE_LICENCE: "吊销许可证件",
    }
    return "、".join(names[k] for k in PenaltyKind if k in p.kinds)

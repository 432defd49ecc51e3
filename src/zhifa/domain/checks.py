"""The context of one decision and the small checks the transition rules share."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from zhifa.domain.actors import Actor
from zhifa.domain.calendar import WorkingCalendar
from zhifa.domain.docno import DocNumber
from zhifa.domain.profile import Profile
from zhifa.domain.refusals import refuse
from zhifa.domain.stages import Stage
from zhifa.domain.state import Case
from zhifa.domain.values import Officer
from zhifa.errors import ValidationFailed

EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Ctx:
    """Everything a transition rule may look at."""

    case: Case
    actor: Actor
    today: date
    calendar: WorkingCalendar
    profile: Profile

    @property
    def by(self) -> int:
        """The acting user's id, recorded on every event."""
        return self.actor.user_id


def require_stage(ctx: Ctx, stages: Collection[Stage], action: str) -> None:
    """Refuse unless the case is in one of `stages`."""
    stage = ctx.case.stage
    if stage not in stages:
        label = stage.label if stage else "未登记"
        raise refuse("wrong_stage", f"案件当前处于“{label}”阶段，不能{action}")


def require_text(value: str, label: str, *, min_len: int = 1) -> str:
    """Refuse a blank or too short text field."""
    text = value.strip()
    if len(text) < min_len:
        extra = f"（至少{min_len}个字）" if min_len > 1 else ""
        raise refuse("text_required", f"{label}不能为空{extra}")
    return text


def check_date(
    ctx: Ctx,
    day: date,
    label: str,
    *,
    not_before: date | None = None,
    after_label: str = "",
    future: bool = False,
) -> date:
    """Refuse a date in the future (unless allowed) or before `not_before`."""
    if not future and day > ctx.today:
        raise refuse("date_in_future", f"{label}（{day.isoformat()}）不能晚于今天")
    if day < EARLIEST:
        raise refuse("date_too_early", f"{label}（{day.isoformat()}）不合理")
    if not_before is not None and day < not_before:
        raise refuse(
            "date_before_allowed",
            f"{label}（{day.isoformat()}）不能早于{after_label}（{not_before.isoformat()}）",
        )
    return day


def check_officers(officers: Sequence[Officer], label: str, basis: str) -> None:
    """At least two distinct officers, each with a credential number (行政处罚法 第四十二条)."""
    ids = {o.user_id for o in officers}
    if len(officers) < 2 or len(ids) < len(officers):
        raise refuse("two_officers_required", f"{label}不得少于两名不同的执法人员（{basis}）")
    for officer in officers:
        if not officer.credential_no.strip():
            raise refuse("credential_required", f"{officer.name}没有执法证件号码，不能担任{label}（{basis}）")


def check_docno(docno: str, allowed_types: Collection[str], document: str) -> str:
    """Validate an optional 文号 and its type code; returns the normalised text."""
    if not docno:
        return ""
    try:
        parsed = DocNumber.parse(docno)
    except ValidationFailed as exc:
        raise refuse(exc.code, exc.message) from None
    if parsed.doc_type not in allowed_types:
        raise refuse("wrong_doc_type", f"文号“{docno}”的类型代码“{parsed.doc_type}”不是{document}")
    return str(parsed)

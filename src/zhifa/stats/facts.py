"""The statistics fact of one case (docs/statistics.md), folded from its state and its new events.

Pure: no database. `fold(before, case, events, ...)` gives the `stats_case_facts` column values after the
events; the projection calls it with the just-appended events, `zhifa stats rebuild` with all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from zhifa.domain import events as ev
from zhifa.domain.calendar import UnknownCalendarYear, WorkingCalendar
from zhifa.domain.deadlines import clue_due, decision_due
from zhifa.domain.grounds import Outcome
from zhifa.domain.stages import PRE_DECISION, Stage
from zhifa.domain.state import Case
from zhifa.integrations.publicity import publishable
from zhifa.timefmt import beijing_today

ZERO = Decimal("0.00")
PUBLICITY_WORKING_DAYS = 20  # 市场监督管理行政处罚信息公示规定 第九条
ONLINE_LAG = timedelta(days=1)  # a step recorded more than a day after it happened was entered afterwards
# The business dates a step carries besides the day it was recorded (`on`): 送达、陈述、听证、缴款、公示 ...
STEP_DATES = (
    "served_on", "stated_on", "held_on", "paid_on", "published_on", "discussed_on", "collected_on",
    "preserved_on", "handled_on", "requested_on", "applied_on", "filed_on",
)  # fmt: skip
DECISION_ENDED = frozenset({Stage.TERMINATED, Stage.TRANSFERRED, Stage.CLOSED, Stage.ARCHIVED})
ON_THE_SPOT = "on_the_spot"  # the source of a 简易程序 case: found and decided on the spot

BLANK: dict[str, Any] = {
    "source": "", "grade": "", "violation": "", "area": "", "declined_on": None, "online": True,
    "clue_due_on": None, "decision_due_on": None, "clock_paused": False,
}  # fmt: skip


def levels(agency_path: str) -> dict[str, str]:
    """The agency code at each depth of a path: /420000/420100/420102/ → a1=420000, a2=420100, a3=…"""
    parts = [p for p in agency_path.split("/") if p][:4]
    parts += [""] * (4 - len(parts))
    return {f"a{i + 1}": code for i, code in enumerate(parts)}


def lagging(event: ev.Event) -> bool:
    """True when a step's own date lies more than a day before the day it was recorded (补录)."""
    for name in STEP_DATES:
        value = getattr(event, name, None)
        if isinstance(value, date) and value < event.on - ONLINE_LAG:
            return True
    return False


def _safe(compute: Callable[[], date]) -> date | None:
    try:
        return compute()
    except UnknownCalendarYear:  # a year without holiday table: the due date stays open
        return None


def _from_events(v: dict[str, Any], events: Sequence[ev.Event], area_of: Callable[[str, str], str]) -> None:
    for e in events:
        if isinstance(e, ev.ClueRegistered):
            v["source"] = e.source.value
        elif isinstance(e, ev.SummaryPenaltyIssued):
            v["source"] = v["source"] or ON_THE_SPOT
            v["violation"], v["area"] = e.violation[:200], area_of(e.violation, "")
        elif isinstance(e, ev.CaseFiled):
            v["violation"], v["area"] = e.violation[:200], area_of(e.violation, "")
        elif isinstance(e, ev.FilingDeclined):
            v["declined_on"] = e.on
        elif isinstance(e, ev.InvestigationReported) and e.suggestion is not None and not v["area"]:
            v["area"] = area_of(v["violation"], e.suggestion.violation_type)
        if lagging(e):
            v["online"] = False


def _dues(
    v: dict[str, Any], case: Case, events: Sequence[ev.Event], cal: WorkingCalendar, today: date
) -> None:
    """Due dates as they stand on `today`; frozen once the clue check or the decision is done."""
    if case.stage is Stage.CLUE and case.discovered_on is not None:
        v["clue_due_on"] = _safe(lambda: clue_due(case, cal, today))
    deciding = any(isinstance(e, ev.DecisionIssued) for e in events)
    if case.filed_on is not None and (case.stage in PRE_DECISION or deciding):
        v["decision_due_on"] = _safe(lambda: decision_due(case, cal, today))
    ended = case.decision is not None or case.stage in DECISION_ENDED
    if case.filed_on is not None and ended and v.get("decision_end_on") is None:
        v["decision_end_on"] = case.decision.on if case.decision else today
    v["clock_paused"] = any(p.end is None for p in case.pauses)


def fold(
    before: dict[str, Any] | None,
    case: Case,
    events: Sequence[ev.Event],
    *,
    calendar: WorkingCalendar,
    area_of: Callable[[str, str], str],
    grade: str = "",
) -> dict[str, Any]:
    """The fact columns after `events` (already applied to `case`); `before`: the stored row or None."""
    v = dict(BLANK if before is None else before)
    corrected = any(isinstance(e, ev.CorrectionRecorded) for e in events)  # earlier records read anew
    _from_events(v, case.corrected_events if corrected else events, area_of)
    today = events[-1].on if events else (case.last_on or beijing_today())
    v["grade"] = grade or v["grade"]
    v["agency_path"] = case.agency_path
    v.update(levels(case.agency_path))
    v["procedure"] = "summary" if case.summary_procedure else "ordinary"
    v["stage"] = case.stage.value if case.stage else Stage.CLUE.value
    v["registered_on"] = case.history[0][3] if case.history else today
    decision = case.decision
    v["decided_on"] = decision.on if decision else None
    v["opened_on"] = case.filed_on or (v["decided_on"] if case.summary_procedure else None)
    v["reported_on"] = case.reported_on
    v["approved_on"] = case.approved.on if case.approved else None
    v["closed_on"] = case.closed_on
    v["outcome"] = decision.outcome.value if decision else ""
    penalty = decision.penalty if decision and decision.outcome is Outcome.PENALTY else None
    v["fine"] = penalty.fine if penalty else ZERO
    v["confiscated_income"] = penalty.confiscated_income if penalty else ZERO
    v["confiscated_property"] = penalty.confiscated_property_value if penalty else ZERO
    required = (
        decision is not None and penalty is not None and not case.summary_procedure
        and publishable(case.party, penalty, decision.on)
    )  # fmt: skip
    v["publicity_required"] = required
    if required and decision is not None and v.get("publicity_due_on") is None:
        v["publicity_due_on"] = _safe(lambda: calendar.add_working_days(decision.on, PUBLICITY_WORKING_DAYS))
    v["published_on"] = case.published_on
    _dues(v, case, events, calendar, today)
    v["last_seq"] = case.version
    return v

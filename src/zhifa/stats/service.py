"""Statistics use cases: summary, breakdown, rebuild from the ledger (scope is checked here)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, func, select

from zhifa.domain.actors import Actor
from zhifa.domain.state import Case
from zhifa.errors import ValidationFailed
from zhifa.services.calendar import load_calendar
from zhifa.services.case_store import events_of, ledger
from zhifa.services.cases import china_today
from zhifa.stats import breakdown as bd
from zhifa.stats.facts import fold
from zhifa.stats.projection import ACTIVITY, FACTS, add_activity, area_of
from zhifa.stats.scope import Period, Scope, make_period, resolve_scope
from zhifa.stats.summary import summary
from zhifa.store.models.cases import CaseRow
from zhifa.store.models.intake import IntakeClue
from zhifa.store.uow import UnitOfWork


def _frame(
    uow: UnitOfWork,
    actor: Actor | None,
    agency: str | None,
    start: Any,
    end: Any,
    synthetic: bool,
    today: date,
) -> tuple[Scope, Period]:
    period = make_period(start, end, today)
    return resolve_scope(uow.session, actor, agency, synthetic=synthetic), period


def get_summary(
    uow: UnitOfWork,
    actor: Actor | None,
    agency: str | None = None,
    start: str | date | None = None,
    end: str | date | None = None,
    *,
    synthetic: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    """The four rates, counts, 案值, handling days and breaches of a subtree and period."""
    today = today or china_today()
    with uow:
        scope, period = _frame(uow, actor, agency, start, end, synthetic, today)
        return summary(uow.session, scope, period, today)


def get_breakdown(
    uow: UnitOfWork,
    actor: Actor | None,
    by: str,
    agency: str | None = None,
    start: str | date | None = None,
    end: str | date | None = None,
    *,
    synthetic: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    """The counts and 案值 of a subtree and period, grouped by one dimension (agency = drill-down)."""
    today = today or china_today()
    dimension = bd.dimension(by)
    with uow:
        scope, period = _frame(uow, actor, agency, start, end, synthetic, today)
        return bd.breakdown(uow.session, scope, period, today, dimension)


def rebuild(uow: UnitOfWork, *, progress: Any = None) -> int:
    """Recompute every real fact row and the officer activity from the ledger; returns the cases done."""
    with uow:
        s = uow.session
        calendar = load_calendar(uow)
        s.execute(delete(FACTS).where(FACTS.c.synthetic.is_(False)))
        s.execute(delete(ACTIVITY).where(ACTIVITY.c.synthetic.is_(False)))
        grades = {a: b for a, b in s.execute(select(IntakeClue.case_id, IntakeClue.grade))}
        rows = s.execute(select(CaseRow.id, CaseRow.stream_id).order_by(CaseRow.created_at)).all()
        store = ledger(s)
        for case_id, stream_id in rows:
            events = events_of(store.read(stream_id))
            case, values = Case(), None
            for event in events:  # one at a time, as the projection saw them: due dates freeze on time
                case.apply(event)
                values = fold(
                    values, case, [event], calendar=calendar, area_of=area_of, grade=grades.get(case_id, "")
                )
            if values is None or not case.agency_path:
                continue
            s.execute(FACTS.insert().values(case_id=case_id, synthetic=False, **values))
            add_activity(
                s,
                [
                    {"synthetic": False, "day": day, "user_id": by, "agency_code": case.agency_code,
                     "agency_path": case.agency_path}
                    for day, by in sorted({(e.on, e.by) for e in events})
                ],
            )  # fmt: skip
            if progress is not None:
                progress()
        uow.commit()
        return len(rows)


def facts_behind(uow: UnitOfWork) -> int:
    """Cases without a fact row (a database from before the statistics: run `zhifa stats rebuild`)."""
    with uow:
        return _behind(uow.session)


def _behind(session: Any) -> int:
    cases = session.scalar(select(func.count()).select_from(CaseRow)) or 0
    facts = session.scalar(select(func.count()).select_from(FACTS).where(FACTS.c.synthetic.is_(False))) or 0
    return max(0, int(cases) - int(facts))


def export_workbook(
    uow: UnitOfWork,
    actor: Actor | None,
    agency: str | None = None,
    start: str | date | None = None,
    end: str | date | None = None,
    *,
    synthetic: bool = False,
    today: date | None = None,
) -> tuple[str, bytes]:
    """(file name, .xlsx bytes) of the summary and every breakdown of a subtree and period."""
    from zhifa.stats.excel import workbook
    from zhifa.stats.trend import trend

    today = today or china_today()
    with uow:
        scope, period = _frame(uow, actor, agency, start, end, synthetic, today)
        s = summary(uow.session, scope, period, today)
        parts = [bd.breakdown(uow.session, scope, period, today, by) for by in bd.DIMENSIONS]
        months = trend(uow.session, scope, period)
    name = f"统计-{scope.code}-{period.start.isoformat()}-{period.end.isoformat()}"
    return name + ("-合成" if synthetic else "") + ".xlsx", workbook(s, parts, months)


def synthesize_history(
    uow: UnitOfWork,
    *,
    cases: int,
    years: int,
    seed: int = 20261205,
    progress: Any = None,
    today: date | None = None,
) -> dict[str, int]:
    """Replace the synthetic history (合成数据, statistics tables only) with `cases` cases over the `years`
    before `today` (default: Beijing's today)."""
    from zhifa.stats.projection import catalog_violations
    from zhifa.stats.synthetic import synthesize

    if not 1 <= cases <= 1_000_000 or not 1 <= years <= 10:
        raise ValidationFailed("合成案件数应为 1–1,000,000，年数应为 1–10", code="invalid_synthetic_size")
    with uow:
        made = synthesize(
            uow.session, load_calendar(uow), today or china_today(), catalog_violations(),
            cases=cases, years=years, seed=seed, progress=progress,
        )  # fmt: skip
        uow.commit()
        return made


def clear_synthetic(uow: UnitOfWork) -> None:
    """Remove the synthetic history."""
    from zhifa.stats.synthetic import clear

    with uow:
        clear(uow.session)
        uow.commit()


def dashboard(
    uow: UnitOfWork,
    actor: Actor,
    agency: str | None = None,
    start: str | date | None = None,
    end: str | date | None = None,
    *,
    synthetic: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    """What the /stats page shows: summary, trend by month, and the breakdowns it charts."""
    from zhifa.stats.trend import trend

    today = today or china_today()
    with uow:
        scope, period = _frame(uow, actor, agency, start, end, synthetic, today)
        s = uow.session
        return {
            "summary": summary(s, scope, period, today),
            "trend": trend(s, scope, period),
            "breakdowns": {
                by: bd.breakdown(s, scope, period, today, by)
                for by in ("agency", "source", "procedure", "area")
            },
            "parent": _parent_code(s, scope, actor),
            "facts_behind": 0 if synthetic else _behind(s),
        }


def _parent_code(session: Any, scope: Scope, actor: Actor) -> str | None:
    """The agency one level up, when the actor may see it (the drill-up link)."""
    parts = [p for p in scope.path.split("/") if p]
    if len(parts) < 2:
        return None
    parent_path = "/" + "/".join(parts[:-1]) + "/"
    return parts[-2] if actor.covers(parent_path) else None

"""The synthetic history (合成数据) is labelled, reproducible and never mixed with real figures."""

from __future__ import annotations

from datetime import date as D

import pytest
from sqlalchemy import Engine, func, select

from tests.integration.case_helpers import World, make_world
from tests.integration.stats_helpers import TODAY, build_history
from zhifa.errors import ValidationFailed
from zhifa.stats.projection import FACTS
from zhifa.stats.service import clear_synthetic, get_breakdown, get_summary, synthesize_history
from zhifa.store.models import CaseRow, LedgerRecord, User

SPAN = ("2023-01-01", "2026-12-31")


@pytest.fixture
def w(engine: Engine) -> World:
    world = make_world(engine)
    build_history(world)
    return world


def _count(w: World, what: object) -> int:
    with w.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(what)) or 0  # type: ignore[arg-type]


def test_synthetic_history_is_kept_apart_from_real_data(w: World) -> None:
    real = get_summary(w.uow(), None, None, *SPAN, today=TODAY)
    before = (_count(w, CaseRow), _count(w, LedgerRecord), _count(w, User))
    made = synthesize_history(
        w.uow(), cases=3000, years=3, today=D(2026, 12, 31)
    )  # SPAN's end, not the clock
    assert made["cases"] == 3000 and made["officers"] > 0
    # nothing synthetic in the ledger, the cases or the users
    assert (_count(w, CaseRow), _count(w, LedgerRecord), _count(w, User)) == before
    assert get_summary(w.uow(), None, None, *SPAN, today=TODAY) == real  # real reports unchanged
    syn = get_summary(w.uow(), None, None, *SPAN, synthetic=True, today=TODAY)
    assert syn["synthetic"] is True and "合成" in syn["data_label"]
    counts = syn["counts"]
    assert counts["clues"] + counts["summary_cases"] == 3000  # every case registered in the span
    for key in ("agency_usage_rate", "officer_operation_rate", "full_online_rate", "publicity_rate"):
        r = syn[key]
        assert r["denominator"] > 0 and 0 < r["rate"] <= 1
    by_city = get_breakdown(w.uow(), None, "agency", "420000", *SPAN, synthetic=True, today=TODAY)
    assert sum(r["counts"]["clues"] for r in by_city["rows"]) == counts["clues"]


def test_same_seed_same_history_and_clear_removes_it(w: World) -> None:
    def rows() -> list[tuple[object, ...]]:
        with w.uow() as uow:
            q = select(FACTS).where(FACTS.c.synthetic.is_(True)).order_by(FACTS.c.case_id)
            return [tuple(r) for r in uow.session.execute(q)]

    synthesize_history(w.uow(), cases=500, years=1, seed=7)
    first = rows()
    synthesize_history(w.uow(), cases=500, years=1, seed=7)  # replaces, does not add
    assert rows() == first and len(first) == 500
    clear_synthetic(w.uow())
    assert rows() == [] and _count(w, FACTS) == 6  # the six real cases stay
    with pytest.raises(ValidationFailed) as bad:
        synthesize_history(w.uow(), cases=0, years=3)
    assert bad.value.code == "invalid_synthetic_size"
    assert D(2026, 1, 1) < TODAY

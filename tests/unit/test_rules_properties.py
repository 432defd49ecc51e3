"""Properties of the discretion engine over the whole catalog (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from zhifa.errors import ValidationFailed
from zhifa.rules.engine import suggest
from zhifa.rules.factors import load_factors
from zhifa.rules.inputs import make_input
from zhifa.rules.loader import load_catalog
from zhifa.rules.models import PARTY_TYPES, SEVERITIES
from zhifa.rules.profiles import load_profiles

CATALOG = load_catalog()
FACTORS = load_factors()
PROFILE = load_profiles()["hubei"]
TODAY = date(2026, 11, 25)
IDS = sorted(CATALOG.entries)
MITIGATING = sorted(f.id for f in FACTORS.factors.values() if f.mitigating and f.party_types is None)
AGGRAVATING = sorted(f.id for f in FACTORS.factors.values() if f.aggravating)
ALL_FACTORS = MITIGATING + AGGRAVATING
amounts = st.one_of(st.none(), st.integers(min_value=0, max_value=5_000_000).map(Decimal))


@st.composite
def cases(draw: st.DrawFn) -> dict[str, object]:
    entry = CATALOG.entries[draw(st.sampled_from(IDS))]
    version = draw(st.sampled_from(entry.versions))
    end = min(version.valid_to or TODAY, TODAY)
    act = version.valid_from + timedelta(days=draw(st.integers(0, max(0, (end - version.valid_from).days))))
    return {
        "type_id": entry.id,
        "act_date": act,
        "decision_date": min(TODAY, max(act, end)),
        "party_type": draw(st.sampled_from(PARTY_TYPES)),
        "severity": draw(st.sampled_from(SEVERITIES)),
        "amounts": {
            "goods_value": Decimal(draw(st.integers(0, 2_000_000))),
            "illegal_income": draw(amounts),
            "sales": draw(amounts),
            "ad_fee": draw(amounts),
        },
        "factors": draw(
            st.lists(
                st.sampled_from([f for f in ALL_FACTORS if FACTORS.factors[f].applies_to(entry.area)]),
                max_size=3,
                unique=True,
            )
        ),
    }


def run(case: dict[str, object], **changes: object) -> dict[str, object]:
    data = {**case, **changes}
    inp = make_input(
        str(data["type_id"]),
        data["act_date"],
        str(data["party_type"]),
        {k: v for k, v in dict(data["amounts"]).items() if v is not None},  # type: ignore[call-overload]
        list(data["factors"]),
        str(data["severity"]),
        data["decision_date"],
        bool(data.get("reduce", False)),  # type: ignore[call-overload]
    )
    try:
        return suggest(CATALOG, FACTORS, PROFILE, inp, today=TODAY).to_dict()
    except ValidationFailed as exc:
        # an amount the fine depends on is unknown: an error naming it, never a [0, 0] range
        assume(exc.code != "missing_amount")
        raise


def dec(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# area-bound factors (a 价格 ground is no ground in a food case) and amounts a type needs are assumed away,
# so some draws are discarded by design
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@SETTINGS
@given(cases())
def test_suggestion_within_statutory_range(case: dict[str, object]) -> None:
    """Without 减轻, the suggested fine lies inside [min, max] of the applicable clause."""
    out = run(case)
    fine = dec(out["suggested_fine"])
    if fine is None:
        return
    low, high = (dec(x) for x in out["statutory_range"])  # type: ignore[union-attr]
    assert high is not None and fine <= high
    assert fine >= (low or 0)
    band = [dec(x) for x in out["suggested_range"]]  # type: ignore[union-attr]
    assert band[0] is not None and band[1] is not None and band[0] <= fine <= band[1]


@SETTINGS
@given(cases(), st.sampled_from(AGGRAVATING))
def test_aggravating_factor_never_lowers(case: dict[str, object], extra: str) -> None:
    assume(extra not in case["factors"])  # type: ignore[operator]
    assume(FACTORS.factors[extra].applies_to(CATALOG.entries[str(case["type_id"])].area))
    before = dec(run(case)["suggested_fine"])
    after = dec(run(case, factors=[*case["factors"], extra])["suggested_fine"])  # type: ignore[misc]
    if before is not None and after is not None:
        assert after >= before


@SETTINGS
@given(cases(), st.sampled_from(MITIGATING))
def test_mitigating_factor_never_raises(case: dict[str, object], extra: str) -> None:
    assume(extra not in case["factors"])  # type: ignore[operator]
    assume(FACTORS.factors[extra].applies_to(CATALOG.entries[str(case["type_id"])].area))
    before = dec(run(case)["suggested_fine"])
    after = dec(run(case, factors=[*case["factors"], extra])["suggested_fine"])  # type: ignore[misc]
    if before is not None and after is not None:
        assert after <= before


@SETTINGS
@given(cases())
def test_no_fine_where_clause_allows_none(case: dict[str, object]) -> None:
    out = run(case)
    kinds = [k["name"] for k in out["kinds"]]  # type: ignore[attr-defined]
    if "罚款" not in kinds or not out["fine_allowed"]:
        assert out["suggested_fine"] is None
        assert out["statutory_range"] is None


@SETTINGS
@given(cases())
def test_reduction_only_below_minimum_and_with_reason(case: dict[str, object]) -> None:
    """减轻 needs a statutory reducing factor; the result is then below the statutory minimum."""
    try:
        out = run(case, reduce=True)
    except ValidationFailed as exc:
        assert exc.code == "reduction_not_allowed"
        return
    assert out["reduction"]["reasons"]  # type: ignore[index]
    fine, low = dec(out["suggested_fine"]), dec((out["statutory_range"] or [None])[0])  # type: ignore[index]
    if fine is not None and low:
        assert fine < low


@SETTINGS
@given(cases())
def test_missing_amount_is_an_error_never_zero(case: dict[str, object]) -> None:
    """Without any amount the engine either needs none or names the one it needs (issue 16 §1.2)."""
    bare = {**case, "amounts": {}}
    try:
        out = run(bare)
    except ValidationFailed as exc:
        assert exc.code in ("missing_amount", "reduction_not_allowed")
        return
    assert out["statutory_range"] != ["0.00", "0.00"]
    if out["statutory_range"] is not None:
        assert out["statutory_range"][1] is None or Decimal(out["statutory_range"][1]) > 0  # type: ignore[index]


@SETTINGS
@given(cases())
def test_mandatory_fine_survives_mitigation(case: dict[str, object]) -> None:
    """并处…罚款: 从轻 keeps a fine above zero (only 减轻 / 不予处罚 remove it, 行政处罚法 §32, §33)."""
    area = CATALOG.entries[str(case["type_id"])].area
    out = run(case, factors=[f for f in MITIGATING if FACTORS.factors[f].applies_to(area)][:3])
    rng = out["statutory_range"]
    positive = bool(rng) and (rng[1] is None or Decimal(rng[1]) > 0)  # type: ignore[index]
    if out["fine_required"] and positive and out["tier"] != "不予处罚":
        assert out["suggested_fine"] is not None and Decimal(str(out["suggested_fine"])) > 0

"""The sign-off forms (审核, 负责人审批, 决定): pre-filled with the penalty put to the signer, and the
consistency guard shown above them (statutory range, tier and band, position, precedents, flags)."""

from __future__ import annotations

from typing import Any

SIGNOFF_FORMS = frozenset({"review", "approve", "decide"})


def _penalty_values(prefix: str, penalty: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {f"{prefix}.kinds": list(penalty.get("kinds") or [])}
    for key in ("fine", "confiscated_income", "confiscated_property_value"):
        amount = penalty.get(key)
        if amount not in (None, "0", "0.00"):
            values[f"{prefix}.{key}"] = str(amount)
    if penalty.get("other_hearing_ground"):
        values[f"{prefix}.other_hearing_ground"] = "1"
    return values


def prefill(action: str, consistency: dict[str, Any] | None) -> dict[str, Any]:
    """Form values: the proposal for 负责人审批, the notified penalty for 决定 (the reviewer's own penalty
    stays empty: an empty one signs the proposal as made)."""
    if action not in SIGNOFF_FORMS or not consistency or not consistency.get("penalty"):
        return {}
    penalty = consistency["penalty"]
    if action == "approve":
        return _penalty_values("penalty", penalty)
    if action == "decide":
        return {"outcome": "penalty", "penalty.__use": "1", **_penalty_values("penalty", penalty)}
    return {}


def decorate(actions: list[dict[str, Any]], consistency: dict[str, Any] | None) -> None:
    """Give each sign-off form its guard and pre-filled values (in place)."""
    for a in actions:
        if a["action"] in SIGNOFF_FORMS:
            a["guard"] = consistency
            a["prefill"] = prefill(a["action"], consistency)

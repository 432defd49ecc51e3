"""The obligations map (obligations.yaml): which ledger events are pushed to which target, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from zhifa.domain.calendar import UnknownCalendarYear, WorkingCalendar
from zhifa.errors import ConfigurationError

MAP_PATH = Path(__file__).with_name("obligations.yaml")
TARGET_CODES = (
    "credit_publicity", "penalty_documents", "internet_plus", "credit_office", "audit", "drug_admin",
    "crime_transfer", "discipline",
)  # fmt: skip
CONDITIONS = frozenset(
    {"outcome", "publishable", "guard_flagged", "keywords", "transfer_target", "appeal_result"}
)


@dataclass(frozen=True)
class TargetInfo:
    """A target system: code, Chinese name, whether what it receives is published to everyone."""

    code: str
    name: str
    publicity: bool


@dataclass(frozen=True)
class Push:
    """One obligation: push this event to `target` on `basis`, within `due` when the law sets a period."""

    target: str
    obligation: str
    basis: str
    working_days: int | None = None
    calendar_days: int | None = None
    already_pushed: bool = False

    def due_on(self, on: date, calendar: WorkingCalendar | None) -> date | None:
        """The last day of the legal period counted from `on` (程序规定 第八十条 for working days); None
        when it runs into a year whose holiday table is missing (the obligation itself is still written)."""
        if self.working_days is not None and calendar is not None:
            try:
                return calendar.add_working_days(on, self.working_days)
            except UnknownCalendarYear:  # the period runs into a year whose holidays are not entered yet
                return None
        if self.calendar_days is not None:
            return date.fromordinal(on.toordinal() + self.calendar_days)
        return None


@dataclass(frozen=True)
class Rule:
    """Event type + conditions → pushes."""

    event: str
    when: dict[str, Any]
    pushes: tuple[Push, ...]


@dataclass(frozen=True)
class ObligationMap:
    """The parsed map: targets by code and rules by event type."""

    targets: dict[str, TargetInfo]
    rules: dict[str, tuple[Rule, ...]]

    @cached_property
    def event_types(self) -> frozenset[str]:
        """Event types that may create an obligation (the hook does nothing for the others)."""
        return frozenset(self.rules)

    def basis_of(self, target: str) -> list[str]:
        """The distinct legal bases of the obligations towards `target`."""
        seen: dict[str, None] = {}
        for rules in self.rules.values():
            for rule in rules:
                for push in rule.pushes:
                    if push.target == target:
                        seen.setdefault(push.basis, None)
        return list(seen)


def _bad(message: str) -> ConfigurationError:
    return ConfigurationError(f"推送义务表 obligations.yaml 有误：{message}", code="obligations_invalid")


def parse_map(raw: dict[str, Any]) -> ObligationMap:
    """Check and parse the YAML structure (unknown targets and conditions are refused)."""
    targets = {
        code: TargetInfo(code, str(t["name"]), bool(t.get("publicity", False)))
        for code, t in (raw.get("targets") or {}).items()
    }
    if set(targets) != set(TARGET_CODES):
        raise _bad(f"目标系统须恰为 {', '.join(TARGET_CODES)}")
    rules: dict[str, list[Rule]] = {}
    for item in raw.get("obligations") or []:
        when = dict(item.get("when") or {})
        if unknown := set(when) - CONDITIONS:
            raise _bad(f"未知条件 {sorted(unknown)}")
        pushes = []
        for p in item["push"]:
            if p["target"] not in targets:
                raise _bad(f"未知目标系统 {p['target']}")
            due = p.get("due") or {}
            days = (due.get("working_days"), due.get("calendar_days"))
            pushes.append(
                Push(p["target"], p["obligation"], p["basis"], *days, bool(p.get("already_pushed")))
            )
        rules.setdefault(item["event"], []).append(Rule(item["event"], when, tuple(pushes)))
    return ObligationMap(targets, {k: tuple(v) for k, v in rules.items()})


@lru_cache(maxsize=1)
def obligation_map() -> ObligationMap:
    """The obligations map shipped with the package."""
    return parse_map(yaml.safe_load(MAP_PATH.read_text(encoding="utf-8")))

"""Pushed clues in the intake inbox: accepted into the agency's workflow, or moved to the competent
market-supervision agency (程序规定 第十四条). Events, commands and what the case keeps of them; the rules
are in `flow_intake`.

不予立案 of a pushed clue is the ordinary 批准不予立案 (FilingDeclined, 程序规定 第二十条).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from zhifa.domain.commands import Command
from zhifa.domain.serde import Event

if TYPE_CHECKING:
    from zhifa.domain.state import Case


@dataclass(frozen=True, kw_only=True)
class IntakeAccepted(Event):
    """The agency took a pushed clue into its workflow (its check runs under 程序规定 第十八条)."""

    label = "受理推送线索"
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class IntakeRerouted(Event):
    """The clue moved to the competent agency (程序规定 第十四条: 移送有管辖权的市场监督管理部门)."""

    label = "线索移送有管辖权的机构"
    from_agency_code: str
    agency_path: str
    agency_code: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class AcceptIntake(Command):
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RerouteIntake(Command):
    agency_path: str
    agency_code: str
    reason: str


def _rerouted(c: Case, e: IntakeRerouted) -> None:
    c.agency_path, c.agency_code = e.agency_path, e.agency_code
    c.reroutes += 1
    c.intake_accepted = False  # the receiving agency accepts it anew


APPLY: dict[type[Event], Callable[[Case, Any], object]] = {
    IntakeAccepted: lambda c, e: setattr(c, "intake_accepted", True),
    IntakeRerouted: _rerouted,
}

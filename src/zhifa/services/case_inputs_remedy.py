"""Input models of the remedy and coercive-measure actions (复议/诉讼, 查封/扣押)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from zhifa.domain.remedies import AppealKind, AppealResult
from zhifa.services.case_inputs import Input


class AppealIn(Input):
    kind: AppealKind
    filed_on: date
    body: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=2000)


class AppealOutcomeIn(Input):
    kind: AppealKind
    concluded_on: date
    result: AppealResult
    note: str = Field(default="", max_length=2000)


class SeizureIn(Input):
    seized_on: date
    items: str = Field(max_length=4000)


class ExtendSeizureIn(Input):
    days: int = Field(ge=1, le=30)
    reason: str = Field(max_length=4000)


class LiftSeizureIn(Input):
    lifted_on: date
    reason: str = Field(max_length=4000)

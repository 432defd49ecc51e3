"""Stages of a case (程序规定 第三章至第五章), with their Chinese labels."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Where a case stands; the aggregate moves between these only through events."""

    CLUE = "clue"
    NOT_FILED = "not_filed"
    INVESTIGATION = "investigation"
    REVIEW = "review"
    APPROVAL = "approval"
    NOTICE = "notice"
    STATEMENT = "statement"
    HEARING = "hearing"
    DELIBERATION = "deliberation"
    DECIDED = "decided"
    EXECUTION = "execution"
    PENDING_CLOSE = "pending_close"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    TRANSFERRED = "transferred"
    CLOSED = "closed"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        """Chinese name of the stage."""
        return STAGE_LABELS[self]


STAGE_LABELS: dict[Stage, str] = {
    Stage.CLUE: "线索核查",
    Stage.NOT_FILED: "不予立案",
    Stage.INVESTIGATION: "调查取证",
    Stage.REVIEW: "审核",
    Stage.APPROVAL: "负责人审批",
    Stage.NOTICE: "待告知",
    Stage.STATEMENT: "陈述申辩",
    Stage.HEARING: "听证",
    Stage.DELIBERATION: "待决定",
    Stage.DECIDED: "已决定待送达",
    Stage.EXECUTION: "执行",
    Stage.PENDING_CLOSE: "待结案",
    Stage.SUSPENDED: "中止调查",
    Stage.TERMINATED: "终止调查",
    Stage.TRANSFERRED: "已移送",
    Stage.CLOSED: "结案",
    Stage.ARCHIVED: "归档",
}

# Stages after filing and before a decision: the 90-day decision clock runs here (程序规定 第六十四条).
PRE_DECISION: frozenset[Stage] = frozenset(
    {
        Stage.INVESTIGATION,
        Stage.REVIEW,
        Stage.APPROVAL,
        Stage.NOTICE,
        Stage.STATEMENT,
        Stage.HEARING,
        Stage.DELIBERATION,
    }
)

# Stages where the case no longer accepts anything but closing / archiving.
FINAL: frozenset[Stage] = frozenset({Stage.ARCHIVED})

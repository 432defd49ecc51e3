"""Roles and the acting user, as the domain sees them (pure Python)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Role(StrEnum):
    """The five roles of the system."""

    HANDLER = "handler"  # 办案人员（持执法证）
    REVIEWER = "reviewer"  # 审核人员（法制审核需法律职业资格）
    HEAD = "head"  # 负责人
    INSPECTOR = "inspector"  # 纪检监察（只读监督）
    ADMIN = "admin"  # 系统管理员

    @property
    def label(self) -> str:
        """Chinese name of the role."""
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.HANDLER: "办案人员",
    Role.REVIEWER: "审核人员",
    Role.HEAD: "负责人",
    Role.INSPECTOR: "纪检监察",
    Role.ADMIN: "系统管理员",
}


LEGAL_REVIEW_RULE_FROM = date(2021, 7, 15)  # 行政处罚法 (2021修订) 施行之日


@dataclass(frozen=True)
class Actor:
    """The authenticated user acting now, with the scope of their agency subtree."""

    user_id: int
    username: str
    display_name: str
    agency_id: int
    agency_code: str
    agency_path: str  # materialized path of the agency, e.g. /420000/420100/420102/
    roles: frozenset[Role]
    credential_no: str | None = None
    legal_qualification: bool = False
    legal_review_since: date | None = None  # first engaged in 法制审核 (行政处罚法 第五十八条第二款)

    @property
    def may_do_legal_review(self) -> bool:
        """法律职业资格, or engaged in 法制审核 before the 2021 law required it of those who start
        (行政处罚法 第五十八条第二款: 初次从事…应当…取得法律职业资格; in force 2021-07-15)."""
        since = self.legal_review_since
        return self.legal_qualification or (since is not None and since < LEGAL_REVIEW_RULE_FROM)

    def has(self, role: Role) -> bool:
        """True when the actor holds the role."""
        return role in self.roles

    def covers(self, agency_path: str) -> bool:
        """True when an agency (by its path) lies in this actor's subtree."""
        return agency_path.startswith(self.agency_path)

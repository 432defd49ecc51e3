"""归档号 (archive number) of a case file, assigned when it is archived (程序规定 第七十八条).

Format, after the 档号 of DA/T 22-2015 《归档文件整理规则》 (全宗号-门类代码·年度-保管期限-件号):

    {agency code}-ZF·{year}-{retention}-{sequence, 4 digits}     e.g. 420102-ZF·2026-D30-0007

agency code = the agency's code in the register (its 全宗号 in the archive); ZF = 行政执法案卷; year = the
year the case was closed (the archiving year for a clue not filed); retention = Y (永久), D30 (定期30年) or
D10 (定期10年); sequence = gapless per agency and year, allocated with the archiving event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zhifa.domain.grounds import _LABELS, LabelledEnum
from zhifa.domain.values import PenaltyKind
from zhifa.errors import ValidationFailed

if TYPE_CHECKING:
    from zhifa.domain.state import Case

CATEGORY = "ZF"
COUNTER = "归档"  # the counter's type code in the 文号 counters (never a 文号 itself)


class Retention(LabelledEnum):
    """保管期限 (DA/T 22-2015 第5.1条 codes)."""

    PERMANENT = "Y"
    THIRTY_YEARS = "D30"
    TEN_YEARS = "D10"


_LABELS["Retention"] = {"Y": "永久", "D30": "定期30年", "D10": "定期10年"}

_RE = re.compile(r"^(?P<agency>[0-9A-Za-z]{1,20})-ZF·(?P<year>\d{4})-(?P<ret>Y|D30|D10)-(?P<seq>\d{4,})$")


@dataclass(frozen=True)
class ArchiveNumber:
    """One 归档号."""

    agency_code: str
    year: int
    retention: Retention
    sequence: int

    def __str__(self) -> str:
        return f"{self.agency_code}-{CATEGORY}·{self.year}-{self.retention.value}-{self.sequence:04d}"

    @classmethod
    def parse(cls, text: str) -> ArchiveNumber:
        """Read a 归档号 back; a Chinese error naming the format otherwise."""
        m = _RE.match(text.strip())
        if m is None:
            raise ValidationFailed(
                f"归档号“{text}”格式不正确，应为 机构代码-ZF·年度-保管期限-顺序号"
                "（如 420102-ZF·2026-D30-0007）",
                code="bad_archive_no",
            )
        return cls(m["agency"], int(m["year"]), Retention(m["ret"]), int(m["seq"]))


HEAVY = frozenset({PenaltyKind.SUSPEND_BUSINESS, PenaltyKind.REVOKE_LICENCE})


def default_retention(case: Case) -> Retention:
    """The house default, which the archivist may change with the agency's 保管期限表: permanent for the
    cases of 程序规定 第五十条 (major, or a hearing held) and for 责令停产停业 or 吊销; ten years for a clue
    not filed and a 简易程序 case; thirty years otherwise."""
    penalty = case.decided_penalty
    if case.is_major or (penalty is not None and penalty.kinds & HEAVY):
        return Retention.PERMANENT
    if case.filed_on is None:
        return Retention.TEN_YEARS
    return Retention.THIRTY_YEARS

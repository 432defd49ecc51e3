"""Version dates and validity: effective dates, the chain of versions of one law, the current one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from zhifa.law.parse import HEADER_DATE_RE, ParsedLaw
from zhifa.law.sources import LawFile

IN_FORCE = "现行有效"
AMENDED = "已修改"
REPEALED = "已废止"
NOT_YET = "尚未生效"
DUPLICATE = "重复"
SOURCE_RANK = {"lawrefbook": 0, "other": 1, "extra": 2}


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def version_date(file: LawFile, parsed: ParsedLaw) -> date | None:
    """The date of this version: file name, else the database's publish date, else the last header date."""
    if file.name_date or file.meta.publish:
        return file.name_date or file.meta.publish
    dates = [HEADER_DATE_RE.match(line) for line in parsed.header]
    found = [
        date(int(m[1]), int(m[2]), int(m[3])) for m in dates if m and int(m[2]) <= 12 and int(m[3]) <= 31
    ]
    return max(found) if found else None


def effective_from(file: LawFile, parsed: ParsedLaw, vdate: date | None) -> date | None:
    """When this version took effect: valid_from, EFFECTIVE_FROM, `… 施行` — never before its own date."""
    candidates = (file.meta.valid_from, _iso(parsed.meta.get("EFFECTIVE_FROM")), parsed.header_effective())
    found = next((c for c in candidates if c is not None), None)
    if found is None or (vdate is not None and found < vdate):
        return vdate
    return found


@dataclass
class VersionRow:
    """The fields of a version that its siblings decide."""

    id: int
    source: str
    path: str
    version_date: date | None
    effective_from: date | None
    expired: bool
    effective_to: date | None = None
    status: str = IN_FORCE
    is_current: bool = False


def _order(v: VersionRow) -> tuple[date, int, str]:
    return (v.version_date or v.effective_from or date.min, SOURCE_RANK.get(v.source, 1), v.path)


def settle(versions: Sequence[VersionRow], today: date) -> list[VersionRow]:
    """Compute effective_to, status and the current version of one law's versions (in place, sorted)."""
    chain = sorted(versions, key=_order)
    for i, v in enumerate(chain):
        nxt = chain[i + 1] if i + 1 < len(chain) else None
        v.is_current = False
        if nxt is not None and nxt.version_date is not None and nxt.version_date == v.version_date:
            v.effective_to, v.status = v.effective_from, DUPLICATE
            continue
        v.effective_to = nxt.effective_from if nxt is not None else None
        if v.effective_from is not None and v.effective_from > today:
            v.status = NOT_YET
        elif v.effective_to is not None and v.effective_to <= today:
            v.status = AMENDED
        elif v.expired:
            v.status = REPEALED
        else:
            v.status = IN_FORCE
    live = [v for v in chain if v.status == IN_FORCE]
    started = [v for v in chain if v.status != DUPLICATE and (v.effective_from or date.min) <= today]
    pick = (live or started or [v for v in chain if v.status != DUPLICATE] or chain)[-1]
    pick.is_current = True
    return chain


def valid_on(effective: date | None, until: date | None, status: str, day: date) -> bool:
    """True when a version with these dates was the one in force on `day`."""
    if status == DUPLICATE:
        return False
    return (effective is None or effective <= day) and (until is None or day < until)

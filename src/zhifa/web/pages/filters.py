"""Jinja2 filters and globals: safe highlights, stage colours, dates, paging."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from zhifa.search.port import MARK_CLOSE, MARK_OPEN
from zhifa.timefmt import MINUTES, show_time
from zhifa.web.pages.labels import field_label, path_label
from zhifa.web.pages.timeline import event_rows, raw_json

# Stage → colour family of its tag (blue: in progress, orange: waiting for sign-off, green: done, ...).
STAGE_TONES: dict[str, str] = {
    "clue": "cyan",
    "not_filed": "gray",
    "investigation": "blue",
    "review": "orange",
    "approval": "orange",
    "notice": "purple",
    "statement": "purple",
    "hearing": "purple",
    "deliberation": "orange",
    "decided": "green",
    "execution": "green",
    "pending_close": "green",
    "suspended": "gray",
    "terminated": "gray",
    "transferred": "gray",
    "closed": "dark",
    "archived": "dark",
}


def highlight(text: Any) -> Markup:
    """Escape a search snippet, then turn only its 【…】 match marks into <mark> elements."""
    safe = str(escape("" if text is None else str(text)))
    opened = 0
    out: list[str] = []
    for ch in safe:
        if ch == MARK_OPEN and opened == 0:
            out.append("<mark>")
            opened = 1
        elif ch == MARK_CLOSE and opened == 1:
            out.append("</mark>")
            opened = 0
        else:
            out.append(ch)
    if opened:
        out.append("</mark>")
    return Markup("".join(out))


def stage_tone(stage: Any) -> str:
    """The colour family of a stage's tag."""
    return STAGE_TONES.get(str(stage or ""), "gray")


def when(value: Any, fmt: str = MINUTES) -> str:
    """A time in Beijing time (naive values are UTC from the database) or a date, for tables."""
    return show_time(value, fmt)


def short_hash(value: Any, size: int = 12) -> str:
    """The first characters of a hash (the full value goes in a title attribute)."""
    text = str(value or "")
    return text[:size] + ("…" if len(text) > size else "")


def yuan(value: Any) -> str:
    """An amount in yuan with thousands separators."""
    if value is None or value == "":
        return ""
    try:
        from decimal import Decimal

        amount = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    return f"{amount:,.2f} 元"


@dataclass(frozen=True)
class Pager:
    """Paging state for a list page."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def window(self) -> list[int]:
        """Page numbers to show around the current one."""
        low = max(1, self.page - 3)
        high = min(self.pages, low + 6)
        return list(range(max(1, high - 6), high + 1))


def install(env: Environment, asset_version: str) -> None:
    """Register the filters and globals on a Jinja2 environment."""
    env.filters["highlight"] = highlight
    env.filters["when"] = when
    env.filters["short_hash"] = short_hash
    env.filters["yuan"] = yuan
    env.globals["stage_tone"] = stage_tone
    env.globals["event_rows"] = event_rows
    env.globals["field_label"] = field_label
    env.globals["path_label"] = path_label
    env.globals["raw_json"] = raw_json
    env.globals["asset_version"] = asset_version
    env.globals["static_url"] = lambda path: f"/static/{path}?v={asset_version}"

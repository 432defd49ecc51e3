"""Times for people: stored in UTC, shown in Beijing time (Asia/Shanghai) by the pages and the CLI alike.

A naive datetime is a UTC value read back from a database column that keeps no zone (SQLite); it is
never a local time. Dates stay dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
MINUTES = "%Y-%m-%d %H:%M"
SECONDS = "%Y-%m-%d %H:%M:%S"


def beijing_today() -> date:
    """Today's date in Beijing (what every legal period and "today" counts from; the host may run in UTC)."""
    return datetime.now(BEIJING).date()


def beijing(moment: datetime) -> datetime:
    """The same instant in Beijing time (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def show_time(value: Any, fmt: str = MINUTES) -> str:
    """A time (datetime or ISO text) in Beijing time; a date as YYYY-MM-DD; other text unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = (
                datetime.fromisoformat(value) if "T" in value or ":" in value else date.fromisoformat(value)
            )
        except ValueError:
            return value
    if isinstance(value, datetime):
        return beijing(value).strftime(fmt)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_times(value: Any) -> Any:
    """`default=` for json.dumps in the CLI: datetimes as Beijing-time ISO text (+08:00), others as str."""
    if isinstance(value, datetime):
        return beijing(value).isoformat(timespec="seconds")
    return str(value)

"""Every oversight table as an .xlsx workbook (openpyxl): one sheet per table, the report's name with
scope and period in the first row, Chinese headers in the second, numbers stored as numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MONEY = "#,##0.00"
RATIO = "0.000"


@dataclass(frozen=True)
class Column:
    """A column: Chinese header, the row key, and how numbers in it are shown (None: text)."""

    header: str
    key: str
    number: str | None = None


@dataclass(frozen=True)
class Table:
    """One sheet."""

    name: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]]


def _value(raw: Any, number: str | None) -> Any:
    if raw is None:
        return None
    if number is None:
        return raw if isinstance(raw, int | float | date) else str(raw)
    if isinstance(raw, bool):
        return "是" if raw else "否"
    try:
        return float(Decimal(str(raw)))
    except (InvalidOperation, ValueError):
        return str(raw)


def workbook(title: str, tables: Sequence[Table]) -> bytes:
    """The .xlsx bytes of these tables."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.name[:31])
        ws.append([f"{title} — {table.name}"])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append([c.header for c in table.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([_value(row.get(c.key), c.number) for c in table.columns])
        for i, c in enumerate(table.columns, start=1):
            letter = get_column_letter(i)
            if c.number is not None:
                for (cell,) in ws.iter_rows(min_row=3, min_col=i, max_col=i):
                    if isinstance(cell.value, float):
                        cell.number_format = c.number
            ws.column_dimensions[letter].width = max(10, min(40, len(c.header) * 2 + 4))
        ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""The statistics as an .xlsx workbook (openpyxl): Chinese headers, scope and period in each sheet's title,
numbers as numbers (rates as fractions shown in per cent, money in yuan with two places)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.stats.breakdown import DIMENSIONS
from zhifa.stats.summary import COUNT_LABELS, MONEY_LABELS, RATE_LABELS

PERCENT = "0.0%"
YUAN = "#,##0.00"
_RATE_COLUMNS = ("full_online_rate", "publicity_rate")


def _title(ws: Worksheet, data: dict[str, Any], what: str, width: int) -> None:
    period = data["period"]
    label = f"{data['scope']['name']}　{what}　{period['from']} 至 {period['to']}"
    if data.get("synthetic"):
        label += "　【合成数据，非真实案件】"
    ws.append([label])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="left")


def _header(ws: Worksheet, names: list[str]) -> None:
    ws.append(names)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)


def _rate_cells(r: dict[str, Any]) -> list[Any]:
    return [r["rate"], r["numerator"], r["denominator"]]


def _format_row(ws: Worksheet, formats: dict[int, str]) -> None:
    for column, fmt in formats.items():
        ws.cell(row=ws.max_row, column=column).number_format = fmt


def _summary_sheet(ws: Worksheet, s: dict[str, Any]) -> None:
    ws.title = "概览"
    _title(ws, s, "执法统计概览", 4)
    _header(ws, ["指标", "比率", "分子", "分母"])
    rates = {**RATE_LABELS, "publicity_on_time_rate": "按期公示率（20个工作日内）"}
    for key, label in rates.items():
        ws.append([label, *_rate_cells(s[key])])
        _format_row(ws, {2: PERCENT})
    ws.append([])
    _header(ws, ["数量", "件数"])
    for key, label in COUNT_LABELS.items():
        ws.append([label, s["counts"][key]])
    ws.append([])
    _header(ws, ["案值", "金额（元）"])
    for key, label in MONEY_LABELS.items():
        ws.append([label, Decimal(s["case_value"][key])])
        _format_row(ws, {2: YUAN})
    ws.append([])
    _header(ws, ["阶段", "平均用时（日）", "案件数"])
    for d in s["handling_days"]:
        ws.append([d["label"], d["average_days"], d["cases"]])
    ws.column_dimensions["A"].width = 36


def _breakdown_sheet(ws: Worksheet, b: dict[str, Any]) -> None:
    ws.title = f"按{b['by_label']}"
    agency = b["by"] == "agency"
    names = [b["by_label"], *COUNT_LABELS.values(), "案值（元）", "罚款（元）", "全流程网办率", "公示率"]
    if agency:
        names += ["办案机构应用率", "办案人员操作率"]
    _title(ws, b, f"按{b['by_label']}统计", len(names))
    _header(ws, names)
    for r in b["rows"]:
        cells = [r["label"], *(r["counts"][k] for k in COUNT_LABELS)]
        cells += [Decimal(r["case_value"]), Decimal(r["fine"]), *(r[k]["rate"] for k in _RATE_COLUMNS)]
        if agency:
            cells += [r["agency_usage_rate"]["rate"], r["officer_operation_rate"]["rate"]]
        ws.append(cells)
        first_rate = len(COUNT_LABELS) + 4
        formats = {len(COUNT_LABELS) + 2: YUAN, len(COUNT_LABELS) + 3: YUAN}
        formats |= {c: PERCENT for c in range(first_rate, len(cells) + 1)}
        _format_row(ws, formats)
    ws.column_dimensions["A"].width = 30


def _trend_sheet(ws: Worksheet, s: dict[str, Any], t: dict[str, Any]) -> None:
    ws.title = "按月趋势"
    _title(ws, s, "按月趋势", 5)
    _header(ws, ["月份", "登记线索", "立案", "作出决定", "案值（元）"])
    for i, month in enumerate(t["months"]):
        ws.append([month, int(t["clues"][i]), int(t["filed"][i]), int(t["decisions"][i]), t["case_value"][i]])
        _format_row(ws, {5: YUAN})


def workbook(
    summary: dict[str, Any], breakdowns: list[dict[str, Any]], trend: dict[str, Any] | None = None
) -> bytes:
    """The .xlsx bytes: the summary sheet, the monthly trend, then one sheet per breakdown."""
    wb = Workbook()
    _summary_sheet(wb.active, summary)  # type: ignore[arg-type]
    if trend is not None:
        _trend_sheet(wb.create_sheet(), summary, trend)
    order = list(DIMENSIONS)
    for b in sorted(breakdowns, key=lambda b: order.index(b["by"])):
        _breakdown_sheet(wb.create_sheet(), b)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""The consistency and supervision reports as Excel tables (zhifa.oversight.excel)."""

from __future__ import annotations

from typing import Any

from zhifa.oversight.excel import MONEY, RATIO, Column, Table, workbook

C = Column
EVENT_COLUMNS = (
    C("类别", "kind_label"), C("案件", "case_title"), C("案件编号", "case_id"), C("日期", "on"),
    C("机构", "agency"),
    C("签署人/操作人", "actor"), C("依据或预警", "ground"), C("原内容", "before"), C("改为", "after"),
    C("原罚款（元）", "fine_before", MONEY), C("改后罚款（元）", "fine_after", MONEY), C("理由", "reason"),
)  # fmt: skip
SPREAD = (
    C("件数", "n", "0"), C("最小", "min", RATIO), C("下四分位", "q1", RATIO), C("中位", "median", RATIO),
    C("上四分位", "q3", RATIO), C("最大", "max", RATIO), C("四分位距", "iqr", RATIO),
)  # fmt: skip


def _flat(
    prefix: dict[str, Any], spread: dict[str, Any], extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {**prefix, **spread, **(extra or {})}


def consistency_tables(r: dict[str, Any]) -> list[Table]:
    """Groups, regions, officers, outliers, overrides."""
    groups: list[dict[str, Any]] = []
    regions: list[dict[str, Any]] = []
    officers: list[dict[str, Any]] = []
    for g in r["groups"]:
        head = {
            "violation_name": g["violation_name"],
            "violation_type": g["violation_type"],
            "tier": g["tier"],
        }
        groups.append(_flat(head, g["spread"], {"outliers": g["outlier_count"]}))
        for sub, out in ((g["regions"], regions), (g["officers"], officers)):
            for s in sub:
                out.append(
                    _flat(
                        head, s["spread"], {"who": s["name"], "offset": s["offset"], "flagged": s["flagged"]}
                    )
                )
    head_cols = (C("违法类型", "violation_name"), C("目录编号", "violation_type"), C("裁量档次", "tier"))
    sub_cols = (
        C("中位", "median", RATIO),
        C("件数", "n", "0"),
        C("偏移（中位−同类中位）", "offset", RATIO),
        C("标记", "flagged", "0"),
    )
    return [
        Table("同类案件离散程度", (*head_cols, *SPREAD, C("异常件数", "outliers", "0")), groups),
        Table("按地区", (*head_cols, C("地区", "who"), *sub_cols), regions),
        Table("按承办人", (*head_cols, C("承办人", "who"), *sub_cols), officers),
        Table(
            "异常案件",
            (
                C("案件", "case_title"),
                C("案件编号", "case_id"),
                C("违法类型", "violation_name"),
                C("裁量档次", "tier"),
                C("罚款（元）", "fine", MONEY),
                C("法定最低（元）", "statutory_low", MONEY),
                C("法定最高（元）", "statutory_high", MONEY),
                C("位置", "position", RATIO),
                C("同类中位", "group_median", RATIO),
                C("方向", "direction"),
                C("地区", "region"),
                C("承办人", "officer"),
                C("决定日期", "decided_on"),
            ),
            r["outliers"],
        ),
        Table("偏离建议与签批变更", EVENT_COLUMNS, r["overrides"]["items"]),
    ]


def supervision_tables(r: dict[str, Any]) -> list[Table]:
    """Overdue, stalled, closures, lowered, pairs, corrections."""
    return [
        Table(
            "超期期限",
            (
                C("案件", "title"),
                C("案件编号", "case_id"),
                C("期限", "name"),
                C("依据", "basis"),
                C("到期日", "due"),
                C("剩余天数", "days_left", "0"),
            ),
            r["overdue"]["items"],
        ),
        Table(
            "停滞案件",
            (
                C("案件", "case_title"),
                C("案件编号", "case_id"),
                C("阶段", "stage_label"),
                C("机构", "agency"),
                C("承办人", "handlers"),
                C("最后进展", "last_on"),
                C("无进展天数", "idle_days", "0"),
            ),
            r["stalled"]["items"],
        ),
        Table("不予立案、终止、不予处罚", EVENT_COLUMNS, r["closures"]["items"]),
        Table("签批降低处罚", EVENT_COLUMNS, r["lowered"]),
        Table(
            "重复的承办人与当事人",
            (
                C("承办人", "officer"),
                C("当事人", "party_name"),
                C("当事人代码", "party_code"),
                C("案件数", "cases", "0"),
                C("首次立案", "first_filed"),
                C("最近立案", "last_filed"),
            ),
            r["pairs"]["items"],
        ),
        Table("更正", EVENT_COLUMNS, r["corrections"]["items"]),
    ]


def consistency_xlsx(r: dict[str, Any]) -> bytes:
    """The consistency report as .xlsx."""
    return workbook(f"类案同罚分析 {_title(r)}", consistency_tables(r))


def supervision_xlsx(r: dict[str, Any]) -> bytes:
    """The supervision view as .xlsx."""
    return workbook(f"纪检监督 {_title(r)}", supervision_tables(r))


def _title(r: dict[str, Any]) -> str:
    f = r["filter"]
    return f"{f['scope_name'] or f['scope']} {f['from'] or '最早'} 至 {f['to'] or '今日'}"

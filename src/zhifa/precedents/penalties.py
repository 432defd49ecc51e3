"""Penalties decided in a decision: kinds (警告, 罚款, 没收违法所得 ...) with amounts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from zhifa.precedents.amounts import find_role_amounts
from zhifa.precedents.provisions import mask_quotes

PENALTY_KINDS = (
    "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "不予处罚",
)  # fmt: skip
_KIND_WORDS = [
    ("不予处罚", re.compile(r"不予(?:以)?(?:行政)?处罚|免予(?:行政)?处罚")),
    ("警告", re.compile(r"(?<![不予])警告(?!或者|、通报)")),
    ("通报批评", re.compile(r"通报批评")),
    ("没收违法所得", re.compile(r"没收[^。；，\n]{0,8}违法所得")),
    (
        "没收非法财物",
        re.compile(
            r"没收(?!违法所得|当事人的?违法所得)[^。；，\n]{0,30}(?:商品|产品|物品|工具|设备|财物|食品|化妆品|药品|包装|标签)"
        ),
    ),
    ("吊销许可证件", re.compile(r"吊销[^。；\n]{0,10}(?:许可证|执照)")),
    ("暂扣许可证件", re.compile(r"暂扣[^。；\n]{0,10}(?:许可证|执照)")),
    ("责令停产停业", re.compile(r"责令停产停业|责令停业(?:整顿)?")),
]
_MARKER = re.compile(r"如下[^：:\n]{0,8}[：:]|[决处]定[：:]")
_STATUTE = re.compile(
    r"以上[^。；\n]{0,20}以下|可以(?:并)?处|情节(?:严重|较重)的|的，(?:责令|处|予以|给予)|由[^。；\n]{0,20}(?:部门|机关)"
    r"|下列(?:情形|行为)之一|倍以下"
)
_TOTAL = re.compile(r"(?:罚没款|罚没|合计|共计|总计)[^。；\n]{0,6}$")


@dataclass(frozen=True)
class PenaltyItem:
    """One penalty decided; amount in yuan for 罚款 and 没收违法所得 when stated."""

    kind: str
    amount: Decimal | None = None


def read_penalties(section: str) -> list[PenaltyItem]:
    """Read the penalties decided from the penalties part (text after 处罚如下 when present)."""
    masked = mask_quotes(section)
    marker = _MARKER.search(masked)
    body = masked[marker.end() :] if marker else masked
    body = "。".join(s for s in re.split(r"[。\n]", body) if not _STATUTE.search(s))
    items: list[PenaltyItem] = []
    seen: list[tuple[str, Decimal, int]] = []
    for found in find_role_amounts(body):
        if found.role not in ("罚款", "没收违法所得") or found.bound is not None:
            continue
        if _TOTAL.search(body[max(0, found.start - 8) : found.start]):
            continue
        if any(
            role == found.role and value == found.value and found.start - pos < 40
            for role, value, pos in seen
        ):
            continue
        seen.append((found.role, found.value, found.start))
        items.append(PenaltyItem(found.role, found.value))
    present = {item.kind for item in items}
    for kind, pattern in _KIND_WORDS:
        if kind not in present and pattern.search(body):
            items.append(PenaltyItem(kind))
            present.add(kind)
    if (
        "罚款" not in present
        and re.search(r"罚款", body)
        and not re.search(r"不予罚款|不再罚款|免予罚款", body)
    ):
        items.append(PenaltyItem("罚款"))
    order = {kind: i for i, kind in enumerate(PENALTY_KINDS)}
    return sorted(items, key=lambda item: order.get(item.kind, 99))


_DECIDING = re.compile(r"决定|建议|给予|予以|处以|作出|并处|处罚款|如下|罚款人民币|没收违法所得")
_LIST_ITEM = re.compile(r"\s*[（(]?[0-9一二三四五六七八九十]{1,2}[)）、.．]")
_NOT_PUNISHED = re.compile(
    r"(?:决定|给予|予以|作出|依法)[^。；\n]{0,20}不予(?:以)?(?:行政)?处罚|不予行政处罚决定书"
)


def read_decided_penalties(text: str) -> list[PenaltyItem]:
    """Fallback when no penalties part was found: deciding sentences anywhere in the given text."""
    masked = mask_quotes(text)
    if _NOT_PUNISHED.search(masked):
        return [PenaltyItem("不予处罚")]
    kept = [
        s
        for s in re.split(r"[。\n]", masked)
        if (_DECIDING.search(s) or _LIST_ITEM.match(s))
        and PENALTY_WORDS.search(s)
        and not _STATUTE.search(s)
        and "告知书" not in s
    ]
    return read_penalties("。".join(kept)) if kept else []


PENALTY_WORDS = re.compile(r"罚款|没收|警告|通报批评|责令停产停业|吊销|暂扣")


def total_fine(items: list[PenaltyItem]) -> Decimal | None:
    """Sum of the fines (罚款) with amounts; None when no fine amount is stated."""
    fines = [item.amount for item in items if item.kind == "罚款" and item.amount is not None]
    return sum(fines, Decimal(0)) if fines else None

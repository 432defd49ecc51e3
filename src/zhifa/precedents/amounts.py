"""Typed amounts in decision text: 罚款, 没收违法所得, 违法所得, 货值金额, 销售额 (Decimal yuan)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from zhifa.textnum import find_amounts

ROLES = ("罚款", "没收违法所得", "违法所得", "货值金额", "销售额", "没收财物价值")
# keyword before the amount, within the same clause; order matters (longest first)
_BEFORE = [
    ("没收违法所得", re.compile(r"没收[^。；，\n\d]{0,12}违法所得(?:款)?")),
    ("违法所得", re.compile(r"违法所得(?:金额|数额|款)?")),
    ("货值金额", re.compile(r"货值(?:金额)?|货物价值|商品价值|涉案(?:商品|产品|物品)?(?:的)?(?:货值|价值)")),
    (
        "销售额",
        re.compile(r"销售(?:金额|总额|额|收入|款)|营业(?:额|收入)|经营额|交易(?:金额|额)|成交(?:金额|额)"),
    ),
    ("罚款", re.compile(r"罚款(?:金额|数额)?|处以?(?:人民币)?|并处|罚金")),
]
_AFTER_FINE = re.compile(r"^\s*(?:的)?(?:罚款|罚金)")
_GAP_OK = re.compile(r"^[^。；;\n]{0,14}$")
_GAP_WORDS = re.compile(
    r"^(?:[为是计共合总人民币：:，,（(大写小写）)\s]|共计|合计|总计|计|达|约|金额|数额)*$"
)


@dataclass(frozen=True)
class RoleAmount:
    """An amount with its role (罚款, 没收违法所得, 违法所得, 货值金额, 销售额 ...)."""

    role: str
    value: Decimal
    text: str
    start: int
    bound: str | None = None


def _role_before(text: str, start: int) -> str | None:
    window_start = max(0, start - 24)
    window = text[window_start:start]
    best: tuple[int, str] | None = None
    for role, pattern in _BEFORE:
        for m in pattern.finditer(window):
            gap = window[m.end() :]
            if not _GAP_OK.match(gap):
                continue
            if role != "罚款" and not _GAP_WORDS.match(gap):
                continue
            if role == "罚款" and m.group(0).startswith("处") and not _GAP_WORDS.match(gap):
                continue
            if best is None or m.end() > best[0] or (m.end() == best[0] and role == "没收违法所得"):
                best = (m.end(), role)
    return best[1] if best else None


def find_role_amounts(text: str) -> list[RoleAmount]:
    """Return amounts whose role can be told from the nearby words, in text order."""
    out: list[RoleAmount] = []
    for amount in find_amounts(text):
        role = _role_before(text, amount.start)
        if _AFTER_FINE.match(text[amount.end : amount.end + 6]):
            role = "罚款"
        if role:
            out.append(RoleAmount(role, amount.value, amount.text, amount.start, amount.bound))
    return out


def first_amount(text: str, role: str) -> Decimal | None:
    """Return the first exact (unbounded) amount of the given role in the text, or None."""
    for found in find_role_amounts(text):
        if found.role == role and found.bound is None:
            return found.value
    return None

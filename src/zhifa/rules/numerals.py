"""Numbers in law text (五千元, 5万元, 一倍以上五倍以下, 百分之五十, 3%) normalised to Decimal."""

from __future__ import annotations

import re
from decimal import Decimal

from zhifa.textnum import parse_chinese_int

_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ARABIC = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?\s*(%|‰)?")
_PERCENT = re.compile(r"(百分之|千分之)([零〇一二两三四五六七八九十百千]+)")
_SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_CN_DIGITS = "零一二三四五六七八九"
_DIGIT_CHARS = "零〇一二两三四五六七八九"


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in text, as Decimal (both the bare figure and its 万/亿 value)."""
    found: set[Decimal] = set()
    for m in _ARABIC.finditer(text):
        value = Decimal(m.group(1))
        found.add(value)
        if m.group(2):
            found.add(value * _SCALE[m.group(2)])
        if m.group(3) == "%":
            found.add(value / 100)
        elif m.group(3) == "‰":
            found.add(value / 1000)
    for m in _PERCENT.finditer(text):
        value = Decimal(parse_chinese_int(m.group(2)))
        found.add(value / (100 if m.group(1) == "百分之" else 1000))
    for m in _CN_RUN.finditer(text):
        run = m.group(0)
        if "十" not in run and not any(ch in _DIGIT_CHARS for ch in run):
            continue  # bare units (万, 百 of 百分之) are not numbers
        try:
            found.add(Decimal(parse_chinese_int(run)))
        except Exception:
            continue
    if "等值" in text:  # 货值金额等值以下 = one times the amount
        found.add(Decimal(1))
    return {n.normalize() for n in found}


def appears_in(value: Decimal, text: str) -> bool:
    """True when the number is written in text (五千元 and 5000元 both count for 5000)."""
    return value.normalize() in numbers_in(text)


def cn_number(n: int) -> str:
    """Chinese numeral for a positive article number below 10000 (124 → 一百二十四)."""
    if n <= 0 or n >= 10_000:
        raise ValueError(n)
    out = ""
    units = ((1000, "千"), (100, "百"), (10, "十"))
    rest = n
    zero = False
    for size, name in units:
        digit, rest = divmod(rest, size)
        if digit:
            if zero:
                out += "零"
                zero = False
            out += ("" if (size == 10 and digit == 1 and not out) else _CN_DIGITS[digit]) + name
        elif out:
            zero = True
    if rest:
        out += ("零" if zero and out else "") + _CN_DIGITS[rest]
    return out


def article_label(article: int, paragraph: int | None = None, item: int | None = None) -> str:
    """Label such as 第一百二十四条第一款第（五）项."""
    label = f"第{cn_number(article)}条"
    if paragraph:
        label += f"第{cn_number(paragraph)}款"
    if item:
        label += f"第（{cn_number(item)}）项"
    return label

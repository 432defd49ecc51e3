"""Article numbers: Chinese numerals to int and back (第一百二十四条, 第十条之一)."""

from __future__ import annotations

from zhifa.errors import ValidationFailed
from zhifa.textnum import parse_chinese_int

CN_DIGITS = "零一二三四五六七八九"
NUM_CHARS = "零〇一二两三四五六七八九十百千0123456789０１２３４５６７８９"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_num(text: str) -> int:
    """Parse an article/paragraph/item number written in Chinese (一百零五) or Arabic (105) digits."""
    raw = text.strip().translate(_FULLWIDTH)
    if raw.isdigit():
        return int(raw)
    try:
        return parse_chinese_int(raw)
    except ValidationFailed:
        raise
    except (KeyError, ValueError) as exc:  # pragma: no cover - defensive
        raise ValidationFailed(f"无法识别的数字：{text}", code="bad_number") from exc


def to_chinese(n: int) -> str:
    """Write 1..9999 as a Chinese numeral the way laws number articles (十, 十二, 一百零五, 一千二百六十)."""
    if n <= 0:
        return "零"
    if n >= 10000:
        return str(n)
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        if not (value == 10 and digit == 1 and not out):
            out += CN_DIGITS[digit]
        out += unit
    return out


def article_label(number: int, suffix: int = 0) -> str:
    """The Chinese label of an article: 第十三条, 第十条之一 (suffix 1)."""
    tail = f"之{to_chinese(suffix)}" if suffix else ""
    return f"第{to_chinese(number)}条{tail}"


def item_label(number: int) -> str:
    """The Chinese label of an item: 第（三）项."""
    return f"第（{to_chinese(number)}）项"


def paragraph_label(number: int) -> str:
    """The Chinese label of a paragraph: 第二款."""
    return f"第{to_chinese(number)}款"

"""Chinese and Arabic numerals and money amounts in text (人民币伍万元整, 3.5万元, 1,200元) as Decimal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation

from zhifa.errors import ValidationFailed

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_NUM_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_ARABIC = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = f"[{CN_NUM_CHARS}]+"

AMOUNT_RE = re.compile(
    rf"(?P<prefix>人民币|RMB|[￥¥])?\s*(?:"
    rf"(?P<arabic>{_ARABIC})\s*(?P<amag>[万亿千百])?\s*(?P<aunit>元|圆)"
    rf"|(?P<cn>{_CN}(?:点[{''.join(DIGITS)}]+[万亿]?)?)\s*(?P<cunit>元|圆)(?P<jiao>[{''.join(DIGITS)}]角)?零?(?P<fen>[{''.join(DIGITS)}]分)?"
    rf"|(?P<cn_small>[{''.join(DIGITS)}]角(?:[{''.join(DIGITS)}]分)?|[{''.join(DIGITS)}]分)"
    rf"|(?P<bare>{_ARABIC})"
    rf")(?P<zheng>整|正)?(?P<bound>以上|以下|以内|以外)?"
)
_MAGNITUDE = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000), "百": Decimal(100)}


def _fail(text: str) -> ValidationFailed:
    return ValidationFailed(f"无法识别的数字：{text}", code="bad_number", details={"text": text})


def parse_chinese_int(text: str) -> int:
    """Parse a Chinese integer numeral (一千二百零五, 壹拾伍万, 两万, 二〇二三); raise ValidationFailed."""
    if not text or any(ch not in CN_NUM_CHARS for ch in text):
        raise _fail(text)
    if not any(ch in SMALL_UNITS or ch in BIG_UNITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))  # digit by digit: 二〇二三
    total = section = number = 0
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (number or 1) * SMALL_UNITS[ch]
            number = 0
        elif BIG_UNITS[ch] == 10_000:
            total += (section + number) * 10_000
            section = number = 0
        else:
            total = (total + section + number) * 100_000_000
            section = number = 0
    return total + section + number


def parse_number(text: str) -> Decimal:
    """Parse an Arabic (1,200.50) or Chinese (三点五, 一万二千) number, optionally with 万/亿, as Decimal."""
    raw = text.strip().replace(" ", "")
    if not raw:
        raise _fail(text)
    magnitude = Decimal(1)
    while raw and raw[-1] in "万亿萬億" and not re.fullmatch(_CN, raw):
        magnitude *= _MAGNITUDE.get(raw[-1], Decimal(10_000) if raw[-1] == "萬" else Decimal(100_000_000))
        raw = raw[:-1]
    if re.fullmatch(_ARABIC, raw):
        try:
            return Decimal(re.sub("[,，]", "", raw)) * magnitude
        except InvalidOperation as exc:  # pragma: no cover - the pattern guarantees digits
            raise _fail(text) from exc
    if "点" in raw:
        whole, _, frac = raw.partition("点")
        if any(ch not in DIGITS for ch in frac) or not frac:
            raise _fail(text)
        tail = re.match(f"^([{''.join(DIGITS)}]+)([万亿]?)$", frac)
        if not tail:
            raise _fail(text)
        value = Decimal(f"{parse_chinese_int(whole) if whole else 0}.{''.join(str(DIGITS[c]) for c in frac)}")
        return value * magnitude
    return Decimal(parse_chinese_int(raw)) * magnitude


@dataclass(frozen=True)
class Amount:
    """A money amount found in text: value in yuan, the matched text, its span and a bound word."""

    value: Decimal
    text: str
    start: int
    end: int
    bound: str | None = None


def _cn_yuan(cn: str) -> Decimal:
    """Chinese numeral before 元; 三点五万 and 伍万 handled by parse_number."""
    if not any(ch in DIGITS for ch in cn) and cn[0] not in "十拾":
        raise _fail(cn)
    if "点" in cn and cn[-1] in BIG_UNITS:
        return parse_number(cn[:-1]) * Decimal(BIG_UNITS[cn[-1]])
    return parse_number(cn)


def _value(m: re.Match[str]) -> Decimal:
    if m.group("arabic") is not None:
        value = Decimal(re.sub("[,，]", "", m.group("arabic")))
        return value * _MAGNITUDE[m.group("amag")] if m.group("amag") else value
    if m.group("bare") is not None:
        return Decimal(re.sub("[,，]", "", m.group("bare")))
    small = Decimal(0)
    jiao, fen = m.group("jiao"), m.group("fen")
    if m.group("cn_small"):
        part = m.group("cn_small")
        jiao = next((p for p in re.findall(r".角", part)), None)
        fen = next((p for p in re.findall(r".分", part)), None)
    if jiao:
        small += Decimal(DIGITS[jiao[0]]) / 10
    if fen:
        small += Decimal(DIGITS[fen[0]]) / 100
    base = _cn_yuan(m.group("cn")) if m.group("cn") else Decimal(0)
    return base + small


def money(value: Decimal) -> Decimal:
    """Canonical form of an amount: integral values without decimals, others without trailing zeros."""
    context = Context(prec=max(28, value.adjusted() + 3))  # 16+ digit figures must not overflow quantize
    if value == value.to_integral_value(context=context):
        return value.quantize(Decimal(1), context=context)
    return value.normalize(context=context)


def find_amounts(text: str) -> list[Amount]:
    """Return every money amount (元) in the text, in order, with its value in yuan."""
    found: list[Amount] = []
    for m in AMOUNT_RE.finditer(text):
        if m.group("bare") is not None and not m.group("prefix"):
            continue
        try:
            value = _value(m)
        except ValidationFailed:
            continue
        found.append(Amount(money(value), m.group(0), m.start(), m.end(), m.group("bound")))
    return found


def parse_amount(text: str) -> Decimal:
    """Parse one amount (人民币伍万元整, 3.5万元, 1,200元, 壹佰贰拾叁元肆角伍分) to yuan; raise if none."""
    stripped = text.strip()
    amounts = find_amounts(stripped)
    if len(amounts) != 1 or amounts[0].text.strip() != stripped:
        raise ValidationFailed(f"无法识别的金额：{text}", code="bad_amount", details={"text": text})
    return amounts[0].value

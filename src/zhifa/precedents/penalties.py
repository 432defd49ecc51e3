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
    ("没收违法所得", re.compile(r"没收[^。；，\n]{0,12}违法所得")),
    (
        "没收非法财物",
        re.compile(
            r"没收(?!违法所得|当事人的?违法所得|[^。；，\n]{0,12}违法所得)[^。；，\n]{0,30}(?:商品|产品|物品|工具|设备|财物|食品|化妆品|药品|包装|标签)"
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


_DECIDING_TAIL = re.compile(r"(?:现|决定|本局|并)(?:责令|给予|处以|对当事人|作出)")


def _without_statute(sentence: str) -> str:
    """Drop a sentence quoting a statute's range, keeping a decision after it (…规定，现给予罚款10万元)."""
    if not _STATUTE.search(sentence):
        return sentence
    tails = list(_DECIDING_TAIL.finditer(sentence))
    tail = sentence[tails[-1].start() :] if tails else ""
    return tail if tail and not _STATUTE.search(tail) else ""


@dataclass(frozen=True)
class PenaltyItem:
    """One penalty decided; amount in yuan for 罚款 and 没收违法所得 when stated."""

    kind: str
    amount: Decimal | None = None


def read_penalties(section: str, bases: dict[str, Decimal] | None = None) -> list[PenaltyItem]:
    """Read the penalties decided from the penalties part (text after 处罚如下 when present).

    `bases` (违法所得, 货值金额, 销售额 read elsewhere in the decision) let a fine written as a multiple
    (处违法所得0.2倍的罚款) be computed.
    """
    masked = _drop_proposed(normalise_amount_notes(mask_quotes(section)))
    marker = _MARKER.search(masked)
    single = len(_MARKER.findall(masked)) <= 1
    body = masked[marker.end() :] if marker else masked
    body = "。".join(_without_statute(_before_payment(s)) for s in re.split(r"[。\n]", body))
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
    items = _fill_fine(items, body, bases or {})
    items = [i for n, i in enumerate(items) if (i.kind == "罚款" and not single) or i not in items[:n]]
    order = {kind: i for i, kind in enumerate(PENALTY_KINDS)}
    return sorted(items, key=lambda item: order.get(item.kind, 99))


_DECIDING = re.compile(r"决定|建议|给予|予以|处以|作出|并处|处罚款|如下|罚款人民币|没收违法所得")
_LIST_ITEM = re.compile(r"\s*[（(]?[0-9一二三四五六七八九十]{1,2}[)）、.．]")
_NOT_PUNISHED = re.compile(
    r"(?:决定|给予|予以|作出|依法)[^。；\n]{0,20}不予(?:以)?(?:行政)?处罚|不予行政处罚决定书"
)


def read_decided_penalties(text: str, bases: dict[str, Decimal] | None = None) -> list[PenaltyItem]:
    """Fallback when no penalties part was found: deciding sentences anywhere in the given text."""
    masked = normalise_amount_notes(mask_quotes(text))
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
    return read_penalties("。".join(kept), bases) if kept else []


PENALTY_WORDS = re.compile(r"罚款|没收|警告|通报批评|责令停产停业|吊销|暂扣")


def total_fine(items: list[PenaltyItem]) -> Decimal | None:
    """Sum of the fines (罚款) with amounts; None when no fine amount is stated."""
    fines = [item.amount for item in items if item.kind == "罚款" and item.amount is not None]
    if len(fines) >= 3 and max(fines) * 2 == sum(fines):  # 罚款100元、300元、2000元，合计罚款2400元
        return max(fines)
    return sum(fines, Decimal(0)) if fines else None


_PAYMENT = re.compile(
    r"(?:当事人|你单位|你店|你|请|限|应当?|本决定)[^。，,；]{0,10}(?:收到|接到|送达)[^。]{0,30}之日起"
)


def _before_payment(sentence: str) -> str:
    """The part of a sentence before payment instructions (…之日起十五日内将罚款2000元上缴)."""
    m = _PAYMENT.search(sentence)
    return sentence[: m.start()] if m else sentence


_PROPOSED = re.compile(r"拟[^。\n：:]{0,16}如下[^：:\n]{0,8}[：:]")


def _drop_proposed(text: str) -> str:
    """Blank the penalties proposed in the 告知 (拟对当事人处理如下：…) up to the next decision marker."""
    for m in reversed(list(_PROPOSED.finditer(text))):
        nxt = next(
            (
                d
                for d in _MARKER.finditer(text, m.end())
                if "拟" not in text[max(0, d.start() - 16) : d.start()]
            ),
            None,
        )
        if nxt is None:  # no decision follows: the "proposed" wording is the decision itself
            continue
        end = nxt.start()
        stop = text.find("告知", m.end(), end)
        end = stop if stop >= 0 else end
        text = text[: m.start()] + "\u3000" * (end - m.start()) + text[end:]
    return text


_CN_MONEY = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億元圆角分整"
_NOTE_AFTER = re.compile(
    rf"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*[（(]\s*(?:大写[：:]?)?[{_CN_MONEY}]+\s*[)）]\s*元"
)
_NOTE_BEFORE = re.compile(rf"[{_CN_MONEY}]+[（(]\s*(\d[\d,]*(?:\.\d+)?)\s*(?:元)?\s*[)）]\s*元?整?")
_BARE_FINE = re.compile(r"(?:罚款|处罚款)(?:人民币)?\s*(\d[\d,]*(?:\.\d+)?)\s*(?=[。；;，,\s]|$)")
_MULTIPLE = re.compile(
    r"(违法所得|货值金额|货值|销售额|销售金额)(?:金额)?\s*(?:[（(]\s*(\d[\d,]*(?:\.\d+)?)\s*元\s*[)）])?"
    r"\s*的?\s*(\d+(?:\.\d+)?|[一二两三四五六七八九十]|半)\s*倍(?:的)?(?:罚款)?"
)
_TOTAL_FINE = re.compile(r"(?:共计|合计|计)(?:罚款)?(?:人民币)?\s*(\d[\d,]*(?:\.\d+)?)\s*元")
_CN_TIMES = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_BASE_ROLE = {
    "违法所得": "违法所得",
    "货值金额": "货值金额",
    "货值": "货值金额",
    "销售额": "销售额",
    "销售金额": "销售额",
}


_BROKEN_AFTER_WORD = re.compile(r"(罚款|违法所得|人民币)[ \t]*\n\s*(?=[0-9零壹贰叁肆伍陆柒捌玖])")
_BROKEN_BEFORE_UNIT = re.compile(r"(?<=[0-9])[ \t]*\n\s*(?=[万元])")


def normalise_amount_notes(text: str) -> str:
    """'500（伍佰）元' and '壹仟（1000）元整' become '500元' and '1000元' (same meaning, one amount);
    an amount broken over lines by the PDF layout (罚款⏎20000⏎元) is joined."""
    text = _BROKEN_BEFORE_UNIT.sub("", _BROKEN_AFTER_WORD.sub(r"\1", text))
    text = _NOTE_AFTER.sub(lambda m: m.group(1) + "元", text)
    return _NOTE_BEFORE.sub(lambda m: m.group(1) + "元", text)


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def fine_from_formula(body: str, bases: dict[str, Decimal]) -> Decimal | None:
    """A fine written as a multiple (处违法所得0.2倍的罚款): the stated total, else base × factor."""
    for m in _MULTIPLE.finditer(body):
        after = body[m.end() : m.end() + 40]
        if "罚款" not in m.group(0) and "罚款" not in after[:6]:
            continue
        total = _TOTAL_FINE.search(after)
        if total and not re.search(r"[。；]", after[: total.start()]):
            return _dec(total.group(1))
        factor_text = m.group(3)
        factor = (
            Decimal("0.5")
            if factor_text == "半"
            else Decimal(_CN_TIMES[factor_text])
            if factor_text in _CN_TIMES
            else Decimal(factor_text)
        )
        base = _dec(m.group(2)) if m.group(2) else bases.get(_BASE_ROLE[m.group(1)])
        if base is not None:
            return (base * factor).quantize(Decimal("0.01"))
    return None


def _fill_fine(items: list[PenaltyItem], body: str, bases: dict[str, Decimal]) -> list[PenaltyItem]:
    """Give a fine without amount the amount written without 元, as a formula, or as the stated total."""
    if not any(i.kind == "罚款" and i.amount is None for i in items) or any(
        i.kind == "罚款" and i.amount is not None for i in items
    ):
        return items
    confiscated = next((i.amount for i in items if i.kind == "没收违法所得" and i.amount is not None), None)
    known = dict(bases)
    if confiscated is not None:  # 没收违法所得X元；处违法所得0.2倍的罚款: the confiscated income is the base
        known["违法所得"] = confiscated
    bare = _BARE_FINE.search(body)
    amount = _dec(bare.group(1)) if bare else fine_from_formula(body, known)
    if amount is None:
        return items
    return [PenaltyItem("罚款", amount) if i.kind == "罚款" and i.amount is None else i for i in items]

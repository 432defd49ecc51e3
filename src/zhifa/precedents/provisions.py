"""Cited provisions in a decision: 《title》第N条第N款第（N）项 with their role (violated / basis).

A minimal local extractor: switch to the law library's parser (zhifa.law.cite) once it exists, keeping
`find_citations`' output shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from zhifa.textnum import parse_chinese_int

_NUM = r"[零〇一二两三四五六七八九十百千\d]+"
_TITLE = re.compile(
    r"《([^《》\n]{2,60})》|(?:(?<=违反)|(?<=违反了)|(?<=依据)|(?<=根据)|(?<=依照)|(?<=按照))"
    r"(?!该|本|同|上述|了)((?:中华人民共和国)?[\u4e00-\u9fff]{1,16}?(?:法|条例))(?=第" + _NUM + r"条)"
)
_SAME_LAW = re.compile(r"(?:该|本|同|上述)(?:法|条例|规定|办法)(?=第" + _NUM + r"条)")
_ARTICLE = re.compile(rf"第({_NUM})条(?:之({_NUM}))?")
_PARAGRAPH = re.compile(rf"第({_NUM})款")
_QUOTED_ARTICLE = re.compile(rf"[\s:：]{{0,3}}[“\"]\s*第({_NUM})条")
_ITEM = re.compile(rf"第?[（(]\s*({_NUM})\s*[）)]\s*项?|第({_NUM})项")
_CONNECTOR = re.compile(r"(?:[\s、，,：:/和及与或]|以及|或者|及其|中|的规定|规定|之规定)*")
_TRIGGERS = re.compile(r"违反(?!法律、法规)|依据|根据|依照|按照|适用|参照|符合|属于|构成|对照")
_ROLE = {
    "违反": "violated",
    "依据": "basis",
    "根据": "basis",
    "依照": "basis",
    "按照": "basis",
    "适用": "basis",
}
_BACK_REF = re.compile(r"违反了?(?:该|上述|前述|以上|此|这一?)(?:项|条|款|条款)?(?:的)?规定")
_QUOTE = re.compile(r"“[^“”]{0,1500}”|\"[^\"]{0,600}\"|「[^「」]{0,600}」")
_BROKEN_TITLE = re.compile(r"《[^《》\n]{1,40}\n[^《》\n]{1,40}》")
_PAREN_IN_TITLE = re.compile(r"[（(][^（）()]*[）)]")
PROCEDURAL = re.compile(
    r"行政处罚法|行政强制法|行政复议法|行政诉讼法|程序规定|裁量|基准|指导意见|轻微违法|不予处罚|免罚|免予|首违|清单"
    r"|减轻处罚|从轻|信息公示|听证办法"
)


@dataclass(frozen=True)
class Citation:
    """One cited provision: law title (as written and normalised), article, paragraph, item; role."""

    law: str
    law_key: str
    article: int
    paragraph: int | None
    item: int | None
    role: str
    start: int

    @property
    def procedural(self) -> bool:
        """True for procedure and discretion texts (行政处罚法, 裁量基准 ...), not substantive provisions."""
        return bool(PROCEDURAL.search(self.law_key))

    def label(self, *, level: str = "article") -> str:
        """Readable reference: 《价格法》第十三条 (level 'article') or with 款/项 (level 'full')."""
        out = f"《{self.law_key}》第{self.article}条"
        if level == "full":
            if self.paragraph:
                out += f"第{self.paragraph}款"
            if self.item:
                out += f"第{self.item}项"
        return out


def normalise_law_title(title: str) -> str:
    """Normalise a law title for counting: drop 中华人民共和国, parentheses, spaces and quotes."""
    key = _PAREN_IN_TITLE.sub("", title)
    key = re.sub(r"[\s\u3000《》“”\"]", "", key)
    key = key.removeprefix("中华人民共和国")
    return canonical_law(key)


_VARIANTS = {
    "明码标价与禁止价格欺诈规定": "明码标价和禁止价格欺诈规定",
    "明码标价和禁止价格欺规定": "明码标价和禁止价格欺诈规定",
    "价格法法": "价格法",
    "产品价格法": "价格法",  # no such law: a slip for 价格法 (cited with 价格法 §12/§13 text)
    "食品价格法": "价格法",
    "价格违法行为行政处罚决定": "价格违法行为行政处罚规定",
    "优化营商条例": "优化营商环境条例",
}


def canonical_law(key: str) -> str:
    """One spelling per law for counting and matching (与/和 variants, typos, abbreviations)."""
    from zhifa.law.names import ABBREVIATIONS

    key = _VARIANTS.get(key, key)
    full = ABBREVIATIONS.get(key)
    return full if full and len(full) > len(key) and key.endswith(("规定", "办法")) else key


def mask_quotes(text: str) -> str:
    """Blank out quoted article text (same length) so quotes do not yield citations or triggers; a line
    break inside a law title (《中华人民共和⏎国价格法》, PDF layout) becomes a full-width space."""
    text = _BROKEN_TITLE.sub(lambda m: m.group(0).replace("\n", "\u3000"), text)
    return _QUOTE.sub(lambda m: "\u3000" * len(m.group(0)), text)


def _num(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese_int(text)


def _role(text: str, start: int) -> str:
    floor = max(text.rfind("。", 0, start), text.rfind("；", 0, start), text.rfind("\n", 0, start), 0)
    triggers = list(_TRIGGERS.finditer(text, floor, start))
    if not triggers:
        return "other"
    word = triggers[-1].group(0)
    return _ROLE.get(word, "violated_weak" if word in ("构成", "属于", "对照") else "reference")


def _chain(
    text: str, pos: int, law: str, role: str, start: int, original: str = ""
) -> tuple[list[Citation], int]:
    """Parse 第N条第N款第（N）项 chains after a title; return citations and the end position."""
    found: list[Citation] = []
    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    pending = False
    key = normalise_law_title(law)
    if original:
        m_quoted = _QUOTED_ARTICLE.match(original, pos)  # 《价格法》“第十三条 经营者……”
        if m_quoted:
            art = _num(m_quoted.group(1))
            return [Citation(law, key, art, None, None, role, start)], m_quoted.end()
    while True:
        gap = _CONNECTOR.match(text, pos)
        nxt = gap.end() if gap else pos
        m_art = _ARTICLE.match(text, nxt)
        m_par = _PARAGRAPH.match(text, nxt)
        m_item = _ITEM.match(text, nxt)
        if m_art:
            if pending and article is not None:
                found.append(Citation(law, key, article, paragraph, item, role, start))
            article, paragraph, item, pending, pos = _num(m_art.group(1)), None, None, True, m_art.end()
        elif m_par and article is not None:
            if pending and paragraph is not None:
                found.append(Citation(law, key, article, paragraph, item, role, start))
            paragraph, item, pending, pos = _num(m_par.group(1)), None, True, m_par.end()
        elif m_item and article is not None:
            if pending and item is not None:
                found.append(Citation(law, key, article, paragraph, item, role, start))
            item, pending, pos = _num(m_item.group(1) or m_item.group(2)), True, m_item.end()
        else:
            break
    if pending and article is not None:
        found.append(Citation(law, key, article, paragraph, item, role, start))
    return found, pos


def find_citations(text: str, *, start: int = 0, end: int | None = None) -> list[Citation]:
    """Return the provisions cited in text[start:end] (quoted article text ignored), in order."""
    masked = mask_quotes(text)
    stop = len(text) if end is None else end
    out: list[Citation] = []
    last_law: str | None = None
    pos = start
    while pos < stop:
        m_title = _TITLE.search(masked, pos, stop)
        m_same = _SAME_LAW.search(masked, pos, stop) if last_law else None
        if m_same and (not m_title or m_same.start() < m_title.start()) and last_law:
            law, match_start, chain_pos = last_law, m_same.start(), m_same.end()
        elif m_title:
            law = m_title.group(1) or m_title.group(2)
            match_start, chain_pos = m_title.start(), m_title.end()
            law_par = re.match(r"[（(][^（）()\n]{0,30}[）)]", masked[chain_pos:])
            if law_par:
                chain_pos += law_par.end()
        else:
            break
        cites, chain_end = _chain(
            masked[:stop], chain_pos, law, _role(masked, match_start), match_start, text
        )
        if cites:
            last_law = law
            out.extend(cites)
        pos = max(chain_end, match_start + 1)
    return _apply_back_refs(masked, out, start, stop)


def _apply_back_refs(masked: str, cites: list[Citation], start: int, stop: int) -> list[Citation]:
    """'违反了该规定' makes the provision quoted just before it a violated one."""
    out = list(cites)
    for m in _BACK_REF.finditer(masked, start, stop):
        before = [i for i, c in enumerate(out) if c.start < m.start() and m.start() - c.start < 600]
        if not before:
            continue
        anchor = out[before[-1]].start
        for i in before:
            if out[i].start == anchor and out[i].role not in ("basis", "violated"):
                out[i] = replace(out[i], role="violated")
    return out


def pair_citations(cites: list[Citation]) -> set[tuple[str, str]]:
    """Article-level (violated, penalty) pairs: each substantive basis goes with the violations before it."""
    pairs: set[tuple[str, str]] = set()
    group: list[Citation] = []
    after_basis = False
    for c in sorted(cites, key=lambda c: c.start):
        if c.procedural:
            continue
        if c.role == "violated":
            if after_basis:
                group, after_basis = [], False
            group.append(c)
        elif c.role == "basis" and group:
            pairs.update((v.label(), c.label()) for v in group)
            after_basis = True
    return pairs

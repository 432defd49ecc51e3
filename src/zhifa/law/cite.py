"""Find citations of articles in free Chinese text and resolve them against the law library.

Handles 《中华人民共和国价格法》第十三条第一款, 《价格违法行为行政处罚规定》第十三条第（三）项,
bare chains that take the law from context (第十三条第一款第（二）项), 本法/该法, lists (第十二条、
第十三条; 第（一）、（二）项), ranges (第十二条至第十四条), 之一, Chinese or Arabic numerals, and titles
written without 《》 (价格法第十三条).
Pure Python; resolution is in memory (`LawLibrary`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from zhifa.errors import NotFound
from zhifa.law.names import normalize
from zhifa.law.numbers import NUM_CHARS, parse_num

if TYPE_CHECKING:
    from zhifa.law.library import LawLibrary, Provision

_N = f"[{NUM_CHARS}]+"
_ANCHOR = re.compile(
    rf"《(?P<title>[^《》\n]{{2,60}})》(?P<note>\s*[（(][^（）()\n]{{0,40}}[）)])?"
    rf"|(?P<self>本法|本条例|本规定|本办法|本细则|本决定|本解释)(?=\s*第{_N}条)"
    rf"|(?P<same>该法|该条例|该规定|该办法|同法|上述法律|前述法律)(?=\s*第{_N}条)"
    rf"|(?P<chain>第{_N}条)"
)
_ARTICLE = re.compile(rf"第\s*({_N})\s*条(?:之([一二三四五六七八九十]+))?")
_PARAGRAPH = re.compile(rf"第\s*({_N})\s*款")
_ITEM = re.compile(rf"第?\s*[（(]\s*({_N})\s*[）)]\s*(项)?|第\s*({_N})\s*项")
_SEP = re.compile(r"[\s\u3000]*(?:、|，|,|和|及|与|或|以及|或者)?[\s\u3000]*")
_RANGE = re.compile(r"[\s\u3000]*(?:至|到|—|-|~)[\s\u3000]*")
_BARE_TITLE_END = ("法", "条例", "规定", "办法", "细则", "规则", "决定", "解释")
_REGULATION_END = (*_BARE_TITLE_END, "意见", "基准", "标准", "通知", "清单", "规范")
MAX_RANGE = 30


@dataclass(frozen=True)
class CitationRef:
    """One cited provision as written: span, law (as written, or None), article, suffix, 款, 项."""

    start: int
    end: int
    raw: str
    law: str | None
    article: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None


@dataclass(frozen=True)
class Resolution:
    """A citation with its resolution: the provision, or the NotFound code, message and candidates."""

    ref: CitationRef
    provision: Provision | None
    code: str = "ok"
    message: str = ""
    candidates: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the citation resolved to an existing provision."""
        return self.provision is not None


def _bare_title(text: str, pos: int, library: LawLibrary | None) -> str | None:
    """A known law title written without 《》 right before pos (价格法第十三条)."""
    if library is None:
        return None
    lo = max(0, pos - 30)
    for begin in range(lo, pos - 1):
        cand = text[begin:pos]
        if cand.endswith(_BARE_TITLE_END) and normalize(cand) in library.aliases:
            return cand
    return None


def _recent(seen: list[str], word: str) -> str | None:
    """The latest law named whose kind matches 本条例/该规定/同法 (条例, 规定, 法 ...)."""
    kind = word[1:] if word[0] in "本该同" else "法"
    kind = "法" if kind in ("法律", "") else kind
    for title in reversed(seen):
        core = re.sub(r"[（(][^（）()]*[）)]$", "", title.strip())
        if core.endswith(kind):
            return title
    return None


def find_citations(
    text: str, *, context_law: str | None = None, library: LawLibrary | None = None
) -> list[CitationRef]:
    """Every article reference in text, in order; bare chains take the last law named (or context_law)."""
    out: list[CitationRef] = []
    last_law = context_law
    seen: list[str] = [context_law] if context_law else []
    pos = 0
    while True:
        m = _ANCHOR.search(text, pos)
        if m is None:
            break
        if m.group("title"):
            title = m.group("title")
            if (
                _ARTICLE.match(text, m.end())
                or title.endswith(_REGULATION_END)
                or (library and library.find_laws(title))
            ):
                last_law = title
                seen.append(title)
            law, chain_at, start = title, m.end(), m.start()
        elif m.group("self") or m.group("same"):
            word = m.group("self") or m.group("same")
            own = context_law if m.group("self") else None
            law = own or _recent(seen, word) or last_law
            chain_at, start = m.end(), m.start()
        else:
            bare = _bare_title(text, m.start(), library)
            if bare:
                last_law = bare
                seen.append(bare)
            law, chain_at, start = bare or last_law, m.start(), m.start() - len(bare or "")
        refs, end = _chain(text, chain_at, law, start)
        out.extend(refs)
        pos = max(end, m.end())
    return out


def _chain(text: str, pos: int, law: str | None, start: int) -> tuple[list[CitationRef], int]:
    """Parse 第N条[之一][第N款][第（N）项] and lists/ranges of them starting at pos."""
    refs: list[tuple[int, int, int | None, int | None]] = []
    art: tuple[int, int] | None = None
    para: int | None = None
    items: list[int] = []
    paras: list[int] = []
    end = pos

    def flush() -> None:
        if art is None:
            return
        if items:
            refs.extend((art[0], art[1], para, i) for i in items)
        elif paras:
            refs.extend((art[0], art[1], p, None) for p in paras)
        else:
            refs.append((art[0], art[1], None, None))

    cur = re.match(r"[\s\u3000]*", text[pos:]).end() + pos  # type: ignore[union-attr]
    while True:
        m_art = _ARTICLE.match(text, cur)
        if m_art:
            number = parse_num(m_art.group(1))
            suffix = parse_num(m_art.group(2)) if m_art.group(2) else 0
            rng = _RANGE.match(text, m_art.end())
            m_to = _ARTICLE.match(text, rng.end()) if rng else None
            flush()
            para, items, paras = None, [], []
            if m_to:
                last = parse_num(m_to.group(1))
                if number < last <= number + MAX_RANGE:
                    refs.extend((n, 0, None, None) for n in range(number, last))
                    number, m_art = last, m_to
            art = (number, suffix)
            end = m_art.end()
        elif art is not None and (m_par := _PARAGRAPH.match(text, cur)):
            if items:
                flush()
                items, paras = [], []
            para = parse_num(m_par.group(1))
            paras.append(para)
            end = m_par.end()
        elif art is not None and (m_item := _ITEM.match(text, cur)):
            if len(paras) > 1:
                paras = paras[-1:]
            items.append(parse_num(m_item.group(1) or m_item.group(3)))
            end = m_item.end()
        else:
            break
        sep = _SEP.match(text, end)
        cur = sep.end() if sep else end
    flush()
    if not refs:
        return [], pos
    raw = text[start:end]
    return [CitationRef(start, end, raw, law, a, s, p, i) for a, s, p, i in refs], end


def resolve(ref: CitationRef, library: LawLibrary, as_of: date | None = None) -> Resolution:
    """Resolve one citation; an unknown law or article gives a Resolution with candidates, not an error."""
    if ref.law is None:
        return Resolution(ref, None, "law_unknown", "引用未写明法律名称，且上下文中没有可用的法律")
    try:
        prov = library.resolve(ref.law, ref.article, ref.paragraph, ref.item, suffix=ref.suffix, as_of=as_of)
    except NotFound as exc:
        cands = tuple(str(c) for c in (exc.details or {}).get("candidates", []))
        return Resolution(ref, None, exc.code, exc.message, cands)
    return Resolution(ref, prov)


def cite(
    text: str, library: LawLibrary, *, context_law: str | None = None, as_of: date | None = None
) -> list[Resolution]:
    """Find and resolve every citation in text."""
    return [
        resolve(r, library, as_of) for r in find_citations(text, context_law=context_law, library=library)
    ]

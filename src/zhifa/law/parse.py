"""Parse one law text in Markdown (lawrefbook and extra/ shapes) into chapters, articles, 款 and 项."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from zhifa.law.numbers import NUM_CHARS, article_label, parse_num

ARTICLE_RE = re.compile(
    rf"^第([{NUM_CHARS}]{{1,8}})条(?:之([一二三四五六七八九十]{{1,3}}))?(?:[ \u3000\t]+|$)"
)
ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]{1,4})[）)]\s*")
HEADING_RE = re.compile(r"^(#{2,6})\s*(.+?)\s*$")
COMMENT_RE = re.compile(r"<!--\s*([A-Z_]+)\s*:\s*(.*?)\s*-->")
HEADER_END = ("<!-- INFO END -->", "<!-- LEGAL_HEADER_END -->")
HEADER_DATE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(.*)$")
EFFECTIVE_TEXT_RE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行")


@dataclass
class Problem:
    """A defect found in a file: 1-based line number and a Chinese message; errors stop the import."""

    line: int
    message: str
    fatal: bool = False


@dataclass
class Item:
    """One 项: number (（三） → 3) and text (without its label)."""

    number: int
    text: str


@dataclass
class Paragraph:
    """One 款: number (1-based), its own text, and its items."""

    number: int
    text: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Article:
    """One 条: sequence in the file, number, 之N suffix, label, chapter index and 款."""

    seq: int
    number: int
    suffix: int
    label: str
    chapter: int | None
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The whole article text (label, paragraphs and items, one per line)."""
        lines: list[str] = []
        for p in self.paragraphs:
            lines.append(p.text)
            lines.extend(f"（{_cn(i.number)}）{i.text}" for i in p.items)
        if lines and self.number:
            lines[0] = f"{self.label}　{lines[0]}".rstrip("　")
        return "\n".join(lines)


@dataclass
class Chapter:
    """A heading (编/章/节): index in the file, depth (2 = ##), text."""

    seq: int
    depth: int
    title: str


@dataclass
class ParsedLaw:
    """A parsed file: title, subtitle, header lines, metadata comments, structure, problems."""

    title: str
    subtitle: str | None
    header: list[str]
    meta: dict[str, str]
    chapters: list[Chapter]
    articles: list[Article]
    problems: list[Problem]

    @property
    def article_count(self) -> int:
        """Number of numbered articles (the preamble, number 0, is not counted)."""
        return sum(1 for a in self.articles if a.number > 0)

    def header_effective(self) -> date | None:
        """Effective date written in the header (`2021年1月1日 施行`) or the text (`自…起施行`)."""
        for line in self.header:
            m = HEADER_DATE_RE.match(line)
            if m and m.group(4).strip().startswith("施行"):
                return _date(m)
        for art in reversed(self.articles[-3:]):
            m = EFFECTIVE_TEXT_RE.search(art.text)
            if m:
                return _date(m)
        return None


def _cn(n: int) -> str:
    from zhifa.law.numbers import to_chinese

    return to_chinese(n)


def _date(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_law(text: str) -> ParsedLaw:
    """Parse the Markdown text of one law version; defects go to `problems` with their line."""
    lines = text.lstrip("\ufeff").splitlines()
    problems: list[Problem] = []
    meta: dict[str, str] = {}
    titles: list[str] = []
    header: list[str] = []
    idx = 0
    has_marker = any(line.strip() in HEADER_END for line in lines)
    while idx < len(lines):
        raw = lines[idx].strip()
        if raw.startswith("# ") and len(titles) < 2 and not header:
            titles.append(raw[2:].strip())
        elif raw in HEADER_END:
            idx += 1
            break
        elif raw.startswith("---") or raw.startswith("bookHidden") or raw.startswith("bookCollapse"):
            pass
        elif raw.startswith("<!--"):
            meta.update({k: v for k, v in COMMENT_RE.findall(raw)})
        elif raw and titles:
            if not has_marker and (ARTICLE_RE.match(raw) or HEADING_RE.match(raw)):
                break
            header.append(raw.rstrip("\u3000 "))
        idx += 1
    if not titles:
        problems.append(Problem(1, "缺少标题行（# 法律名称）", fatal=True))
        return ParsedLaw("", None, header, meta, [], [], problems)
    chapters, articles = _body(lines, idx, meta, problems)
    subtitle = titles[1] if len(titles) > 1 else None
    return ParsedLaw(titles[0], subtitle, header, meta, chapters, articles, problems)


def _body(
    lines: list[str], start: int, meta: dict[str, str], problems: list[Problem]
) -> tuple[list[Chapter], list[Article]]:
    chapters: list[Chapter] = []
    articles: list[Article] = []
    current: Article | None = None
    last_key = (0, 0)
    for n in range(start, len(lines)):
        raw = lines[n].strip()
        if not raw:
            continue
        if raw.startswith("<!--"):
            meta.update({k: v for k, v in COMMENT_RE.findall(raw)})
            continue
        heading = HEADING_RE.match(raw)
        if heading:
            chapters.append(
                Chapter(len(chapters), len(heading.group(1)), re.sub(r"\s+", " ", heading.group(2)))
            )
            continue
        m = ARTICLE_RE.match(raw)
        if m:
            number = parse_num(m.group(1))
            suffix = parse_num(m.group(2)) if m.group(2) else 0
            key = (number, suffix)
            if key <= last_key:
                problems.append(
                    Problem(
                        n + 1, f"条文编号不连续：{article_label(*key)} 出现在 {article_label(*last_key)} 之后"
                    )
                )
            elif suffix == 0 and number != last_key[0] + 1 and articles:
                problems.append(
                    Problem(n + 1, f"条文编号跳号：{article_label(*last_key)} 之后是 {article_label(*key)}")
                )
            last_key = max(key, last_key)
            chapter = chapters[-1].seq if chapters else None
            current = Article(len(articles), number, suffix, article_label(number, suffix), chapter, n + 1)
            articles.append(current)
            rest = raw[m.end() :].strip()
            if rest:
                current.paragraphs.append(Paragraph(1, rest))
            continue
        if current is None:  # preamble before the first article, or a text without articles
            current = Article(0, 0, 0, "正文", chapters[-1].seq if chapters else None, n + 1)
            articles.append(current)
        _add_block(current, raw, n + 1, problems)
    return chapters, articles


def _add_block(article: Article, raw: str, line: int, problems: list[Problem]) -> None:
    item = ITEM_RE.match(raw)
    paragraphs = article.paragraphs
    if item and paragraphs:
        number = parse_num(item.group(1))
        _fold_item_continuation(paragraphs, number)
        para = paragraphs[-1]
        expected = len(para.items) + 1
        if number != expected and article.number:
            problems.append(
                Problem(line, f"{article.label}的项号不连续：应为（{_cn(expected)}），实为（{_cn(number)}）")
            )
        para.items.append(Item(number, raw[item.end() :].strip()))
    elif raw.startswith("|") and paragraphs:  # a table row belongs to the paragraph above it
        target = paragraphs[-1].items[-1] if paragraphs[-1].items else paragraphs[-1]
        target.text += "\n" + raw
    elif paragraphs and paragraphs[-1].items and re.match(r"^\d{1,2}[.．、]", raw):  # 目 under an item
        paragraphs[-1].items[-1].text += "\n" + raw
    else:
        paragraphs.append(Paragraph(len(paragraphs) + 1, raw))


def _fold_item_continuation(paragraphs: list[Paragraph], number: int) -> None:
    """Blocks between （四） and （五） continue item （四）: fold them back into it (海关法 §6)."""
    if number <= 1 or paragraphs[-1].items:
        return
    for back in range(len(paragraphs) - 2, max(len(paragraphs) - 6, -1), -1):
        para = paragraphs[back]
        if para.items:
            if len(para.items) == number - 1:
                extra = paragraphs[back + 1 :]
                para.items[-1].text += "".join("\n" + p.text for p in extra)
                del paragraphs[back + 1 :]
            return

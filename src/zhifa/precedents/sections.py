"""Split a decision's normalised text into its parts: header, party, facts, evidence, analysis, penalties."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhifa.precedents.provisions import mask_quotes

SECTION_NAMES = (
    "header",
    "party",
    "source",
    "facts",
    "evidence",
    "hearing",
    "analysis",
    "penalties",
    "ending",
)

_PARTY_START = re.compile(r"^\s*(?:\(脱敏版\)|（脱敏版）)?\s*当事人(?:名称|姓名)?[^\n:：]{0,12}[:：]", re.M)
_PARTY_LINE = re.compile(
    r"^(?:当事人|主体资格|统一社会信用代码|社会信用代码|注册号|住所|住址|地址|经营场所|经营地址|法定代表人|负责人|经营者"
    r"|身份证|证件|公民身份|联系电话|联系方式|联系地址|其他联系方式|营业执照|名称|姓名|性别|出生|民族|委托代理人|职务"
    r"|[0-9*＊]+[\s0-9*＊]*$|[^\n，。]{0,8}[*＊]{2,}[^\n，。]{0,30}$|/$)"
)
_TEMPLATE_HEADING = re.compile(
    r"[(（](?:案件来源|违反法律|当事人陈述|案件性质|行政处罚的|救济途径)[^)）]*[)）]\s*"
)
FACTS_RE = re.compile(r"经查明?|经调查|调查查明|现查明|另查明|查明[，,：:]|(?<![未已])查实[，,：:]")
EVIDENCE_RE = re.compile(
    r"(?:上述|以上|前述|该)(?:违法)?(?:事实|案件事实|违法行为)[^。\n]{0,40}?(?:证据|佐证|为证|证实|证明|印证)"
    r"|(?:主要)?证据(?:材料)?(?:如下|有)[：:]|有以下证据|以下证据(?:予以)?证明|主要证据[：:有]"
)
HEARING_RE = re.compile(r"行政处罚告知书|告知[^。\n]{0,30}(?:陈述|申辩|听证)|陈述、?申辩|听证")
ANALYSIS_RE = re.compile(
    r"本局认为|我局认为|本机关认为|本局依法认为|经审查认为|经研究认为|合议认为|综上所述|综上"
    r"|当事人(?:的|实施的)?(?:上述|以上|该|前述)[^。\n]{0,60}?违反"
    r"|违反了?[^。\n]{0,10}《|的行为[^。\n]{0,6}违反"
)
PENALTY_RE = re.compile(
    r"(?:处罚|处理|行政处罚|处罚决定|决定)\s?如下|以下[^。\n：:]{0,6}处罚[：:]|(?:作出?|做出?|予以|给予|处以|并处|处)[^。\n]{0,12}如下[^。\n]{0,8}[：:]"
    r"|决定[^。\n，]{0,12}(?:处罚|处理|给予|作出|对当事人|予以)[^。\n]{0,12}[：:]|决定[：:]|具体(?:内容|处罚)如下"
    r"|[(（]行政处罚的内容[^)）\n]{0,6}[)）](?=\s*\S)"
)
PENALTY_WORDS = re.compile(r"罚款|没收|警告|通报批评|责令停产停业|吊销|暂扣|不予(?:行政)?处罚|免予处罚")
ENDING_RE = re.compile(
    r"当事人(?:应当?|须|需)?(?:在|自|于)?收到|(?:应|须|请|限)(?:在|于|自)?(?:收到|接到)本|如(?:当事人|你|您|你单位|你(?:（单位）|\(单位\)))?(?:对本|不服)"
    r"|逾期不(?:缴纳|履行)|到期不缴纳|罚没款[^。\n]{0,20}缴|申请行政复议|提起行政诉讼|缴款方式|履行方式"
)
_DECIDED_AMOUNT = re.compile(
    r"(?:决定|给予|予以|处以|并处|如下)[^。\n]{0,40}(?:罚款|没收违法所得)[^。\n]{0,16}?\d"
    r"|(?:^|\n)\s*[一二三四五六七八九十\d]{1,2}[、.．][^。\n]{0,6}(?:罚款|没收违法所得)[^。\n]{0,16}?\d"
)
_DOCNO_LINE = re.compile(r"^[^\n]{0,40}[〔\[【(（{][^\n]{0,12}[〕\]】)）}][^\n]{0,16}号[ \t]*\n", re.M)
_DECIDING = re.compile(r"(?:决定|责令|给予|予以|处以|处)[^。\n]{0,40}(?:罚款|没收|警告|不予|免予)")


@dataclass
class Sections:
    """Spans (start, end) of each part in the text; absent parts are missing from `spans`."""

    text: str
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    blank_template: bool = False

    def get(self, name: str) -> str:
        """Return the text of one part ('' when absent)."""
        span = self.spans.get(name)
        return self.text[span[0] : span[1]].strip() if span else ""


def _search(pattern: re.Pattern[str], text: str, start: int, end: int | None = None) -> int | None:
    m = pattern.search(text, start, len(text) if end is None else end)
    return m.start() if m else None


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence holding pos (after the previous 。 or newline), not before floor."""
    cut = max(text.rfind("。", floor, pos), text.rfind("\n", floor, pos), text.rfind("；", floor, pos))
    return max(floor, cut + 1) if cut >= 0 else floor


def _party_end(text: str, start: int) -> int:
    pos = start
    lines = text[start:].split("\n")
    for index, line in enumerate(lines[:25]):
        stripped = line.strip()
        if index and not (_PARTY_LINE.match(stripped) or (len(stripped) <= 30 and "。" not in stripped)):
            break
        if index and FACTS_RE.match(stripped):
            break
        pos += len(line) + 1
    return min(pos, len(text))


def is_blank_template(text: str) -> bool:
    """True when the body is only the form's printed headings (no facts, no decision)."""
    body = _TEMPLATE_HEADING.sub("", text)
    return len(_TEMPLATE_HEADING.findall(text)) >= 3 and not re.search(r"罚款|没收|警告|违反|经查|查明", body)


def _penalty_start(text: str, floor: int) -> int | None:
    """Position where the decided penalties start (a 处罚如下 marker, else the last deciding sentence)."""
    for m in PENALTY_RE.finditer(text, floor):
        window = text[m.start() : m.end() + 80]
        if PENALTY_WORDS.search(window) or "如下" in m.group(0):
            return m.start()
    ending = _search(ENDING_RE, text, floor)
    last = None
    for m in _DECIDING.finditer(text, floor):
        if ending is not None and m.start() > ending:
            break
        last = m.start()
    return last


def _ending_start(text: str, floor: int) -> int | None:
    """Start of the first sentence after floor that opens with payment or appeal wording."""
    for m in ENDING_RE.finditer(text, floor):
        start = _sentence_start(text, m.start(), floor)
        if start > floor or (start == floor and m.start() == floor):
            return start
    return None


def split_sections(text: str) -> Sections:
    """Find the parts of a decision by their usual wording; parts that cannot be found stay absent."""
    sections = Sections(text=text, blank_template=is_blank_template(text))
    n = len(text)
    text = mask_quotes(text)  # same length: quoted article text hides no markers
    m = _PARTY_START.search(text)
    party_start = m.start() if m else 0
    party_end = _party_end(text, party_start) if m else 0
    unlabelled = None if m else _DOCNO_LINE.search(text, 0, 600)  # party block without 当事人：
    if unlabelled is not None and unlabelled.end() < n:
        party_start = unlabelled.end()
        party_end = _party_end(text, party_start)
    body = party_end
    facts_pos = _search(FACTS_RE, text, body)
    evidence_pos = _search(EVIDENCE_RE, text, facts_pos if facts_pos is not None else body)
    if facts_pos is not None and evidence_pos is not None and facts_pos > evidence_pos:
        facts_pos = None
    analysis_floor = evidence_pos if evidence_pos is not None else (facts_pos or body)
    analysis_pos = _search(ANALYSIS_RE, text, analysis_floor)
    if analysis_pos is not None:
        analysis_pos = _sentence_start(text, analysis_pos, analysis_floor)
    penalty_pos = _penalty_start(text, analysis_pos if analysis_pos is not None else analysis_floor)
    if penalty_pos is not None:
        floor = analysis_pos if analysis_pos is not None else analysis_floor
        start = _sentence_start(text, penalty_pos, floor)
        penalty_pos = start if start > floor else penalty_pos
    ending_pos = _ending_start(text, penalty_pos if penalty_pos is not None else (analysis_pos or body))
    for _ in range(3):  # an "ending" followed by the decided amounts was a 告知/申辩 sentence
        later = _DECIDED_AMOUNT.search(text, ending_pos) if ending_pos is not None else None
        if later is None:
            break
        if penalty_pos is None or penalty_pos < (ending_pos or 0):
            penalty_pos = _penalty_start(text, ending_pos or 0) if penalty_pos is None else penalty_pos
        ending_pos = _ending_start(text, later.end())
    hearing_pos = None
    if evidence_pos is not None:
        hearing_pos = _search(HEARING_RE, text, evidence_pos, analysis_pos)
        if hearing_pos is not None:
            hearing_pos = _sentence_start(text, hearing_pos, evidence_pos + 1)
    if evidence_pos is not None:
        evidence_pos = _sentence_start(text, evidence_pos, facts_pos or body)
    marks = [
        ("header", 0),
        ("party", party_start if m or unlabelled is not None else None),
        ("body", body),
        ("facts", facts_pos),
        ("evidence", evidence_pos),
        ("hearing", hearing_pos),
        ("analysis", analysis_pos),
        ("penalties", penalty_pos),
        ("ending", ending_pos),
    ]
    present = sorted(
        ((pos, name) for name, pos in marks if pos is not None), key=lambda x: (x[0], x[1] != "body")
    )
    for (pos, name), nxt in zip(present, [*present[1:], (n, "")], strict=False):
        if nxt[0] > pos:
            sections.spans["source" if name == "body" else name] = (pos, nxt[0])
    if facts_pos is None and "source" in sections.spans and not sections.blank_template:
        sections.spans["facts"] = sections.spans.pop("source")
    if sections.blank_template:
        for name in ("facts", "evidence", "analysis", "penalties"):
            sections.spans.pop(name, None)
    return sections

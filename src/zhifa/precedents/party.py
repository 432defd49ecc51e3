"""The party (当事人) of a decision: name, credit code, representative, and its type."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhifa.precedents.masking import looks_like_person_name, mask_person_name

NATURAL_PERSON = "natural_person"
INDIVIDUAL_BUSINESS = "individual_business"
ORGANISATION = "organisation"
PARTY_KINDS = (NATURAL_PERSON, INDIVIDUAL_BUSINESS, ORGANISATION)

_FIELD = r"[ \t]*[:：][ \t]*([^\n；;]*)"
_NAME = re.compile(r"当事人(?:名称|姓名)?(?:[（(][^）)\n]{0,10}[）)])?" + _FIELD)
_CODE = re.compile(r"(?:统一)?社会(?:信用)?代码(?:[（(][^）)\n]{0,12}[）)])?" + _FIELD + "|注册号" + _FIELD)
_REP = re.compile(r"(法定代表人|负责人|经营者|投资人)(?:[（(]([^）)\n]{0,16})[）)])?" + _FIELD)
_ID = re.compile(r"(?:身份证|公民身份号码|证件号码)[^:：\n]{0,16}" + _FIELD)
_ADDRESS = re.compile(r"(?:住所|住址|经营场所|地址)(?:[（(][^）)\n]{0,10}[）)])?" + _FIELD)
_PERSON_FIELDS = re.compile(r"性别[:：]|出生(?:日期|年月)?[:：]|民族[:：]")
_CODE_CHARS = re.compile(r"[0-9A-Z*＊]{8,}")
_ORG_SUFFIX = re.compile(
    r"公司|集团|合作社|医院|学校|学院|大学|中学|小学|幼儿园|协会|委员会|中心|事务所|研究所|分公司|银行"
)


@dataclass(frozen=True)
class Party:
    """The party as read from the party block; `display_name` is masked for natural persons."""

    name: str
    kind: str
    display_name: str
    credit_code: str | None
    representative: str | None
    representative_label: str | None
    has_id_number: bool
    address: str | None


def _first(pattern: re.Pattern[str], block: str) -> str | None:
    m = pattern.search(block)
    if not m:
        return None
    value = next((g for g in m.groups() if g is not None and g.strip()), "")
    value = value.strip().strip("，,。")
    return value or None


def _credit_code(block: str) -> str | None:
    value = _first(_CODE, block)
    if value:
        m = _CODE_CHARS.search(value.replace(" ", "").upper())
        return m.group(0) if m else None
    return None


def classify_party(name: str, credit_code: str | None, rep_label: str | None, block: str) -> str:
    """Natural person, 个体工商户 or organisation, from the code, name and labels of the party block."""
    if "个体工商户" in name or "个体户" in name:
        return INDIVIDUAL_BUSINESS
    unified = credit_code if credit_code and len(credit_code) == 18 and credit_code[0] != "*" else None
    if unified and unified[:2] == "92":
        return INDIVIDUAL_BUSINESS
    if unified:
        return ORGANISATION
    if _ORG_SUFFIX.search(name):
        return ORGANISATION
    if rep_label == "经营者" and not looks_like_person_name(name):
        return INDIVIDUAL_BUSINESS
    if looks_like_person_name(name) and (not credit_code or _PERSON_FIELDS.search(block)):
        return NATURAL_PERSON
    if looks_like_person_name(name) and credit_code:
        return INDIVIDUAL_BUSINESS
    return ORGANISATION if credit_code else INDIVIDUAL_BUSINESS


def parse_party(block: str, fallback_name: str = "") -> Party | None:
    """Read the party block; None when no party name can be found."""
    name = _first(_NAME, block) or fallback_name.strip()
    if not name:
        return None
    name = re.sub(r"\s+", "", name)
    code = _credit_code(block)
    m_rep = _REP.search(block)
    rep = m_rep.group(3).strip() if m_rep and m_rep.group(3) and m_rep.group(3).strip() else None
    rep_label = None
    if m_rep:
        inner = m_rep.group(2) or ""
        rep_label = "经营者" if m_rep.group(1) == "经营者" or inner == "经营者" else m_rep.group(1)
    kind = classify_party(name, code, rep_label, block)
    person_like = kind == NATURAL_PERSON or (kind == INDIVIDUAL_BUSINESS and looks_like_person_name(name))
    display = mask_person_name(name) if person_like else name
    if rep and kind != ORGANISATION and looks_like_person_name(rep):
        display = display.replace(rep, mask_person_name(rep))
    return Party(
        name=name,
        kind=kind,
        display_name=display,
        credit_code=code,
        representative=rep,
        representative_label=rep_label,
        has_id_number=bool(re.search(r"\d{6,}|[*＊]{6,}", _first(_ID, block) or "")),
        address=_first(_ADDRESS, block),
    )

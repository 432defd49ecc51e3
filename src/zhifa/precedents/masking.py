"""Masking of natural persons' data for publicity: names (张某某 → 张某), ID numbers, phones, addresses."""

from __future__ import annotations

import re

_COMPOUND = (
    "欧阳司马诸葛上官东方皇甫尉迟公孙慕容长孙宇文司徒夏侯轩辕令狐"
    "钟离澹台呼延端木百里东郭南宫西门独孤万俟闻人申屠公冶太史单于拓跋"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND[i : i + 2] for i in range(0, len(_COMPOUND), 2))
ID_NUMBER_RE = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{7,8})(?!\d)")
_ADDRESS_UNIT = re.compile(r"自治区|街道|[省市州盟区县旗镇乡]")
PERSON_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,5}$|^[\u4e00-\u9fff][*＊某]{1,3}$")
_ORG_WORDS = re.compile(
    r"公司|店|厂|部|馆|中心|行|社|院|所|室|站|场|处|会|校|园|坊|吧|城|铺|庄|堂|轩|阁|楼|家|屋|厅|超市|商贸|工作室|个体"
)


def surname(name: str) -> str:
    """The surname of a Chinese personal name (compound surnames included)."""
    name = name.strip()
    if name[:2] in COMPOUND_SURNAMES and len(name) > 2:
        return name[:2]
    return name[:1]


def looks_like_person_name(name: str) -> bool:
    """True when the text is plausibly a personal name (2–5 Chinese characters, no business words)."""
    stripped = name.strip()
    return bool(PERSON_NAME_RE.match(stripped)) and not _ORG_WORDS.search(stripped)


def mask_person_name(name: str) -> str:
    """Mask a natural person's name as surname + 某 (张某某 → 张某, 欧阳娜娜 → 欧阳某)."""
    stripped = name.strip()
    if not stripped:
        return stripped
    return surname(stripped) + "某"


def mask_id_number(value: str) -> str:
    """Mask an ID number keeping the first two and last two characters (length kept)."""
    value = value.strip()
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def mask_phone(value: str) -> str:
    """Mask a phone number: 13812345678 → 138****5678; landlines keep the area code."""
    value = value.strip()
    m = PHONE_RE.fullmatch(value)
    if m:
        return f"{m.group(1)}****{m.group(3)}"
    m = LANDLINE_RE.fullmatch(value)
    if m:
        return f"{m.group(1)}-****{m.group(2)[-2:]}"
    return "*" * len(value)


def mask_address(value: str) -> str:
    """Keep an address down to the district/county/town and hide the rest."""
    value = value.strip()
    digit = re.search(r"\d", value)
    head = value[: min(digit.start() if digit else len(value), 20)]
    ends = [m.end() for m in _ADDRESS_UNIT.finditer(head)]
    if ends and ends[-1] < len(value):
        return value[: ends[-1]] + "****"
    return value if len(value) <= 6 else value[:6] + "****"


def mask_text(text: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """Mask ID numbers, mobile phones and the given personal names anywhere in free text."""
    out = ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    out = PHONE_RE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", out)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        if len(name) >= 2:
            out = out.replace(name, mask_person_name(name))
    return out

"""Free-text masking for publicity beyond names, ID numbers and mobiles (公示规定 第六条): landlines, bank
accounts (also written in groups), home addresses of natural persons, minors' information and passages the
handler marked as business secrets. The word lists are data (masking.yaml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from zhifa.precedents.masking import COMPOUND_SURNAMES, looks_like_person_name, mask_address

LANDLINE_RE = re.compile(
    r"(?<![\d.])(?:[（(](0\d{2,3})[)）]\s?|(0\d{2,3})[-－—]?)(\d{7,8})(?:[-－转]\d{1,5})?(?![\d.])"
)
_ACCOUNT_LABEL = r"(?:账号|帐号|账户|帐户|卡号|银行卡号?)(?:[（(][^）)]{0,10}[）)])?[:：]?[ \t]*"
LABELLED_ACCOUNT_RE = re.compile(_ACCOUNT_LABEL + r"(\d[\d \t\-－]{6,40}\d)")
GROUPED_ACCOUNT_RE = re.compile(r"(?<![\dA-Za-z])\d{4}(?:[ \-]\d{4}){2,}(?:[ \-]\d{1,4})?(?![\dA-Za-z])")
LONG_NUMBER_RE = re.compile(r"(?<!\d)\d{12,30}(?!\d)")
_ADDR_STOP = r"法定代表人|负责人|经营者|投资人|联系|电话|手机|身份证|统一社会|性别|出生|民族|邮编"
_ADDR = rf"(?!{_ADDR_STOP}|/)([^\s，,。；;：:、）)]{{4,60}}?)(?=[\s，,。；;、）)]|{_ADDR_STOP}|$)"
_CN_NAME = r"([\u4e00-\u9fff·]{2,3})"
_AGE = r"(\d{1,2})周?岁"


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """masking.yaml."""
    return dict(yaml.safe_load(Path(__file__).with_name("masking.yaml").read_text(encoding="utf-8")))


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def surname_ok(name: str) -> bool:
    """The name starts with a common (or compound) surname."""
    return name[0] in rules()["surnames"] or name[:2] in COMPOUND_SURNAMES


def _keep_ends(digits: str) -> str:
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:] if len(digits) > 8 else "*" * len(digits)


def mask_numbers(text: str) -> str:
    """Landlines (区号-号码, （区号）号码, 分机) keep the area code; bank accounts keep 4 digits each end."""
    out = LABELLED_ACCOUNT_RE.sub(
        lambda m: m.group(0)[: m.start(1) - m.start(0)] + _keep_ends(re.sub(r"\D", "", m.group(1))), text
    )
    out = GROUPED_ACCOUNT_RE.sub(
        lambda m: (
            m.group(0)
            if "代码" in m.string[max(m.start() - 12, 0) : m.start()]
            else _keep_ends(re.sub(r"\D", "", m.group(0)))
        ),
        out,
    )
    out = LONG_NUMBER_RE.sub(lambda m: _keep_ends(m.group(0)), out)
    return LANDLINE_RE.sub(lambda m: f"{m.group(1) or m.group(2)}-{'*' * len(m.group(3))}", out)


@lru_cache(maxsize=1)
def _address_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    labels = alternation(rules()["home_address_labels"])
    home = re.compile(rf"(?<!住所（)(?<!住所\()(?:{labels})(?:[（(][^）)]{{0,10}}[）)])?[:：]?[ \t]*{_ADDR}")
    party = re.compile(rf"住所(?:[（(]住址[）)])?[:：][ \t]*{_ADDR}")
    return home, party


def mask_home_addresses(text: str, addresses: list[str], person_party: bool) -> str:
    """Home addresses after the labels of masking.yaml (the party block's 住所 too when the party is a
    natural person), and each of `addresses` wherever it occurs, kept down to the district."""
    for address in sorted({a.strip() for a in addresses if a and len(a.strip()) > 6}, key=len, reverse=True):
        text = text.replace(address, mask_address(address))
    home, party = _address_res()

    def sub(m: re.Match[str]) -> str:
        keep = m.group(0)[: m.start(1) - m.start(0)]
        return keep + mask_address(m.group(1))

    text = home.sub(sub, text)
    return party.sub(sub, text) if person_party else text


@lru_cache(maxsize=1)
def _minor_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    markers = alternation(rules()["minor_markers"])
    after_marker = re.compile(rf"(?:{markers})[:：]?\s*{_CN_NAME}(?=[（(，,、\s某*])")
    with_age = re.compile(rf"{_CN_NAME}[（(](?:[男女][，,、]\s*)?{_AGE}")
    return after_marker, with_age


_SCHOOL_RE = re.compile(r"[\u4e00-\u9fff\d]{2,15}?(?:小学|中学|幼儿园|学校)")
_GRADE_RE = re.compile(
    r"[初高]?[一二三四五六七八九1-9]年级(?:[（(]?\d{1,2}[)）]?班)?|[初高][一二三][（(]?\d{1,2}[)）]?班"
)
_BORN_RE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:出生|生)")
_SENTENCE_RE = re.compile(r"[^。；;\n]+[。；;\n]?")


def minor_names(text: str) -> list[str]:
    """Names of minors: after a minor marker (学生王小明), or with an age under 18 (王小明（男，15岁））."""
    after_marker, with_age = _minor_res()
    found = [m.group(1) for m in after_marker.finditer(text)]
    found += [m.group(1) for m in with_age.finditer(text) if int(m.group(2)) < 18]
    return [n for n in dict.fromkeys(found) if looks_like_person_name(n) and surname_ok(n)]


def mask_minor_details(text: str) -> str:
    """In each sentence that names a minor: ages, birth dates, schools and classes removed."""
    repl = rules()["minor_replacements"]

    def sentence(m: re.Match[str]) -> str:
        s = m.group(0)
        if not minor_names(s):
            return s
        s = re.sub(_AGE, repl["age"], s)
        s = _BORN_RE.sub(repl["born"], s)
        s = _GRADE_RE.sub(repl["grade"], s)
        return _SCHOOL_RE.sub(repl["school"], s)

    return _SENTENCE_RE.sub(sentence, text)


def remove_business_secrets(text: str) -> str:
    """Passages marked 【商业秘密】…【/商业秘密】 replaced; an unclosed mark takes its paragraph's rest."""
    r = rules()
    start, end, replacement = r["secret_open"], r["secret_close"], r["secret_replacement"]
    closed = re.compile(rf"{re.escape(start)}.*?{re.escape(end)}", re.S)
    text = closed.sub(replacement, text)
    return re.sub(rf"{re.escape(start)}[^\n]*", replacement, text).replace(end, "")

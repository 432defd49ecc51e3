"""Law titles: normalisation for lookup, the law key, short names and common abbreviations."""

from __future__ import annotations

import re

PRC = "中华人民共和国"
_SPACE = re.compile(r"[\s\u3000]+")
_HALF_PARENS = str.maketrans({"(": "（", ")": "）", "〈": "《", "〉": "》"})
_VERSION_NOTE = re.compile(
    r"（(?:\d{4}年?)?(?:修正|修订|修改|第[一二三四五六七八九十]+次修正|[^（）]{0,12}版)）$"
)

# Abbreviations officers and decisions use that the title itself does not give.
ABBREVIATIONS: dict[str, str] = {
    "消法": "消费者权益保护法",
    "消保法": "消费者权益保护法",
    "食安法": "食品安全法",
    "反不正当竞争法": "反不正当竞争法",
    "反法": "反不正当竞争法",
    "处罚法": "行政处罚法",
    "产品质量法": "产品质量法",
    "质量法": "产品质量法",
    "电商法": "电子商务法",
    "未保法": "未成年人保护法",
    "特设法": "特种设备安全法",
    "明码标价规定": "明码标价和禁止价格欺诈规定",
    "程序规定": "市场监督管理行政处罚程序规定",
    "听证办法": "市场监督管理行政处罚听证办法",
    "价格违法行为处罚规定": "价格违法行为行政处罚规定",
}


def normalize(title: str) -> str:
    """Lookup form of a title: no spaces or quotes, full-width parentheses, version notes dropped."""
    key = _SPACE.sub("", title).translate(_HALF_PARENS).strip('《》“”"')
    key = _VERSION_NOTE.sub("", key)
    return key


def short_name(title: str) -> str:
    """The title without the 中华人民共和国 prefix (中华人民共和国价格法 → 价格法)."""
    key = normalize(title)
    return key[len(PRC) :] if key.startswith(PRC) and len(key) > len(PRC) else key


def law_key(title: str, subtitle: str | None) -> str:
    """Identity of a law across versions: short name, plus the part for split codes (民法典·合同编)."""
    base = short_name(title)
    return f"{base}·{normalize(subtitle)}" if subtitle else base


def aliases_for(title: str, subtitle: str | None) -> set[str]:
    """Every normalised name that should find this law."""
    full = normalize(title)
    short = short_name(title)
    names = {full, short, PRC + short}
    if subtitle:
        part = normalize(subtitle)
        names |= {f"{short}{part}", f"{short}·{part}", f"{full}{part}"}
    names |= {abbr for abbr, target in ABBREVIATIONS.items() if target == short}
    return {n for n in names if n}


def lookup_keys(written: str) -> list[str]:
    """Candidate lookup names for a title as written in a citation, most specific first."""
    key = normalize(written)
    out = [key]
    stripped = re.sub(r"（[^（）]*）$", "", key)
    if stripped != key:
        out.append(stripped)
    for k in list(out):
        if k.startswith(PRC):
            out.append(k[len(PRC) :])
    return list(dict.fromkeys(out))

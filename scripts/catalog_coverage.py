"""Write docs/catalog/coverage.md: decision pairs (count ≥ 2) of provision-pairs.md → catalog entries.

Run: .venv/bin/python scripts/catalog_coverage.py
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from zhifa.rules.loader import load_catalog

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "docs" / "catalog" / "provision-pairs.md"
OUT = ROOT / "docs" / "catalog" / "coverage.md"
ROW = re.compile(r"^\| (\d+) \| 《(.+?)》第(\d+)条 \| 《(.+?)》第(\d+)条 \| (\d+) \|")
TYPOS = {"价格法法": "价格法", "明码标价与禁止价格欺诈规定": "明码标价和禁止价格欺诈规定"}
# Provisions outside the law library (local rules, repealed or non-public texts): why no entry cites them.
OUTSIDE = {
    "价格违法行为行政处罚实施办法": "地方或已失效的实施办法，法规库无文本",
    "厦门市推行包容审慎监管执法若干规定": "厦门地方规定（裁量依据），法规库无文本",
    "江苏省价格条例": "江苏省地方性法规，法规库无文本（可作为地区配置的地方条目补充）",
    "禁止价格欺诈行为的规定": "已于2022-07-01被明码标价和禁止价格欺诈规定废止，法规库无文本；"
    "现行对应条目见 price.fraud_*",
}


def key(law: str) -> str:
    """Normalised law name as in provision-pairs.md."""
    law = re.sub(r"[（(][^（）()]*[）)]", "", law).removeprefix("中华人民共和国")
    return TYPOS.get(law, law)


def main() -> None:
    """Match each pair against the catalog and write the table."""
    catalog = load_catalog()
    violated: dict[tuple[str, int], set[str]] = defaultdict(set)
    basis: dict[tuple[str, int], set[str]] = defaultdict(set)
    for entry in catalog.entries.values():
        for version in entry.versions:
            for cite in version.violated:
                violated[(key(cite.law), cite.article)].add(entry.id)
            for cite in version.basis:
                basis[(key(cite.law), cite.article)].add(entry.id)
    rows, counts = [], defaultdict(int)
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if not m:
            continue
        v, p = (key(m.group(2)), int(m.group(3))), (key(m.group(4)), int(m.group(5)))
        label = f"《{m.group(2)}》第{m.group(3)}条 → 《{m.group(4)}》第{m.group(5)}条"
        direct = sorted(violated[v] & basis[p])
        as_basis = sorted(basis[v] & basis[p])
        outside = [OUTSIDE[k[0]] for k in (v, p) if k[0] in OUTSIDE]
        if direct:
            kind, note = "直接", "、".join(f"`{e}`" for e in direct)
        elif v == p and (violated[v] or basis[v]):
            kind, note = (
                "自引",
                "同一条文既作违反条款又作依据（多为定义或义务条款）："
                + "、".join(f"`{e}`" for e in sorted(violated[v] | basis[v])[:4]),
            )
        elif violated[v] and (violated[v] & violated[p] or (p[0] == v[0] and not basis[p])):
            same = sorted(violated[v] & violated[p]) or sorted(violated[v])
            kind, note = (
                "义务或定义条款作依据",
                "决定书在依据中引用禁止性或定义条款（同法）：" + "、".join(f"`{e}`" for e in same[:6]),
            )
        elif as_basis:
            kind, note = (
                "罚则作违反条款",
                "决定书把罚则条文写作违反条款：" + "、".join(f"`{e}`" for e in as_basis[:6]),
            )
        elif outside:
            kind, note = "库外", "；".join(outside)
        elif (violated[v] or basis[v]) and basis[p]:
            kind = "组合"
            left = "、".join(f"`{e}`" for e in sorted(violated[v] or basis[v])[:3])
            right = "、".join(f"`{e}`" for e in sorted(basis[p])[:3])
            note = f"同一决定书处理多项违法行为的交叉配对：违反条款见 {left}；处罚条款见 {right}"
        else:
            kind, note = "未覆盖", "—"
        counts[kind] += 1
        rows.append(f"| {m.group(1)} | {label} | {m.group(6)} | {kind} | {note} |")
    head = [
        "# 决定书条款对的目录覆盖（违法行为目录 ↔ provision-pairs.md）",
        "",
        "由 `scripts/catalog_coverage.py` 生成，请勿手工编辑。"
        "对 `provision-pairs.md` 中出现 ≥ 2 次的每个条款对"
        "（条级），列出覆盖它的目录条目：",
        "",
        "- **直接**：条目的 violated 含该违反条款、basis 含该处罚条款；",
        "- **自引**：决定书把同一条既写作违反条款又写作依据；",
        "- **义务或定义条款作依据**：决定书在依据中引用禁止性条款或同一规章的定义条款；",
        "- **罚则作违反条款**：决定书把罚则条文（如价格违法行为行政处罚规定第九条）写作违反条款，"
        "按罚则归入条目；",
        "- **组合**：一份决定书处理几项违法行为（如明码标价与过期食品），挖掘时交叉配成的对；"
        "两侧分别由所列条目覆盖；",
        "- **库外**：条文不在法规库（地方规定、已废止规章），无法引用；",
        "- **未覆盖**：尚无条目。",
        "",
        f"目录条目 {len(catalog)} 个。合计："
        + "；".join(f"{k} {n}" for k, n in sorted(counts.items()))
        + "。",
        "",
        "| # | 条款对（违反 → 处罚） | 次数 | 覆盖 | 条目 |",
        "|---|---|---|---|---|",
    ]
    OUT.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {dict(counts)}")


if __name__ == "__main__":
    main()

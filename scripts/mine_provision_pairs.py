"""Mine (violated article → penalty article) pairs of the real decisions into docs/catalog/provision-pairs.md.

Usage: python scripts/mine_provision_pairs.py [DATA_DIR]   (default ZHIFA_DATA_DIR or ./var/data)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from zhifa.precedents.coverage import coverage
from zhifa.precedents.pairs import format_pairs_markdown, mine_pairs

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    """Write the pair table and print a one-line summary."""
    data_dir = Path(argv[0] if argv else os.environ.get("ZHIFA_DATA_DIR", ROOT / "var" / "data"))
    decisions = data_dir / "decisions"
    if not (decisions / "index.jsonl").exists():
        print(f"找不到 {decisions}/index.jsonl", file=sys.stderr)
        return 1
    report = coverage(decisions, ROOT / "var" / "cache" / "precedents")
    pairs = mine_pairs(report)
    out = ROOT / "docs" / "catalog" / "provision-pairs.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(format_pairs_markdown(pairs, report.documents, report.index_rows), encoding="utf-8")
    print(
        f"{out.relative_to(ROOT)}: 不同条款对 {len(pairs.counts)}，出现 ≥2 次 {len(pairs.frequent(2))}，"
        f"有条款对的文书 {pairs.decisions_with_pairs}/{report.documents}，未能提取 {len(pairs.missing)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

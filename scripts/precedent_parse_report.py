"""Coverage of the decision parser over the real corpus: facts, provisions and penalties extracted.

Usage: python scripts/precedent_parse_report.py [DATA_DIR] [--failures] [--show DOCID]
(DATA_DIR defaults to ZHIFA_DATA_DIR or ./var/data; page texts are cached under var/cache/precedents.)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from zhifa.precedents.coverage import coverage, format_coverage


def main(argv: list[str]) -> int:
    """Print the coverage figures and the failures with their reasons."""
    args = [a for a in argv if not a.startswith("--")]
    data_dir = Path(args[0] if args else os.environ.get("ZHIFA_DATA_DIR", "var/data"))
    decisions = data_dir / "decisions"
    if not (decisions / "index.jsonl").exists():
        print(f"找不到 {decisions}/index.jsonl", file=sys.stderr)
        return 1
    report = coverage(decisions, Path("var/cache/precedents"))
    print(format_coverage(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

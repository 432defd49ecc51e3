"""How often decisions with (nearly) the same facts cite different provisions: the ceiling of facts-only
prediction on this corpus.

Usage: python scripts/label_agreement.py [DATA_DIR]
(DATA_DIR defaults to ZHIFA_DATA_DIR or ./var/data; page texts are cached under var/cache/precedents.)

For every pair of evaluable decisions (facts ≥ 20 characters; copies of one decision — same 文书号 and
bureau — are not paired) whose facts sections are at least S similar (cosine of character-bigram TF-IDF,
the evaluation baseline's representation), it counts the pairs whose violated provisions (law + article)
share none, and likewise for the penalty provisions. Any predictor that sees only the facts gives (almost)
the same answer to both decisions of such a pair, so it is wrong on at least one of them: the share of
disjoint pairs bounds what exact match can reach on these look-alike cases. It then counts the decisions
whose provisions no other decision cites: with the decision held out, nothing learnt from the rest can
name them — only the catalog's rules can.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from zhifa.assistant.evaluation import evaluable, group_key
from zhifa.precedents.loading import load_folder
from zhifa.precedents.similarity import BigramIndex

THRESHOLDS = (0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3)


def main(argv: list[str]) -> int:
    """Print, per similarity threshold, the pairs and the share whose provisions are disjoint."""
    data_dir = Path(argv[0] if argv else os.environ.get("ZHIFA_DATA_DIR", "var/data"))
    decisions = data_dir / "decisions"
    if not decisions.is_dir():
        print(f"找不到 {decisions}", file=sys.stderr)
        return 1
    records = evaluable(load_folder(decisions, Path("var/cache/precedents")).records)
    index = BigramIndex().fit([r.docid for r in records], [r.facts for r in records])
    assert index.matrix is not None
    sims = (index.matrix @ index.matrix.T).toarray()
    groups = [group_key(r) for r in records]
    violated = [frozenset(p.key for p in r.violated) for r in records]
    basis = [frozenset(p.key for p in r.basis) for r in records]
    upper = np.triu(sims, k=1)
    print(f"可评估文书 {len(records)} 份（事实部分 ≥ 20 字；同一文书的副本不配对）")
    print("事实相似度 ≥ S 的文书对：违法条款（法+条）完全不同的比例 / 处罚依据完全不同的比例")
    for threshold in THRESHOLDS:
        rows, cols = np.nonzero(upper >= threshold)
        pairs = [(i, j) for i, j in zip(rows.tolist(), cols.tolist(), strict=True) if groups[i] != groups[j]]
        v_pairs = [(i, j) for i, j in pairs if violated[i] and violated[j]]
        b_pairs = [(i, j) for i, j in pairs if basis[i] and basis[j]]
        v_off = sum(1 for i, j in v_pairs if not violated[i] & violated[j])
        b_off = sum(1 for i, j in b_pairs if not basis[i] & basis[j])
        docs = len({k for p in pairs for k in p})
        print(
            f"S ≥ {threshold:.2f}: {len(pairs):5d} 对（涉及 {docs:3d} 份）  "
            f"违法条款不同 {_share(v_off, len(v_pairs))}  处罚依据不同 {_share(b_off, len(b_pairs))}"
        )
    print("留一法下，其余文书（不含副本）中有没有引用同一条款的：")
    for name, keys in (("违法条款", violated), ("处罚依据", basis)):
        labelled = [i for i, k in enumerate(keys) if k]
        alone = [
            i for i in labelled if not any(keys[i] & keys[j] for j in labelled if groups[j] != groups[i])
        ]
        never = "的文书所引条款在其余文书中从未出现（只有目录规则能给出）"
        print(f"  {name}：{_share(len(alone), len(labelled))} {never}")
    return 0


def _share(part: int, whole: int) -> str:
    return f"{part:4d}/{whole:<5d} = {100 * part / whole:5.1f} %" if whole else "   —"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

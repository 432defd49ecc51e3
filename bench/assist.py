"""Benchmark of precedent search at scale (the assistant's own timing is added when the assistant lands).

The library is grown to N precedents with SYNTHETIC COPIES of the real facts (digits changed, sentences
rotated) — clearly labelled, for timing only, never stored. Prints p50/p95 of "similar cases" (TF-IDF
vectors) and, with --fts, of full-text search on the SQLite FTS5 port; plus the process RSS.

Usage: python bench/assist.py [DATA_DIR] [--size 100000] [--queries 200] [--fts]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from zhifa.assistant.metrics import percentile
from zhifa.precedents.loading import load_folder
from zhifa.precedents.search_index import PRECEDENT_SCHEMA, SimilarityIndex
from zhifa.search.port import SearchDoc

SYNTHETIC = "【合成副本·仅用于计时】"


def synthetic_copies(facts: list[str], size: int, seed: int = 7) -> list[str]:
    """Copies of real facts with digits replaced and sentences rotated; each starts with the label."""
    rng = random.Random(seed)
    out = []
    for i in range(size):
        base = facts[i % len(facts)]
        parts = [p for p in re.split(r"(?<=[。；])", base) if p]
        k = rng.randrange(len(parts)) if parts else 0
        text = "".join(parts[k:] + parts[:k])
        out.append(SYNTHETIC + re.sub(r"\d", lambda _: str(rng.randrange(10)), text))
    return out


def _rss_mb() -> float:
    """Current resident memory of this process (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _ms(samples: list[float]) -> str:
    return f"p50 {percentile(samples, 50):.1f} ms, p95 {percentile(samples, 95):.1f} ms"


def main(argv: list[str]) -> int:
    """Run the scale benchmark and print figures (no assertions)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", nargs="?", default=os.environ.get("ZHIFA_DATA_DIR", "var/data"))
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--fts", action="store_true", help="also time full-text search on the FTS5 port")
    args = ap.parse_args(argv)
    folder = Path(args.data_dir) / "decisions"
    records = [r for r in load_folder(folder, Path("var/cache/precedents")).records if len(r.facts) >= 20]
    facts = [r.facts for r in records]
    print(f"真实判例 {len(facts)} 份；扩充到 {args.size} 份（其余为{SYNTHETIC}）")
    texts = facts + synthetic_copies(facts, max(0, args.size - len(facts)))
    ids = [r.docid for r in records] + [f"synthetic-{i}" for i in range(len(texts) - len(facts))]
    t0 = time.perf_counter()
    index = SimilarityIndex(ids[: len(facts)], facts)  # vocabulary and IDF from the real library
    print(f"真实判例库向量索引 {time.perf_counter() - t0:.2f} s，常驻内存 {_rss_mb():.0f} MB")
    for start in range(len(facts), len(texts), 10_000):  # copies are transformed with that vocabulary
        index.vectors.add(ids[start : start + 10_000], texts[start : start + 10_000])
    print(f"扩充到 {len(index.vectors)} 份用时 {time.perf_counter() - t0:.1f} s，常驻内存 {_rss_mb():.0f} MB")
    rng = random.Random(11)
    queries = [rng.choice(facts) for _ in range(args.queries)]
    samples = []
    for q in queries:
        start = time.perf_counter()
        index.similar(q, 10)
        samples.append((time.perf_counter() - start) * 1000)
    print(f"相似判例检索（{len(texts)} 份，top-10）：{_ms(samples)}")
    if args.fts:
        from zhifa.search.sqlite_fts import SqliteFtsIndex

        with tempfile.TemporaryDirectory() as tmp:
            fts = SqliteFtsIndex(Path(tmp) / "precedents.db", PRECEDENT_SCHEMA)
            t0 = time.perf_counter()
            fts.index(SearchDoc(i, t, {"complete": 1}) for i, t in zip(ids, texts, strict=True))
            print(f"全文索引构建 {time.perf_counter() - t0:.1f} s")
            words = ["明码标价", "虚构原价", "违法所得", "过期食品", "价格欺诈", "标价签", "未成年人"]
            samples = []
            for i in range(args.queries):
                start = time.perf_counter()
                fts.search(words[i % len(words)], (), 10)
                samples.append((time.perf_counter() - start) * 1000)
            print(f"全文检索（{fts.count()} 份，top-10）：{_ms(samples)}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"常驻内存 {_rss_mb():.0f} MB，峰值 {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

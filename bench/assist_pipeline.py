"""Benchmark of the whole assistant pipeline: train time, assist p50/p95 with the library loaded, RSS.

The model is trained on every real decision of DATA_DIR/decisions; queries are their facts sections.
With ZHIFA_DATABASE_URL pointing to an imported law library, provision texts are resolved too (as when
serving). --scale N grows the precedent index to N with SYNTHETIC COPIES of the real facts (digits
changed; clearly labelled; timing only, never stored) to see how latency grows.

Usage: python bench/assist_pipeline.py [DATA_DIR] [--queries 300] [--scale 0]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

from zhifa.assistant.metrics import percentile
from zhifa.assistant.model import train
from zhifa.assistant.pipeline import Assistant
from zhifa.assistant.precedents import PrecedentIndex
from zhifa.config import get_settings
from zhifa.precedents.loading import load_folder
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.ports import ArticleResolver
from zhifa.rules.profiles import get_profile, load_profiles

SYNTHETIC = "【合成副本·仅用于计时】"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _resolver() -> ArticleResolver | None:
    try:
        from zhifa.law.citation_resolver import library_resolver
        from zhifa.store.db import check_connection, make_engine

        engine = make_engine(get_settings().database_url)
        check_connection(engine)
        return library_resolver(engine)
    except Exception as exc:  # bench: report and go on without texts
        print(f"law library not used ({exc})")
        return None


def _grow(index: PrecedentIndex, size: int) -> PrecedentIndex:
    rng = random.Random(7)
    facts, metas = list(index.facts), list(index.metas)
    extra_f, extra_m = [], []
    for i in range(max(0, size - len(facts))):
        base = facts[i % len(facts)]
        extra_f.append(SYNTHETIC + re.sub(r"\d", lambda _: str(rng.randrange(10)), base))
        extra_m.append(replace(metas[i % len(metas)], docid=f"synthetic-{i}"))
    vectors = index.index
    vectors.add([m.docid for m in extra_m], extra_f)
    return PrecedentIndex(vectors, metas + extra_m, facts + extra_f)


def main(argv: list[str]) -> int:
    """Print the figures (no assertions)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", nargs="?", default=os.environ.get("ZHIFA_DATA_DIR", "var/data"))
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--scale", type=int, default=0)
    args = ap.parse_args(argv)
    rss0 = _rss_mb()
    cache = get_settings().var_dir / "cache" / "precedents"
    records = load_folder(Path(args.data_dir) / "decisions", cache).records
    catalog, factors = load_catalog(), load_factors()
    profile = get_profile(load_profiles(), "hubei")
    start = time.perf_counter()
    model = train(records, catalog, factors, profile)
    took = time.perf_counter() - start
    print(f"train: {len(records)} decisions ({model.trained_on} with facts) in {took:.2f} s")
    if args.scale:
        start = time.perf_counter()
        model.index = _grow(model.index, args.scale)
        print(f"index grown to {len(model.index)} precedents in {time.perf_counter() - start:.1f} s")
    assistant = Assistant(model, catalog, factors, profile, _resolver())
    queries = [r.facts for r in records if len(r.facts) >= 20][: args.queries]
    assistant.assist(queries[0])  # warm caches (law texts, regexes)
    samples = []
    for facts in queries:
        t = time.perf_counter()
        assistant.assist(facts, {"proposed_fine": "2000"})
        samples.append((time.perf_counter() - t) * 1000)
    print(
        f"assist ({len(samples)} queries, library {len(model.index)}): "
        f"p50 {percentile(samples, 50):.1f} ms, p95 {percentile(samples, 95):.1f} ms, "
        f"max {max(samples):.1f} ms"
    )
    print(f"RSS: {_rss_mb():.0f} MB (at start {rss0:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

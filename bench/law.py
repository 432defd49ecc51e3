"""Law library benchmark: corpus import, search and citation latency, RSS of a loaded serving process.

Run: ZHIFA_DATA_DIR=/work/shared/data .venv/bin/python bench/law.py   (prints figures, asserts nothing)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "integration" / "data"


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def serve_rss(db: str, var: str) -> None:
    """Child process: load what a server loads (library, index, tokenizer), query a little, print RSS."""
    from zhifa.config import Settings
    from zhifa.law.search import LawFilters
    from zhifa.law.service import cite_text, library, search
    from zhifa.store.db import make_engine

    settings = Settings(database_url=db, var_dir=Path(var))
    engine = make_engine(db)
    lib = library(engine)
    for q in ("明码标价", "没收违法所得 货值金额", "价格欺诈"):
        search(engine, settings, q, LawFilters(), 10)
    cite_text(lib, "《价格法》第十三条第一款、《食品安全法》第一百二十四条第一款第（三）项")
    print(f"{_rss_mb():.1f}")


def main() -> None:
    """Run every measurement once and print the figures."""
    data_dir = Path(os.environ.get("ZHIFA_DATA_DIR", ROOT / "var" / "data"))
    from zhifa.config import Settings
    from zhifa.law.cite import cite
    from zhifa.law.search import LawFilters
    from zhifa.law.service import library, run_import, search
    from zhifa.store.db import make_engine
    from zhifa.store.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/zhifa.db"
        engine = make_engine(db)
        upgrade(engine)
        settings = Settings(database_url=db, var_dir=Path(tmp) / "var", data_dir=data_dir)
        started = time.perf_counter()
        report = run_import(engine, settings, data_dir / "laws")
        print(f"import (SQLite + search index): {time.perf_counter() - started:.1f} s — {report.summary()}")
        started = time.perf_counter()
        again = run_import(engine, settings, data_dir / "laws")
        print(
            f"re-import (nothing changed): {time.perf_counter() - started:.2f} s, imported {again.imported}"
        )

        queries = [c["query"] for c in yaml.safe_load((DATA / "law_search_judged.yaml").read_text("utf-8"))]
        queries += ["罚款", "经营者", "责令改正 罚款", "食品 许可", "广告 未成年人"]
        filters = [
            LawFilters(),
            LawFilters(in_force=True),
            LawFilters(law="价格法"),
            LawFilters(level="法律"),
        ]
        library(engine)  # load once, as a server does at start
        search(engine, settings, "预热", LawFilters(), 10)
        times: list[float] = []
        slow: dict[str, float] = {}
        for _ in range(3):
            for q in queries:
                for flt in filters:
                    t0 = time.perf_counter()
                    search(engine, settings, q, flt, 10)
                    times.append(time.perf_counter() - t0)
                    slow.setdefault(q, 0.0)
                    slow[q] = max(slow[q], times[-1])
        print(
            f"search: n={len(times)} p50 {_pct(times, 0.5):.2f} ms, p95 {_pct(times, 0.95):.2f} ms, "
            f"max {max(times) * 1000:.1f} ms"
        )
        worst = sorted(slow.items(), key=lambda kv: -kv[1])[:3]
        print("  slowest queries: " + ", ".join(f"{q} {t * 1000:.1f} ms" for q, t in worst))

        lib = library(engine)
        cases = yaml.safe_load((DATA / "citations.yaml").read_text("utf-8"))
        ctimes: list[float] = []
        for _ in range(5):
            for c in cases:
                t0 = time.perf_counter()
                cite(c["text"], lib, context_law=c.get("context"))
                ctimes.append(time.perf_counter() - t0)
        print(
            f"citation parse+resolve: n={len(ctimes)} p50 {_pct(ctimes, 0.5):.3f} ms, "
            f"p95 {_pct(ctimes, 0.95):.3f} ms (mean {statistics.mean(ctimes) * 1000:.3f} ms)"
        )
        ttimes: list[float] = []
        for c in cases:
            for r in cite(c["text"], lib, context_law=c.get("context")):
                if r.provision is not None:
                    lib._text.cache_clear()  # type: ignore[attr-defined]
                    t0 = time.perf_counter()
                    lib.text(r.provision)
                    ttimes.append(time.perf_counter() - t0)
        print(f"exact text fetch (uncached): p50 {_pct(ttimes, 0.5):.3f} ms, p95 {_pct(ttimes, 0.95):.3f} ms")
        engine.dispose()
        out = subprocess.run(
            [sys.executable, __file__, "--serve-rss", db, str(Path(tmp) / "var")],
            capture_output=True,
            text=True,
            check=True,
        )
        print(f"RSS of a process with the library, index and tokenizer loaded: {out.stdout.strip()} MB")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve-rss":
        serve_rss(sys.argv[2], sys.argv[3])
    else:
        main()

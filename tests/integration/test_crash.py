"""kill -9 of `zhifa serve` on PostgreSQL mid-burst (a smaller run of bench/crash.py): after the restart no
acknowledged write is missing, 立案 文号 have no gap or duplicate, and the ledger verifies."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import require_pg_url

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.postgres
@pytest.mark.slow
def test_kill_9_mid_burst_loses_no_acknowledged_write() -> None:
    url = require_pg_url()
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("zhifa_bench_crash", BENCH / "crash.py")
        assert spec is not None and spec.loader is not None
        crash = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(crash)
    finally:
        sys.path.remove(str(BENCH))
    assert crash.run(url, cases=40, concurrency=4, kill_after=0.5) == []

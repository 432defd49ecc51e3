"""The precedent library over the real decisions: import all, then a 2-fold evaluation in a sane band."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from tests.conftest import skip_without_data
from zhifa.assistant.baseline import train_baseline
from zhifa.assistant.evaluation import evaluate
from zhifa.assistant.knn import train_knn
from zhifa.precedents.loading import load_folder
from zhifa.precedents.service import import_folder
from zhifa.store.models.precedents import Precedent

pytestmark = pytest.mark.corpus
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "var" / "cache" / "precedents"


def _decisions(data_dir: Path) -> Path:
    decisions = data_dir / "decisions"
    if not (decisions / "index.jsonl").exists():
        skip_without_data(f"{decisions} 中没有 index.jsonl：请先运行 zhifa data fetch")
    return decisions


def test_import_all_decisions(engine: Engine, data_dir: Path) -> None:
    summary = import_folder(engine, _decisions(data_dir), cache_dir=CACHE)
    assert summary.files == 627 and summary.duplicate_rows == 8
    assert summary.complete + len(summary.partial) + len(summary.failed) == 627  # none dropped
    assert summary.complete >= 528  # measured 528/627 (84.2 %), 528/583 with a body (90.6 %)
    assert all(problems for _, _, problems in summary.partial)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Precedent)) == 627
        names = [
            n
            for (n,) in conn.execute(
                select(Precedent.party_name_masked).where(Precedent.party_kind == "natural_person")
            )
        ]
    assert names and all("某" in n for n in names if n)


def test_two_fold_evaluation_is_in_a_sane_band(data_dir: Path) -> None:
    records = load_folder(_decisions(data_dir), CACHE).records
    base = evaluate(records, train_baseline, name="baseline", folds=2).summary()
    knn = evaluate(records, train_knn, name="knn", folds=2).summary()
    assert base["documents"] == 582
    # 5 folds measured (first provision): baseline 71.7 % / 62.5 % / fine 26.0 % / NDCG 0.761
    #                                     knn      83.9 % / 77.5 % / fine 28.3 % / NDCG 0.870
    assert 0.6 <= base["violated_exact"]["value"] <= 0.85
    assert 0.5 <= base["penalty_exact"]["value"] <= 0.8
    assert 0.65 <= base["violated_in_top3"]["value"] <= 0.9
    assert 0.15 <= base["fine_within_25pct"]["value"] <= 0.45
    assert 0.6 <= base["ndcg_at_10"]["value"] <= 0.95
    assert knn["violated_exact"]["value"] >= base["violated_exact"]["value"]
    assert knn["penalty_exact"]["value"] >= base["penalty_exact"]["value"]
    assert knn["ndcg_at_10"]["value"] >= base["ndcg_at_10"]["value"]

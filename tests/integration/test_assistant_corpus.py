"""The assistant on the real corpus: two held-out decisions' facts → their provisions, with law texts; API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.integration.law_corpus_support import Corpus
from zhifa.assistant.model import train
from zhifa.assistant.pipeline import Assistant, model_path
from zhifa.assistant.schema import missing_keys
from zhifa.config import Settings, get_settings
from zhifa.law.citation_resolver import LibraryResolver
from zhifa.precedents.loading import load_folder
from zhifa.precedents.record import PrecedentRecord
from zhifa.rules.factors import load_factors
from zhifa.rules.loader import load_catalog
from zhifa.rules.profiles import get_profile, load_profiles

pytestmark = [pytest.mark.corpus, pytest.mark.slow]
# held out of training: a 过期食品 case (食品安全法 §34) and a 虚假划线价 case (价格法 §14)
HELD = {"230712000000309469021": ("食品安全法", 34), "38ea5848b1434757dacc81b4f7851ace": ("价格法", 14)}


@dataclass
class Trained:
    assistant: Assistant
    held: list[PrecedentRecord]
    var_dir: Path


@pytest.fixture(scope="module")
def trained(corpus: Corpus, data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Trained:
    records = load_folder(data_dir / "decisions", get_settings().var_dir / "cache" / "precedents").records
    held = [r for r in records if r.docid in HELD]
    assert len(held) == len(HELD)
    catalog, factors = load_catalog(), load_factors()
    profile = get_profile(load_profiles(), "hubei")
    model = train([r for r in records if r.docid not in HELD], catalog, factors, profile)
    var_dir = tmp_path_factory.mktemp("assist-var")
    model.save(model_path(var_dir))
    resolver = LibraryResolver(corpus.library)
    return Trained(
        Assistant(model, catalog, factors, profile, resolver, today=date(2026, 11, 25)), held, var_dir
    )


def test_held_out_facts_give_the_decided_provisions(trained: Trained) -> None:
    for record in trained.held:
        out = trained.assistant.assist(record.facts).to_dict()
        assert missing_keys(out) == []
        law, article = HELD[record.docid]
        violated = out["provisions"]["violated"]
        assert any(law in p["law_title"] and p["article"] == article for p in violated), violated
        assert all(p["text"] for p in violated + out["provisions"]["penalty"])  # law texts from the library
        assert record.docid not in {p["docid"] for p in out["precedents"]}
        assert out["precedents"] and all(p["why_similar"] for p in out["precedents"])


def test_expired_food_penalty_uses_the_2021_text(trained: Trained) -> None:
    food = next(r for r in trained.held if HELD[r.docid][0] == "食品安全法")
    out = trained.assistant.assist(
        food.facts, {"party_type": "individual_business", "goods_value": 300}
    ).to_dict()
    assert out["violation_types"][0]["id"] == "food.expired_food"
    penalty = next(p for p in out["provisions"]["penalty"] if p["article"] == 124)
    assert penalty["version_date"] == "2021-04-29" and "货值金额不足一万元" in penalty["text"]
    # 食品安全法 §124: 货值金额不足一万元的，并处五万元以上十万元以下罚款
    assert out["penalty"]["statutory_range"] == ["50000.00", "100000.00"]


def test_api_with_bearer_dependency(corpus: Corpus, trained: Trained, data_dir: Path) -> None:
    from fastapi.testclient import TestClient

    from zhifa.domain.actors import Actor, Role
    from zhifa.web.app import create_app
    from zhifa.web.deps import current_actor

    settings = Settings(database_url=str(corpus.engine.url), var_dir=trained.var_dir, data_dir=data_dir)
    app = create_app(settings)
    app.state.zhifa.engine = corpus.engine
    app.dependency_overrides[current_actor] = lambda: Actor(
        1, "tester", "测试员", 1, "420000", "/1/", frozenset({Role.HANDLER})
    )
    client = TestClient(app)
    facts = trained.held[0].facts
    ok = client.post("/api/v1/assist", json={"facts": facts, "party_type": "organization", "top_k": 3})
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert missing_keys(body) == [] and len(body["precedents"]) == 3
    # by default no article texts (the caller did not ask for them); ?detail=full brings them
    provisions = body["provisions"]["violated"] + body["provisions"]["penalty"]
    assert body["detail"] == "summary" and all("text" not in p for p in provisions)
    assert all(p["label"] and p["version_date"] for p in provisions)
    discretion = next(step for step in body["trail"] if step["step"] == "discretion")
    assert "articles" not in discretion["trail"] and discretion["trail"]["penalty_clause"]
    asked = {"facts": facts, "party_type": "organization", "top_k": 3}
    full = client.post("/api/v1/assist?detail=full", json=asked)
    assert full.status_code == 200 and "detail" not in full.json()
    full_provisions = full.json()["provisions"]["violated"] + full.json()["provisions"]["penalty"]
    assert all(p["text"] for p in full_provisions)
    full_discretion = next(step for step in full.json()["trail"] if step["step"] == "discretion")
    assert full_discretion["trail"]["articles"][0]["text"]
    assert len(full.content) > len(ok.content)
    assert {k: v for k, v in full.json().items() if k not in ("provisions", "trail")} == {
        k: v for k, v in body.items() if k not in ("provisions", "trail", "detail")
    }
    bad_detail = client.post("/api/v1/assist?detail=everything", json={"facts": facts})
    assert bad_detail.status_code == 422 and bad_detail.json()["code"] == "validation_error"
    checked = client.post("/api/v1/assist", json={"facts": facts, "proposed_fine": 999999}).json()
    assert checked["consistency"]["ok"] is False
    for bad, code in (
        ({"facts": ""}, "empty_facts"),
        ({"facts": "经" * 500_000}, "facts_too_long"),
        ({"facts": "经查", "party_type": "alien"}, "bad_party_type"),
        ({"facts": "经查", "colour": 1}, "validation_error"),
        ({}, "validation_error"),
    ):
        res = client.post("/api/v1/assist", json=bad)
        assert res.status_code == 422 and res.json()["code"] == code, (bad, res.text)
    nonsense = client.post("/api/v1/assist", json={"facts": "hello world"}).json()
    assert nonsense["confidence"]["uncertain"] is True
    app.dependency_overrides.clear()
    assert client.post("/api/v1/assist", json={"facts": facts}).status_code == 401


def test_the_app_loads_the_assistant_at_start_not_at_the_first_request(
    corpus: Corpus, trained: Trained, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from zhifa.assistant.model import AssistantModel
    from zhifa.assistant.pipeline_service import invalidate
    from zhifa.domain.actors import Actor, Role
    from zhifa.web.app import create_app
    from zhifa.web.deps import current_actor

    invalidate()  # nothing loaded by earlier tests
    settings = Settings(database_url=str(corpus.engine.url), var_dir=trained.var_dir, data_dir=data_dir)
    app = create_app(settings)
    app.state.zhifa.engine = corpus.engine
    app.dependency_overrides[current_actor] = lambda: Actor(
        1, "tester", "测试员", 1, "420000", "/1/", frozenset({Role.HANDLER})
    )
    loads: list[Path] = []
    real_load = AssistantModel.load

    def counting_load(path: Path) -> AssistantModel:
        loads.append(path)
        return real_load(path)

    monkeypatch.setattr(AssistantModel, "load", staticmethod(counting_load))
    with TestClient(app) as client:  # start-up (lifespan) ran
        assert loads == [model_path(trained.var_dir)]
        first = client.post("/api/v1/assist", json={"facts": trained.held[0].facts})
        assert first.status_code == 200, first.text
        assert loads == [model_path(trained.var_dir)]  # the request did not load anything
    invalidate()


def test_cli_train_and_assist(
    corpus: Corpus, trained: Trained, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from typer.testing import CliRunner

    from tests.integration.conftest import corpus_url
    from zhifa.cli import app
    from zhifa.config import reset_settings
    from zhifa.errors import ValidationFailed

    folder = tmp_path / "decisions"
    folder.mkdir()
    for pdf in sorted((data_dir / "decisions" / "pdf").glob("*.pdf"))[:12]:
        (folder / pdf.name).symlink_to(pdf)
    monkeypatch.setenv("ZHIFA_DATABASE_URL", corpus_url(corpus))
    monkeypatch.setenv("ZHIFA_VAR_DIR", str(tmp_path / "var"))
    reset_settings()
    try:
        runner = CliRunner()
        trained_out = runner.invoke(app, ["assist", "train", str(folder), "--json"])
        assert trained_out.exit_code == 0, trained_out.output
        summary = json.loads(trained_out.output)
        assert summary["decisions"] == 12 and Path(summary["model"]).exists()
        facts = trained.held[0].facts
        answer = runner.invoke(app, ["assist", "-", "--json", "--top-k", "2"], input=facts)
        assert answer.exit_code == 0, answer.output
        body = json.loads(answer.output)
        assert missing_keys(body) == [] and len(body["precedents"]) == 2
        assert body["provisions"]["violated"][0]["text"]
        text = runner.invoke(app, ["assist", "-", "--proposed-fine", "999999"], input=facts)
        assert "违法行为类型" in text.output and "畸重" in text.output
        empty = runner.invoke(app, ["assist", "-"], input="  ")
        assert isinstance(empty.exception, ValidationFailed) and empty.exception.code == "empty_facts"
    finally:
        reset_settings()


def test_api_missing_amount_for_a_named_type(corpus: Corpus, trained: Trained, data_dir: Path) -> None:
    """产品质量法第五十条: the fine is a multiple of 货值金额 — without it 422, never [0, 0] (issue 16)."""
    from fastapi.testclient import TestClient

    from zhifa.domain.actors import Actor, Role
    from zhifa.web.app import create_app
    from zhifa.web.deps import current_actor

    settings = Settings(database_url=str(corpus.engine.url), var_dir=trained.var_dir, data_dir=data_dir)
    app = create_app(settings)
    app.state.zhifa.engine = corpus.engine
    app.dependency_overrides[current_actor] = lambda: Actor(
        1, "tester", "测试员", 1, "420000", "/1/", frozenset({Role.HANDLER})
    )
    client = TestClient(app)
    facts = "经查，当事人在销售的产品中掺杂、掺假，以次充好。"
    named = {"facts": facts, "violation_type": "quality.adulterated_fake", "party_type": "organization"}
    missing = client.post("/api/v1/assist", json=named)
    assert missing.status_code == 422 and missing.json()["code"] == "missing_amount", missing.text
    assert "货值金额" in missing.json()["message"]
    given = client.post("/api/v1/assist", json={**named, "goods_value": "8000"})
    assert given.status_code == 200, given.text
    assert given.json()["penalty"]["statutory_range"] == ["4000.00", "24000.00"]
    # 食品安全法第一百二十六条：only the correction order and a warning until 拒不改正 is established
    cond = {
        "facts": "经查，当事人进货时未查验供货者的许可证。",
        "violation_type": "food.no_purchase_inspection_records",
    }
    body = client.post("/api/v1/assist", json=cond).json()
    assert body["penalty"]["suggested_fine"] is None and body["penalty"]["error"] is None
    discretion = next(s for s in body["trail"] if s["step"] == "discretion")
    assert discretion["trail"]["conditional_fine"]["statutory_range"] == ["5000.00", "50000.00"]
    app.dependency_overrides.clear()

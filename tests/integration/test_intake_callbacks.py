"""Callbacks to the source systems: signed (HMAC-SM3), retried, at least once with an event id, through the
outbox rows written in the transaction of the ledger event (the receipt, filing, 不予立案, decision …)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.case_helpers import World, api_client, file_body
from tests.integration.intake_helpers import intake_world  # noqa: F401  (fixture w)
from tests.integration.outbox_helpers import rows
from tests.integration.test_intake_api import clue
from zhifa.config import reset_settings
from zhifa.identity.auth import token_hash
from zhifa.integrations.callbacks import TARGET, callback_secret
from zhifa.integrations.receiver import start_receiver
from zhifa.integrations.sources import enable_source, revoke_source, source_callback_secret
from zhifa.services.cases import china_today
from zhifa.services.outbox_worker import run_once

LATER = datetime.now(UTC) + timedelta(days=2)


@pytest.fixture
def client(w: World, tmp_path: Path) -> TestClient:
    return api_client(w, tmp_path)


class Source:
    """A source system with its callback URL pointed at a loopback receiver checking its secret."""

    def __init__(self, w: World, callback: bool = True) -> None:
        self.server, self.inbox = start_receiver("placeholder")
        url = f"http://127.0.0.1:{self.server.server_address[1]}/{TARGET}" if callback else None
        issued = enable_source(w.uow(), "food_trade", url)
        self.headers = {"X-Api-Key": issued.key}
        self.secret = issued.callback_secret
        if issued.callback_secret:
            self.inbox.secret = issued.callback_secret

    def docs(self) -> list[dict[str, Any]]:
        return [self.inbox.deliveries[d] for d in self.inbox.order]


@pytest.fixture
def source(w: World) -> Iterator[Source]:
    s = Source(w)
    yield s
    s.server.shutdown()
    s.server.server_close()


def test_the_receipt_is_called_back_signed_with_an_event_id(
    w: World, client: TestClient, source: Source
) -> None:
    sent = client.post("/api/v1/intake/clues", json=clue(), headers=source.headers).json()
    [row] = rows(w.engine, TARGET)
    assert row.case_id == sent["id"] and row.status == "pending" and row.event_type == "ClueRegistered"
    report = run_once(w.engine)
    assert report.delivered == 1 and "intake_callback" not in report.not_configured
    [doc] = source.docs()
    assert doc["event_id"] == doc["delivery_id"] == row.delivery_id  # the receiver checked the signature
    assert doc["data"]["clue_id"] == sent["id"] and doc["data"]["source_ref"] == "SPJY-2026-0001"
    assert doc["data"]["status"] == "accepted" and doc["data"]["agency_code"] == "420102"
    assert doc["data"]["due_on"] == sent["due_on"] and "第十八条" in doc["legal_basis"]
    replay = client.post("/api/v1/intake/clues", json=clue(), headers=source.headers)
    assert replay.headers.get("Idempotent-Replayed") == "true" and len(rows(w.engine, TARGET)) == 1


def test_filing_and_not_filing_are_called_back_with_the_docno_and_the_reason(
    w: World, client: TestClient, source: Source
) -> None:
    today = china_today()
    filed = client.post("/api/v1/intake/clues", json=clue("A-1"), headers=source.headers).json()["id"]
    declined = client.post("/api/v1/intake/clues", json=clue("A-2"), headers=source.headers).json()["id"]
    w.do(w.head, filed, "file", file_body(w, act_date=(today - timedelta(days=3)).isoformat()), today)
    decline = {"ground": "no_evidence", "reason": "经核查，所售食品在保质期内，线索不实"}
    w.do(w.head, declined, "decline", decline, today)
    assert run_once(w.engine).delivered == 4
    by = {(d["data"]["clue_id"], d["data"]["status"]): d for d in source.docs()}
    filing = by[(filed, "filed")]
    assert filing["event"] == "CaseFiled" and "市监" in filing["data"]["filing_docno"]
    no = by[(declined, "declined")]
    assert no["event"] == "FilingDeclined" and no["data"]["reason"] == decline["reason"]
    assert no["data"]["ground"] == "no_evidence"


def test_a_failing_source_is_retried_with_back_off_and_a_lost_reply_is_resent_with_the_same_id(
    w: World, client: TestClient, source: Source
) -> None:
    client.post("/api/v1/intake/clues", json=clue(), headers=source.headers)
    source.inbox.fail_next("503", "drop")
    first = run_once(w.engine)
    assert first.retrying == 1 and run_once(w.engine).delivered == 0  # not due before the back-off delay
    [row] = rows(w.engine, TARGET)
    assert row.status == "retrying" and "HTTP 503" in row.last_error
    assert run_once(w.engine, clock=lambda: LATER).retrying == 1  # stored, but the reply was lost
    assert run_once(w.engine, clock=lambda: LATER + timedelta(days=1)).delivered == 1
    assert len(source.inbox.deliveries) == 1 and source.inbox.duplicates == 1  # de-duplicated by event id


def test_a_wrong_secret_is_refused_by_the_source_and_a_revoked_source_gets_nothing(
    w: World, client: TestClient, source: Source
) -> None:
    client.post("/api/v1/intake/clues", json=clue(), headers=source.headers)
    secret = source_callback_secret(w.uow(), "food_trade")
    assert secret == source.secret
    assert secret != callback_secret("food_trade", token_hash("zfsrc_other"))
    source.inbox.secret = "不是这个来源的密钥"
    assert run_once(w.engine).dead == 1  # 401 from the source: refused for good, kept as a dead letter
    client.post("/api/v1/intake/clues", json=clue("B-2"), headers=source.headers)
    revoke_source(w.uow(), "food_trade")
    report = run_once(w.engine)
    assert report.delivered == 0 and "intake_callback" in report.not_configured


def test_no_callback_url_no_rows_and_ordinary_cases_have_none(w: World, client: TestClient) -> None:
    quiet = Source(w, callback=False)
    try:
        sent = client.post("/api/v1/intake/clues", json=clue(), headers=quiet.headers).json()
        w.do(w.head, sent["id"], "file", file_body(w), china_today())
        own = w.clue(china_today())
        w.do(w.head, own, "file", file_body(w), china_today())
        assert rows(w.engine, TARGET) == []
    finally:
        quiet.server.shutdown()
        quiet.server.server_close()


def test_callbacks_from_the_command_line(
    w: World, client: TestClient, source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from zhifa.cli import app

    if w.engine.dialect.name == "postgresql":
        pytest.skip(
            "the schema-scoped PostgreSQL URL of the CLI tests needs a subprocess (test_intake_sources)"
        )
    client.post("/api/v1/intake/clues", json=clue(), headers=source.headers)
    monkeypatch.setenv("ZHIFA_DATABASE_URL", w.engine.url.render_as_string(hide_password=False))
    reset_settings()
    shown = CliRunner().invoke(app, ["intake", "callbacks", "--run", "--json"])
    assert shown.exit_code == 0, shown.output
    doc = json.loads(shown.output)
    assert doc["run"]["delivered"] == 1 and doc["sources"][0]["delivered"] == 1
    assert doc["latest"][0]["event"] == "ClueRegistered"

"""Targets set by an administrator (secret sealed with SM4-GCM) and reconciliation with what a target
acknowledges having (issue 19): lost, unconfirmed, unknown and pending deliveries; requeue logged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from tests.integration.outbox_helpers import SECRET, add_rows, database_url, outbox_settings, receiver, rows
from zhifa.cli import app
from zhifa.config import reset_settings
from zhifa.errors import ConfigurationError, ValidationFailed
from zhifa.integrations.receiver import start_receiver
from zhifa.services.cases import china_today
from zhifa.services.outbox_admin import actions, targets
from zhifa.services.outbox_reconcile import reconcile
from zhifa.services.outbox_targets import open_secret, set_target, stored_endpoints
from zhifa.services.outbox_worker import run_once
from zhifa.store.models.outbox import OutboxRow, OutboxTarget
from zhifa.store.uow import UnitOfWork


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    with outbox_settings(monkeypatch, tmp_path, ZHIFA_PUSH_TIMEOUT_SECONDS="2"):
        yield


def test_a_target_set_by_an_administrator_is_used_with_its_secret_sealed(engine: Engine) -> None:
    server, inbox = start_receiver(SECRET)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/credit_office"
        done = set_target(engine, "credit_office", url, SECRET, "省局管理员")
        assert done == {"code": "credit_office", "url": url, "source": "admin"}
        with UnitOfWork(engine, read_only=True) as uow:
            sealed, by = uow.session.execute(select(OutboxTarget.secret_enc, OutboxTarget.updated_by)).one()
        assert SECRET not in sealed and sealed.startswith("sm4gcm-v1:") and by == "省局管理员"
        with pytest.raises(ConfigurationError) as other:  # bound to its target code
            open_secret(sealed, "audit")
        assert other.value.code == "push_secret_decrypt_failed"
        with pytest.raises(ConfigurationError):
            open_secret(sealed, "credit_office", "another-key-encryption-secret")
        found = {t["code"]: t for t in targets(engine)}
        assert found["credit_office"]["configured"] and found["credit_office"]["source"] == "admin"
        add_rows(engine, 3, streams=1, targets=("credit_office",))
        assert run_once(engine).delivered == 3 and len(inbox.deliveries) == 3  # no environment needed
        (log,) = actions(engine)
        assert log["action"] == "set_target" and log["actor"] == "省局管理员" and SECRET not in log["note"]
    finally:
        server.shutdown()


def test_bad_target_settings_are_refused_and_nothing_is_written(engine: Engine) -> None:
    cases = [
        ("no_such_target", "https://x.example.cn/p", SECRET, "unknown_push_target"),
        ("audit", "http://audit.example.cn/push", SECRET, "push_url_invalid"),  # plain HTTP off this machine
        ("audit", "https://audit.example.cn/push", "short", "push_secret_too_short"),
    ]
    for code, url, secret, error in cases:
        with pytest.raises(ValidationFailed) as bad:
            set_target(engine, code, url, secret, "省局管理员")
        assert bad.value.code == error
    assert stored_endpoints(engine) == {} and actions(engine) == []


def test_reconcile_finds_lost_unconfirmed_unknown_and_pending_and_requeues_the_lost(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = china_today()  # read here, not at collection: a run may cross Beijing midnight meanwhile
    add_rows(engine, 6, streams=3)
    with receiver(monkeypatch, "credit_publicity") as inbox:
        inbox.fail_next("drop")  # the first is stored there, the answer is lost: not marked here
        run_once(engine)
        lost = rows(engine)[-1].delivery_id  # delivered, then lost on the target's side
        with inbox.lock:
            del inbox.deliveries[lost]
            inbox.order.remove(lost)
            inbox.received_at.pop(lost)
            inbox.deliveries["f" * 32] = {"target": "credit_publicity"}  # something we never sent
            inbox.order.append("f" * 32)
            inbox.received_at["f" * 32] = inbox.received_at[inbox.order[0]]
        found = reconcile(engine, "credit_publicity", today)
        assert found["rows"] == 6 and found["missing_at_target"] == 1 and found["unknown_at_target"] == 1
        assert found["unconfirmed"] == 1 and found["samples"]["missing_at_target"] == [lost]
        assert (
            found["acknowledged"] + found["missing_at_target"] + found["unconfirmed"] + found["pending"] == 6
        )
        assert found["requeued"] == 0 and rows(engine)[-1].status == "delivered"
        again = reconcile(engine, "credit_publicity", today, requeue=True, actor="省局管理员")
        assert again["requeued"] == 1 and rows(engine)[-1].status == "pending"
        assert actions(engine)[0]["action"] == "requeue" and lost in actions(engine)[0]["note"]
        for _ in range(3):
            run_once(engine)
        assert lost in inbox.deliveries
        tomorrow = reconcile(engine, "credit_publicity", date.fromordinal(today.toordinal() + 1))
        assert tomorrow["rows"] == 0


def test_reconcile_counts_the_day_in_beijing_time_whatever_the_hour_the_suite_runs(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_rows(engine, 2, streams=1)
    first, second = (r.id for r in rows(engine))
    with UnitOfWork(engine) as uow:  # 00:30 and 23:30 Beijing time, on either side of midnight 12-06
        for row_id, at in ((first, datetime(2026, 12, 5, 16, 30, tzinfo=UTC)),
                           (second, datetime(2026, 12, 5, 15, 30, tzinfo=UTC))):  # fmt: skip
            uow.session.execute(update(OutboxRow).where(OutboxRow.id == row_id).values(created_at=at))
        uow.commit()
    with receiver(monkeypatch, "credit_publicity"):
        assert reconcile(engine, "credit_publicity", date(2026, 12, 6))["rows"] == 1
        assert reconcile(engine, "credit_publicity", date(2026, 12, 5))["rows"] == 2
        assert reconcile(engine, "credit_publicity", date(2026, 12, 7))["rows"] == 0


def test_reconcile_refuses_an_unconfigured_target_and_a_wrong_signature(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConfigurationError) as none:
        reconcile(engine, "discipline", china_today())
    assert none.value.code == "push_target_not_configured"
    with receiver(monkeypatch, "discipline", secret="另一个密钥-another-secret"):
        with pytest.raises(Exception) as refused:
            reconcile(engine, "discipline", china_today())
        assert getattr(refused.value, "code", "") == "push_listing_refused" and "401" in str(refused.value)


def test_the_reconcile_and_set_target_commands(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIFA_DATABASE_URL", database_url(engine))
    reset_settings()
    today = china_today()  # before the rows: a run that crosses Beijing midnight still counts them
    add_rows(engine, 2, streams=1, targets=("audit",))
    server, _inbox = start_receiver(SECRET)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/audit"
        runner = CliRunner()
        done = runner.invoke(app, ["outbox", "set-target", "audit", "--url", url], input=f"{SECRET}\n")
        assert done.exit_code == 0 and "audit 已设置" in done.output and SECRET not in done.output
        assert "已投递 2" in runner.invoke(app, ["outbox", "run", "--once"]).output
        out = runner.invoke(app, ["outbox", "reconcile", "audit", "--since", today.isoformat(), "--json"])
        assert json.loads(out.output)["acknowledged"] == 2
        bad = runner.invoke(app, ["outbox", "reconcile", "audit", "--since", "昨天"])
        assert bad.exit_code == 2 and "bad_date" in bad.output
    finally:
        server.shutdown()

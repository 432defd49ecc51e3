"""The outbox end to end: rows written with the ledger event, delivered to a real receiver on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from datetime import date as D
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from tests.integration.case_helpers import ORG, World, file_body, fine, make_world
from tests.integration.onsite_helpers import HEARD_NO_SIGNATURE
from tests.integration.outbox_helpers import LI, database_url, decided, receiver, rows
from zhifa.cli import app
from zhifa.config import reset_settings
from zhifa.errors import NotFound, ValidationFailed
from zhifa.services import cases as case_service
from zhifa.services import outbox_page
from zhifa.services.cases import issue_summary_penalty
from zhifa.services.deadlines import deadline_list
from zhifa.services.ledger_audit import take_checkpoint
from zhifa.services.outbox_admin import list_rows, retry, status, targets
from zhifa.services.outbox_worker import run_once
from zhifa.store.models.ledger import LedgerRecord
from zhifa.store.models.outbox import OutboxRow
from zhifa.store.uow import UnitOfWork

LATER = datetime.now(UTC) + timedelta(days=2)  # past any back-off delay


@pytest.fixture
def w(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[World]:
    monkeypatch.setenv("ZHIFA_PUSH_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("ZHIFA_PUSH_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("ZHIFA_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ZHIFA_KEY_ENCRYPTION_SECRET", "outbox-test-secret")
    reset_settings()
    yield make_world(engine)
    reset_settings()


def test_a_penalty_decision_obliges_publicity_within_20_working_days_公示规定_9(w: World) -> None:
    case = decided(w, ORG, fine("5000"))
    found = {r.target: r for r in rows(w.engine)}
    assert set(found) == {"credit_publicity", "penalty_documents", "internet_plus", "credit_office"}
    publish = found["credit_publicity"]
    assert publish.case_id == case and publish.status == "pending" and publish.event_type == "DecisionIssued"
    assert publish.due_on == D(2026, 4, 20)  # 20 working days after Friday 2026-03-20 (清明 4-6 off)
    assert "第九条" in publish.legal_basis
    body = json.loads(publish.payload)
    assert body["delivery_id"] == publish.delivery_id and body["data"]["party"]["name"] == ORG["name"]
    assert body["data"]["docno"] and body["data"]["penalty"]["fine"] == "5000.00"


def test_an_event_that_rolls_back_leaves_no_outbox_row(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = case_service.enqueue_case_events

    def enqueue_then_fail(*args: Any) -> None:
        real(*args)
        if any(e.type == "DecisionIssued" for e in args[3]):
            assert args[0].new, "the outbox rows are in the session"
            raise RuntimeError("进程在提交前中断")

    with pytest.raises(RuntimeError):
        monkeypatch.setattr(case_service, "enqueue_case_events", enqueue_then_fail)
        decided(w, ORG, fine("5000"))
    monkeypatch.undo()
    with UnitOfWork(w.engine, read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(OutboxRow)) == 0
        types = set(uow.session.scalars(select(LedgerRecord.type)))
    assert "DecisionIssued" not in types and "NoticeIssued" in types


def test_a_warning_only_decision_is_not_published_公示规定_2(w: World) -> None:
    decided(w, ORG, {"kinds": ["warning"]})
    assert {r.target for r in rows(w.engine)} == {"internet_plus", "credit_office"}


def test_a_natural_persons_data_is_masked_in_publicity_but_not_in_internal_pushes(w: World) -> None:
    facts = "经查，当事人李建国（身份证号11010519491231002X，电话13812345678）在经营场所销售过期食品12件。"
    decided(w, LI, fine("3000"), facts=facts)
    public = rows(w.engine, "credit_publicity")[0].payload
    for secret in ("李建国", "11010519491231002X", "13812345678", "解放大道1号"):
        assert secret not in public
    data = json.loads(public)["data"]
    assert data["party"]["name"] == "李某" and data["party"]["address"] == "湖北省武汉市江岸区****"
    assert "138****5678" in data["facts"]
    internal = json.loads(rows(w.engine, "credit_office")[0].payload)["data"]
    assert internal["party"]["name"] == "李建国" and internal["party"]["id_number"] == "11010519491231002X"


def test_delivery_in_order_signed_and_not_configured_targets_wait(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = decided(w, ORG, fine("5000"))
    second = decided(w, LI, fine("3000"))
    with receiver(monkeypatch, "credit_publicity", "internet_plus") as inbox:
        report = run_once(w.engine)
        assert report.delivered == 4 and report.not_configured == {"penalty_documents", "credit_office"}
        got = [inbox.deliveries[d] for d in inbox.order]
    assert [(d["target"], d["case_id"]) for d in got if d["target"] == "credit_publicity"] == [
        ("credit_publicity", first), ("credit_publicity", second)
    ]  # fmt: skip
    delivered = {r.target: r.status for r in rows(w.engine) if r.case_id == first}
    assert delivered == {
        "credit_publicity": "delivered", "internet_plus": "delivered",
        "penalty_documents": "pending", "credit_office": "pending",
    }  # fmt: skip
    by_target = {s["target"]: s for s in status(w.engine, D(2026, 3, 23))}
    assert by_target["credit_office"]["pending"] == 2 and not by_target["credit_office"]["configured"]
    assert by_target["credit_publicity"]["delivered"] == 2


def test_a_failing_receiver_is_retried_with_back_off_then_delivered(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided(w, ORG, fine("5000"))
    with receiver(monkeypatch, "credit_publicity") as inbox:
        inbox.fail_next("503")
        assert run_once(w.engine).retrying == 1
        row = rows(w.engine, "credit_publicity")[0]
        assert row.status == "retrying" and row.attempts == 1 and "HTTP 503" in row.last_error
        again = run_once(w.engine)  # not due again before the back-off delay
        assert again.delivered == again.retrying == 0 and inbox.requests == 1
        assert run_once(w.engine, clock=lambda: LATER).delivered == 1
        assert len(inbox.deliveries) == 1 and inbox.requests == 2
    assert rows(w.engine, "credit_publicity")[0].status == "delivered"


def test_dead_letter_after_n_tries_holds_the_case_queue_until_retried(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = decided(w, ORG, fine("5000"))
    w.do(
        w.h1,
        case,
        "serve",
        {"document": "decision", "method": "in_person", "served_on": "2026-03-20"},
        D(2026, 3, 20),
    )
    w.do(
        w.h1,
        case,
        "appeal",
        {"kind": "reconsideration", "filed_on": "2026-03-25", "body": "武汉市人民政府"},
        D(2026, 3, 25),
    )
    outcome = {"kind": "reconsideration", "concluded_on": "2026-05-20", "result": "revoked"}
    w.do(w.h1, case, "appeal-outcome", outcome, D(2026, 5, 20))
    publish, withdraw = rows(w.engine, "credit_publicity")
    assert withdraw.obligation == "withdraw" and withdraw.due_on == D(
        2026, 5, 25
    )  # 公示规定 第十一条: 3 working days
    with receiver(monkeypatch, "credit_publicity") as inbox:
        inbox.fail_next("500", "500", "500")
        for day in range(3):
            run_once(w.engine, clock=lambda day=day: LATER + timedelta(days=day))
        dead = list_rows(w.engine, "dead")
        assert [r["id"] for r in dead] == [publish.id] and dead[0]["attempts"] == 3
        assert rows(w.engine, "credit_publicity")[1].status == "pending"  # never overtakes the publication
        with pytest.raises(ValidationFailed) as not_dead:
            retry(w.engine, withdraw.id)
        assert not_dead.value.code == "outbox_not_dead"
        with pytest.raises(NotFound):
            retry(w.engine, 999_999)
        retry(w.engine, publish.id)
        assert run_once(w.engine).delivered == 2
        assert [inbox.deliveries[d]["obligation"] for d in inbox.order] == ["publish", "withdraw"]


def test_a_refused_payload_is_a_dead_letter_at_once_with_the_targets_reason(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided(w, ORG, fine("5000"))
    with receiver(monkeypatch, "credit_publicity") as inbox:
        inbox.fail_next("400")
        assert run_once(w.engine).dead == 1
    row = rows(w.engine, "credit_publicity")[0]
    assert row.status == "dead" and row.attempts == 1 and "数据项不符合接口规范" in row.last_error


def test_a_wrong_secret_is_refused_by_the_receiver(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    decided(w, ORG, fine("5000"))
    with receiver(monkeypatch, "credit_publicity") as inbox:
        monkeypatch.setenv("ZHIFA_PUSH_SECRET_CREDIT_PUBLICITY", "另一个密钥")
        assert run_once(w.engine).dead == 1
        assert inbox.deliveries == {}
    assert "签名校验失败" in rows(w.engine, "credit_publicity")[0].last_error


def test_a_lost_reply_is_sent_again_and_de_duplicated_by_delivery_id(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided(w, ORG, fine("5000"))
    with receiver(monkeypatch, "credit_publicity") as inbox:
        inbox.fail_next("drop")  # stored by the receiver, then the connection closes without an answer
        assert run_once(w.engine).retrying == 1
        assert len(inbox.deliveries) == 1
        assert run_once(w.engine, clock=lambda: LATER).delivered == 1
        assert len(inbox.deliveries) == 1 and inbox.duplicates == 1
    assert rows(w.engine, "credit_publicity")[0].status == "delivered"


def test_a_checkpoint_goes_to_the_audit_witness_in_its_transaction(w: World) -> None:
    decided(w, ORG, fine("5000"))
    taken = take_checkpoint(w.engine)
    (row,) = rows(w.engine, "audit")
    assert row.stream_id == "checkpoints" and row.source_seq == taken.id
    assert json.loads(row.payload)["data"]["statement"]["root"] == taken.checkpoint.root


def test_targets_report_configuration_and_legal_basis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIFA_PUSH_URL_AUDIT", "http://audit.example.gov.cn/push")
    monkeypatch.setenv("ZHIFA_PUSH_SECRET_AUDIT", "s")
    found = {t["code"]: t for t in targets()}
    assert len(found) == 8 and not found["audit"]["configured"] and "https" in found["audit"]["problem"]
    assert any("第九条" in b for b in found["credit_publicity"]["basis"])


def test_kill_9_of_the_worker_mid_delivery_loses_nothing_and_duplicates_no_effect(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided(w, ORG, fine("5000"))
    with receiver(monkeypatch, "credit_publicity") as inbox:
        inbox.slow_seconds = 10
        inbox.fail_next("slow")  # stored, then the answer waits: the worker is killed before it
        env = {
            **os.environ,
            "ZHIFA_DATABASE_URL": database_url(w.engine),
            "ZHIFA_PUSH_TIMEOUT_SECONDS": "60",
        }
        env["PYTHONPATH"] = os.pathsep.join(sys.path)
        code = (
            "import sys; from zhifa.cli import main; sys.argv = ['zhifa', 'outbox', 'run', '--once']; main()"
        )
        worker = subprocess.Popen([sys.executable, "-c", code], env=env)
        try:
            for _ in range(300):
                if inbox.deliveries or worker.poll() is not None:
                    break
                time.sleep(0.1)
            assert len(inbox.deliveries) == 1
            worker.send_signal(signal.SIGKILL)
        finally:
            worker.wait(30)
        assert worker.returncode == -signal.SIGKILL
        assert rows(w.engine, "credit_publicity")[0].status == "pending"  # never marked: sent again
        assert run_once(w.engine).delivered == 1
        assert len(inbox.deliveries) == 1 and inbox.duplicates == 1


def test_summary_penalty_is_reported_but_not_published_公示规定_2(w: World) -> None:
    body = {
        "party": LI, "act_date": "2026-05-06", "violation": "未明码标价",
        "basis": "《明码标价和禁止价格欺诈规定》第二十一条", "penalty": fine("200"),
        "officer_ids": [w.h1.user_id, w.h2.user_id], "place": "江岸区某农贸市场", **HEARD_NO_SIGNATURE,
    }  # fmt: skip
    view = issue_summary_penalty(w.uow(), w.h1, body, D(2026, 5, 6))
    (row,) = rows(w.engine)
    assert (row.target, row.obligation, row.case_id) == ("internet_plus", "report_decision", view.id)
    data = json.loads(row.payload)["data"]
    assert data["docno"] == "岸市监当罚〔2026〕1号" and data["violation"] == "未明码标价"


def test_transfer_to_the_police_goes_to_两法衔接_within_24_hours_移送规定_5(w: World) -> None:
    case = w.clue(D(2026, 3, 2))
    w.do(w.head, case, "file", file_body(w), D(2026, 3, 4))
    body = {"target": "police", "recipient": "武汉市公安局江岸区分局", "reason": "涉案金额达到追诉标准"}
    w.do(w.head, case, "transfer", body, D(2026, 3, 9))
    w.do(w.head, case, "close", {"ground": "other_decision"}, D(2026, 3, 10))
    transfer, closed = rows(w.engine)
    assert (transfer.target, transfer.obligation, transfer.due_on) == (
        "crime_transfer",
        "transfer",
        D(2026, 3, 10),
    )
    assert json.loads(transfer.payload)["data"]["recipient"] == "武汉市公安局江岸区分局"
    assert (closed.target, closed.obligation) == ("internet_plus", "report_closed")


def test_the_outbox_commands(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIFA_DATABASE_URL", database_url(w.engine))
    reset_settings()
    decided(w, ORG, fine("5000"))
    runner = CliRunner()
    with receiver(monkeypatch, "credit_publicity") as inbox:
        inbox.fail_next("400")
        ran = runner.invoke(app, ["outbox", "run", "--once"])
        assert ran.exit_code == 0 and "转入死信 1" in ran.output and "未配置" in ran.output
        dead = runner.invoke(app, ["outbox", "list", "--status", "dead", "--json"])
        (item,) = json.loads(dead.output)["items"]
        assert "数据项不符合接口规范" in item["last_error"]
        assert runner.invoke(app, ["outbox", "retry", str(item["id"])]).exit_code == 0
        assert "已投递 1" in runner.invoke(app, ["outbox", "run", "--once"]).output
    again = runner.invoke(app, ["outbox", "retry", str(item["id"])])
    assert isinstance(again.exception, ValidationFailed) and again.exception.code == "outbox_not_dead"
    bad = runner.invoke(app, ["outbox", "list", "--status", "lost"])
    assert isinstance(bad.exception, ValidationFailed) and "未知的投递状态" in bad.exception.message
    status_out = json.loads(runner.invoke(app, ["outbox", "status", "--json"]).output)["items"]
    assert next(s for s in status_out if s["target"] == "credit_publicity")["delivered"] == 1
    shown = json.loads(runner.invoke(app, ["outbox", "show", str(item["id"])]).output)
    assert shown["obligation"] == "publish" and shown["delivery_id"] == item["delivery_id"]


def test_push_deadlines_are_listed_and_a_breach_is_flagged_公示规定_9(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = decided(w, ORG, fine("5000"))
    soon = deadline_list(w.uow(), None, D(2026, 4, 14), within_days=7)
    pushes = {i["key"]: i for i in soon if i["key"].startswith("push:")}
    assert pushes["push:credit_publicity:publish"]["due"] == "2026-04-20"
    assert pushes["push:credit_publicity:publish"]["case_id"] == case
    late = deadline_list(w.uow(), None, D(2026, 4, 21), overdue_only=True)
    assert {i["key"] for i in late if i["overdue"]} >= {
        "push:credit_publicity:publish",
        "push:penalty_documents:publish",
    }
    by_target = {s["target"]: s for s in status(w.engine, D(2026, 4, 21))}
    assert by_target["credit_publicity"]["deadline_breaches"] == 1
    with receiver(monkeypatch, "credit_publicity"):
        run_once(w.engine)
    after = deadline_list(w.uow(), None, D(2026, 4, 21), overdue_only=True)
    assert "push:credit_publicity:publish" not in {i["key"] for i in after}


def test_a_push_delivered_after_beijing_midnight_of_its_last_day_is_late_公示规定_9(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Due 2026-04-20: delivered at 23:30 Beijing time that day is in time; at 00:30 the next day (still
    04-20 in UTC) it is a breach — the day is Beijing's, as the legal period is."""
    decided(w, ORG, fine("5000"))
    with receiver(monkeypatch, "credit_publicity"):
        run_once(w.engine)
    (row_id,) = [r.id for r in rows(w.engine) if r.target == "credit_publicity" and r.delivered_at]
    for at, breaches in (
        (datetime(2026, 4, 20, 15, 30, tzinfo=UTC), 0),
        (datetime(2026, 4, 20, 16, 30, tzinfo=UTC), 1),
    ):
        with UnitOfWork(w.engine) as uow:
            uow.session.get_one(OutboxRow, row_id).delivered_at = at
            uow.commit()
        by_target = {s["target"]: s for s in status(w.engine, D(2026, 4, 22))}
        assert by_target["credit_publicity"]["deadline_breaches"] == breaches, at
        listed = [
            b for b in outbox_page.breaches(w.engine, D(2026, 4, 22)) if b["target"] == "credit_publicity"
        ]
        assert len(listed) == breaches, at

"""A source whose callback URL is set (or changed, or whose key is re-issued) after its clues moved on is
brought up to date: the callbacks its clues have not had are queued in ledger order, each with the case as
it stood at that event, de-duplicated by delivery id; nothing delivered is sent again, a second run adds
nothing, and a source that had its URL from the start gets no duplicates."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select, text

from tests.integration.case_helpers import World, api_client, evidence_body, file_body, fine, report_body
from tests.integration.intake_helpers import intake_world  # noqa: F401  (fixture w)
from tests.integration.outbox_helpers import rows
from tests.integration.test_cli_users import Cli
from tests.integration.test_intake_api import clue
from zhifa.errors import Conflict, NotFound, ValidationFailed
from zhifa.integrations.callbacks import TARGET, delivery_id_of
from zhifa.integrations.receiver import start_receiver
from zhifa.integrations.sources import (
    authenticate_source,
    enable_source,
    revoke_source,
    set_callback,
    source_callback_secret,
)
from zhifa.services.cases import china_today
from zhifa.services.outbox_worker import run_once
from zhifa.store.models.intake import IntakeSource
from zhifa.store.models.outbox import OutboxAction, OutboxRow

CODE = "food_trade"


class Receiver:
    """A loopback receiver checking the signature with the secret it is given."""

    def __init__(self) -> None:
        self.server, self.inbox = start_receiver("尚未设置")
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/{TARGET}"

    @property
    def docs(self) -> list[dict[str, Any]]:
        return [self.inbox.deliveries[d] for d in self.inbox.order]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def client(w: World, tmp_path: Path) -> TestClient:
    return api_client(w, tmp_path)


def push(client: TestClient, key: dict[str, str], ref: str) -> str:
    sent = client.post("/api/v1/intake/clues", json=clue(ref), headers=key)
    assert sent.status_code == 201, sent.text
    return str(sent.json()["id"])


def file_and_decide(w: World, case: str) -> None:
    """立案 through a served 处罚决定, all today (程序规定 第十八条至第六十二条)."""
    today, penalty = china_today(), fine("2000")
    w.do(w.head, case, "file", file_body(w), today)
    w.do(w.h1, case, "add-evidence", evidence_body(w, today), today)
    w.do(w.h1, case, "report", report_body(penalty), today)
    w.do(w.reviewer, case, "review", {"kind": "case", "opinion": "agree"}, today)
    w.do(w.head, case, "approve", {"penalty": penalty}, today)
    w.do(w.h1, case, "notice", {}, today)
    served = {"document": "notice", "method": "in_person", "served_on": today.isoformat()}
    w.do(w.h1, case, "serve", served, today)
    w.do(w.h1, case, "statement", {"kind": "waiver", "stated_on": today.isoformat()}, today)
    decision = {"outcome": "penalty", "penalty": penalty, "reasons": "事实清楚，证据确凿"}
    w.do(w.head, case, "decide", decision, today)


def decline(w: World, case: str) -> None:
    reason = {"ground": "no_evidence", "reason": "经核查，所售食品在保质期内，线索不实"}
    w.do(w.head, case, "decline", reason, china_today())


def story(w: World, client: TestClient, key: dict[str, str]) -> tuple[str, str]:
    """Clue A filed and decided, clue B declined."""
    a, b = push(client, key, "CU-1"), push(client, key, "CU-2")
    file_and_decide(w, a)
    decline(w, b)
    return a, b


def callbacks(w: World) -> list[tuple[str, str, int | None]]:
    """(case, event, seq) of the callback rows in id order."""
    return [(r.case_id or "", r.event_type, r.source_seq) for r in rows(w.engine, TARGET)]


EXPECTED_A = ["ClueRegistered", "CaseFiled", "DecisionIssued"]
EXPECTED_B = ["ClueRegistered", "FilingDeclined"]


def test_a_url_set_later_queues_every_missed_status_change_in_order_and_once(
    w: World, client: TestClient, receiver: Receiver
) -> None:
    issued = enable_source(w.uow(), CODE)  # no callback URL
    key = {"X-Api-Key": issued.key}
    a, b = story(w, client, key)
    assert rows(w.engine, TARGET) == []  # nothing queued without a URL

    done = set_callback(w.uow(), CODE, receiver.url, "测试管理员")
    assert (done.previous_url, done.callback_url) == (None, receiver.url)
    assert (done.catch_up.queued, done.catch_up.clues, done.catch_up.requeued) == (5, 2, 0)
    queued = callbacks(w)
    assert [e for c, e, _ in queued if c == a] == EXPECTED_A
    assert [e for c, e, _ in queued if c == b] == EXPECTED_B
    for case in (a, b):  # each clue's rows in ledger order, with the delivery id of (stream, seq)
        seqs = [s for c, _, s in queued if c == case]
        assert seqs == sorted(seqs) and seqs[0] == 1
    for r in rows(w.engine, TARGET):
        assert r.delivery_id == delivery_id_of(r.stream_id, r.source_seq or 0)

    receiver.inbox.secret = source_callback_secret(w.uow(), CODE)
    assert run_once(w.engine).delivered == 5
    by_clue: dict[str, list[dict[str, Any]]] = {}
    for doc in receiver.docs:
        by_clue.setdefault(doc["data"]["clue_id"], []).append(doc)
    assert [d["data"]["status"] for d in by_clue[a]] == ["accepted", "filed", "decided"]
    assert [d["data"]["status"] for d in by_clue[b]] == ["accepted", "declined"]
    receipt, filed, decided = by_clue[a]
    assert receipt["data"]["agency_code"] == "420102" and receipt["data"]["grade"] == "二级"
    assert receipt["data"]["source_ref"] == "CU-1"
    # each callback tells the case as it stood at that event: the filing one has no decision yet
    assert "市监" in filed["data"]["filing_docno"] and "decision_docno" not in filed["data"]
    assert Decimal(decided["data"]["fine"]) == Decimal("2000") and decided["data"]["decision_docno"]
    assert decided["occurred_on"] == china_today().isoformat()
    assert by_clue[b][1]["data"]["reason"] == "经核查，所售食品在保质期内，线索不实"

    again = set_callback(w.uow(), CODE, receiver.url, "测试管理员")  # the same URL once more
    assert (again.catch_up.queued, again.catch_up.clues, again.catch_up.requeued) == (0, 0, 0)
    assert callbacks(w) == queued and run_once(w.engine).delivered == 0
    assert len(receiver.inbox.deliveries) == 5 and receiver.inbox.duplicates == 0

    c = push(client, key, "CU-3")  # from now on the live path queues as usual
    assert callbacks(w)[-1] == (c, "ClueRegistered", 1)
    assert set_callback(w.uow(), CODE, receiver.url).catch_up.queued == 0
    assert run_once(w.engine).delivered == 1 and len(receiver.inbox.deliveries) == 6


def test_with_the_url_from_the_start_the_catch_up_writes_exactly_the_live_rows_and_no_more(
    w: World, client: TestClient, receiver: Receiver
) -> None:
    issued = enable_source(w.uow(), CODE, receiver.url)
    assert issued.catch_up is not None and issued.catch_up.queued == 0
    a, b = story(w, client, {"X-Api-Key": issued.key})
    live = rows(w.engine, TARGET)
    assert [(r.case_id, r.event_type) for r in live] == [
        (a, "ClueRegistered"), (b, "ClueRegistered"), (a, "CaseFiled"), (a, "DecisionIssued"),
        (b, "FilingDeclined"),
    ]  # fmt: skip
    assert set_callback(w.uow(), CODE, receiver.url).catch_up.queued == 0
    assert [r.id for r in rows(w.engine, TARGET)] == [r.id for r in live]

    with w.uow() as uow:  # as if the URL had been missing all along
        uow.session.execute(delete(OutboxRow).where(OutboxRow.target == TARGET))
        uow.session.execute(text("UPDATE intake_sources SET callback_url = NULL"))
        uow.commit()
    assert set_callback(w.uow(), CODE, receiver.url).catch_up.queued == 5
    rebuilt = {r.delivery_id: r for r in rows(w.engine, TARGET)}
    for old in live:  # the same delivery ids and, byte for byte, the same documents
        assert rebuilt[old.delivery_id].payload == old.payload
        assert rebuilt[old.delivery_id].source_seq == old.source_seq
    assert [e for c, e, _ in callbacks(w) if c == a] == EXPECTED_A


def test_a_changed_url_gets_the_rest_and_the_dead_letters_but_nothing_delivered_again(
    w: World, client: TestClient, receiver: Receiver
) -> None:
    issued = enable_source(w.uow(), CODE, receiver.url)
    key = {"X-Api-Key": issued.key}
    receiver.inbox.secret = issued.callback_secret or ""
    a = push(client, key, "CU-1")
    assert run_once(w.engine).delivered == 1
    receiver.inbox.secret = "旧接收端已失效"
    b = push(client, key, "CU-2")
    assert run_once(w.engine).dead == 1  # the old endpoint refuses (401): a dead letter holds B's queue
    decline(w, b)
    file_and_decide(w, a)

    other = Receiver()
    try:
        other.inbox.secret = issued.callback_secret or ""
        done = set_callback(w.uow(), CODE, other.url, "测试管理员")
        assert done.previous_url == receiver.url
        assert (done.catch_up.queued, done.catch_up.requeued) == (0, 1)  # all queued live; one dead letter
        assert run_once(w.engine).delivered == 4
        got = [(d["data"]["clue_id"], d["event"]) for d in other.docs]
        assert (a, "ClueRegistered") not in got  # delivered to the old URL already: not sent again
        assert [e for c, e in got if c == a] == ["CaseFiled", "DecisionIssued"]
        assert [e for c, e in got if c == b] == EXPECTED_B
    finally:
        other.close()
    with w.uow() as uow:
        logged = [x.action for x in uow.session.scalars(select(OutboxAction).order_by(OutboxAction.id))]
    assert logged[-2:] == ["retry", "set_callback"]


def test_revoked_and_re_enabled_the_source_keeps_its_url_and_gets_what_waited(
    w: World, client: TestClient, receiver: Receiver
) -> None:
    issued = enable_source(w.uow(), CODE, receiver.url)
    a = push(client, {"X-Api-Key": issued.key}, "CU-1")
    revoke_source(w.uow(), CODE)
    file_and_decide(w, a)  # the case moves on while the source is revoked: rows wait, not configured
    report = run_once(w.engine)
    assert report.delivered == 0 and TARGET in report.not_configured and len(callbacks(w)) == 3

    fresh = enable_source(w.uow(), CODE)  # no --callback: the URL it had stays
    assert fresh.callback_url == receiver.url and fresh.key != issued.key
    assert fresh.catch_up is not None and fresh.catch_up.queued == 0
    assert fresh.callback_secret and fresh.callback_secret != issued.callback_secret
    receiver.inbox.secret = fresh.callback_secret
    assert run_once(w.engine).delivered == 3
    assert [d["event"] for d in receiver.docs] == EXPECTED_A
    assert authenticate_source(w.uow(), fresh.key).callback_url == receiver.url


def test_re_enabled_with_a_url_after_running_without_one(
    w: World, client: TestClient, receiver: Receiver
) -> None:
    issued = enable_source(w.uow(), CODE)
    a = push(client, {"X-Api-Key": issued.key}, "CU-1")
    revoke_source(w.uow(), CODE)
    file_and_decide(w, a)
    fresh = enable_source(w.uow(), CODE, receiver.url)
    assert fresh.catch_up is not None and (fresh.catch_up.queued, fresh.catch_up.clues) == (3, 1)
    receiver.inbox.secret = fresh.callback_secret or ""
    assert run_once(w.engine).delivered == 3
    assert [d["event"] for d in receiver.docs] == EXPECTED_A


@pytest.mark.parametrize(
    ("code", "url", "error", "stable"),
    [
        ("no_such_system", "https://source.example.cn/cb", NotFound, "source_not_found"),
        (CODE, "ftp://source.example.cn/cb", ValidationFailed, "bad_callback_url"),
        (CODE, "http://source.example.cn/cb", ValidationFailed, "bad_callback_url"),
        (CODE, "https://" + "x" * 500 + ".cn", ValidationFailed, "bad_callback_url"),
    ],
)
def test_bad_input_is_refused_with_a_stable_code_and_changes_nothing(
    w: World, client: TestClient, code: str, url: str, error: type[Exception], stable: str
) -> None:
    issued = enable_source(w.uow(), CODE)
    a = push(client, {"X-Api-Key": issued.key}, "CU-1")
    decline(w, a)
    with w.uow() as uow:
        logged = uow.session.scalar(select(func.count()).select_from(OutboxAction))
    assert logged == 1  # the enabling, with who did it
    with pytest.raises(error) as refused:
        set_callback(w.uow(), code, url)
    assert getattr(refused.value, "code", None) == stable
    with w.uow() as uow:
        assert uow.session.scalar(select(IntakeSource.callback_url)) is None
        assert uow.session.scalar(select(func.count()).select_from(OutboxRow)) == 0
        assert uow.session.scalar(select(func.count()).select_from(OutboxAction)) == logged


def test_a_revoked_source_cannot_have_its_url_set_without_re_enabling(w: World) -> None:
    enable_source(w.uow(), CODE)
    revoke_source(w.uow(), CODE)
    with pytest.raises(Conflict) as refused:
        set_callback(w.uow(), CODE, "https://source.example.cn/cb")
    assert refused.value.code == "source_revoked"


def world_cli(w: World, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`zhifa` on the world's database, with this process's secrets and a var directory of its own."""
    if w.engine.dialect.name == "postgresql":
        with w.engine.connect() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        base = w.engine.url.render_as_string(hide_password=False)
        url = f"{base}?options={quote(f'-csearch_path={schema}')}"
    else:
        url = w.engine.url.render_as_string(hide_password=False)
    runner = Cli(url, w.engine)
    extra = {k: os.environ[k] for k in ("ZHIFA_SECRET_KEY", "ZHIFA_KEY_ENCRYPTION_SECRET")}
    extra["ZHIFA_VAR_DIR"] = str(tmp_path / "cli-var")

    return partial(runner, extra=extra)


def test_the_command_line_sets_the_url_prints_the_count_and_a_second_run_queues_nothing(
    w: World, client: TestClient, receiver: Receiver, tmp_path: Path
) -> None:
    issued = enable_source(w.uow(), CODE)
    a = push(client, {"X-Api-Key": issued.key}, "CU-1")
    decline(w, a)
    cli = world_cli(w, tmp_path)

    for args, stable in (
        (("sources", "enable", CODE, "--callback", "ftp://x"), "bad_callback_url"),
        (("sources", "enable", "no_such_system", "--callback", receiver.url), "source_not_found"),
    ):
        refused = cli(*args)
        assert refused.returncode == 1 and f"错误[{stable}]" in refused.stderr, refused.stderr
    assert rows(w.engine, TARGET) == []

    done = cli("sources", "enable", CODE, "--callback", receiver.url)
    assert done.returncode == 0, done.stderr
    assert "已补发回调 2 条（涉及线索 1 条）" in done.stdout and "API 密钥不变" in done.stdout
    assert "zfsrc_" not in done.stdout  # no new key: the source keeps the one it has
    assert authenticate_source(w.uow(), issued.key).callback_url == receiver.url
    assert [e for _, e, _ in callbacks(w)] == EXPECTED_B

    again = cli("sources", "enable", CODE, "--callback", receiver.url)
    assert again.returncode == 0, again.stderr
    assert "回调地址未变" in again.stdout and "已补发回调 0 条" in again.stdout
    assert len(rows(w.engine, TARGET)) == 2
    listed = {s["code"]: s for s in json.loads(cli("sources", "list", "--json").stdout)}
    assert listed[CODE]["callback_url"] == receiver.url
    without = cli("sources", "enable", CODE)  # no --callback on an enabled source: still refused
    assert without.returncode == 1 and "错误[source_exists]" in without.stderr


def test_a_clue_checked_in_before_the_url_was_set_still_gets_its_receipt(
    w: World, receiver: Receiver, tmp_path: Path
) -> None:
    """The receipt follows the URL as it stands when the clue is written, not when its key was checked
    (the window in which a catch-up could miss it): the source row is read, share-locked, in the write."""
    from zhifa.integrations.intake_inputs import ClueIn
    from zhifa.integrations.service import receive_clue

    issued = enable_source(w.uow(), CODE)
    stale = authenticate_source(w.uow(), issued.key)  # as the API checked the key: no URL yet
    assert stale.callback_url is None
    assert set_callback(w.uow(), CODE, receiver.url).catch_up.queued == 0
    answer, created = receive_clue(w.uow(), stale, ClueIn.model_validate(clue("CU-9")), var_dir=tmp_path)
    assert created and callbacks(w) == [(answer["id"], "ClueRegistered", 1)]
    assert set_callback(w.uow(), CODE, receiver.url).catch_up.queued == 0


def _in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        except Exception as exc:
            out.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


@pytest.mark.parametrize("first", ["case_write", "catch_up"])
def test_a_case_write_racing_the_catch_up_is_queued_once_and_in_order(
    w: World, client: TestClient, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    """PostgreSQL (SQLite serialises writers): whichever of the two holds the case row first, the filing's
    callback is queued exactly once, after the receipt."""
    if w.engine.dialect.name != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    import zhifa.integrations.callback_catchup as catchup_module
    import zhifa.services.cases as cases_module

    issued = enable_source(w.uow(), CODE)
    a = push(client, {"X-Api-Key": issued.key}, "CU-1")
    inside, release = threading.Event(), threading.Event()

    def paused(original: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            inside.set()
            assert release.wait(30)
            return result

        return call

    if first == "case_write":  # the write holds its cases row and found no URL; it has not committed
        hook = paused(cases_module.enqueue_case_callbacks)
        monkeypatch.setattr(cases_module, "enqueue_case_callbacks", hook)
    else:  # the catch-up holds the source's cases and has read what they need
        monkeypatch.setattr(catchup_module, "_missing", paused(catchup_module._missing))
    write = lambda: w.do(w.head, a, "file", file_body(w), china_today())  # noqa: E731
    setting = lambda: set_callback(w.uow(), CODE, "https://source.example.cn/cb")  # noqa: E731
    holder, held = _in_thread(write if first == "case_write" else setting)
    assert inside.wait(30)
    waiter, waited = _in_thread(setting if first == "case_write" else write)
    waiter.join(1.0)
    assert waiter.is_alive()  # blocked on the row the other one holds
    release.set()
    holder.join(30)
    waiter.join(30)
    assert not isinstance(held[0], Exception) and not isinstance(waited[0], Exception), (held, waited)
    assert callbacks(w) == [(a, "ClueRegistered", 1), (a, "CaseFiled", 2)]
    assert set_callback(w.uow(), CODE, "https://source.example.cn/cb").catch_up.queued == 0

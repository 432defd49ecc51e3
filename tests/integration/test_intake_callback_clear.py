"""Clearing a source's callback URL (issue 18): no callbacks are queued for it any more, the ones still
waiting become dead letters with the reason (kept, not deleted), and a URL set again brings the source up to
date — every status change delivered exactly once (decision 0030)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.integration.case_helpers import World
from tests.integration.intake_helpers import intake_world  # noqa: F401  (fixture w)
from tests.integration.outbox_helpers import rows
from tests.integration.test_intake_callback_catchup import (  # noqa: F401  (fixtures client, receiver)
    CODE,
    Receiver,
    callbacks,
    client,
    decline,
    file_and_decide,
    push,
    receiver,
    world_cli,
)
from zhifa.errors import Conflict, NotFound
from zhifa.integrations.callbacks import TARGET
from zhifa.integrations.sources import (
    authenticate_source,
    clear_callback,
    enable_source,
    revoke_source,
    set_callback,
)
from zhifa.services.outbox_worker import run_once
from zhifa.store.models.intake import IntakeSource
from zhifa.store.models.outbox import OutboxAction


def _actions(w: World) -> list[tuple[str, str]]:
    with w.uow() as uow:
        return [
            (a.action, a.actor) for a in uow.session.scalars(select(OutboxAction).order_by(OutboxAction.id))
        ]


def _url(w: World, code: str = CODE) -> str | None:
    with w.uow() as uow:
        return uow.session.scalar(select(IntakeSource.callback_url).where(IntakeSource.code == code))


def test_cleared_then_set_again_every_status_change_arrives_exactly_once(
    w: World,
    client: TestClient,  # noqa: F811
    receiver: Receiver,  # noqa: F811
) -> None:
    issued = enable_source(w.uow(), CODE, receiver.url)
    key = {"X-Api-Key": issued.key}
    receiver.inbox.secret = issued.callback_secret or ""
    a = push(client, key, "CL-1")
    assert run_once(w.engine).delivered == 1  # A's receipt reached the source
    b = push(client, key, "CL-2")  # B's receipt waits

    done = clear_callback(w.uow(), CODE, "测试管理员")
    assert (done.previous_url, done.dead) == (receiver.url, 1)
    assert _url(w) is None and authenticate_source(w.uow(), issued.key).callback_url is None
    (waiting,) = [r for r in rows(w.engine, TARGET) if r.case_id == b]
    assert waiting.status == "dead" and waiting.last_error == "回调地址已清除（测试管理员）"
    assert ("clear_callback", "测试管理员") in _actions(w)

    before = len(rows(w.engine, TARGET))
    file_and_decide(w, a)  # the cases move on without a URL: nothing is queued for the source
    decline(w, b)
    c = push(client, key, "CL-3")
    assert len(rows(w.engine, TARGET)) == before
    report = run_once(w.engine)
    assert report.delivered == 0 and len(receiver.inbox.deliveries) == 1
    again = clear_callback(w.uow(), CODE, "测试管理员")  # nothing to clear: nothing changes
    assert (again.previous_url, again.dead) == (None, 0)

    back = set_callback(w.uow(), CODE, receiver.url, "测试管理员")
    # B's dead receipt back in its queue; A's filing and decision, B's declining and C's receipt added
    assert (back.catch_up.queued, back.catch_up.clues, back.catch_up.requeued) == (4, 3, 1)
    assert run_once(w.engine).delivered == 5
    got = [(d["data"]["clue_id"], d["event"]) for d in receiver.docs]
    assert [e for x, e in got if x == a] == ["ClueRegistered", "CaseFiled", "DecisionIssued"]
    assert [e for x, e in got if x == b] == ["ClueRegistered", "FilingDeclined"]
    assert [e for x, e in got if x == c] == ["ClueRegistered"]
    ids = [d["delivery_id"] for d in receiver.docs]
    assert len(ids) == len(set(ids)) == 6 and receiver.inbox.duplicates == 0
    assert {r.status for r in rows(w.engine, TARGET)} == {"delivered"}
    assert set_callback(w.uow(), CODE, receiver.url).catch_up.queued == 0
    assert run_once(w.engine).delivered == 0 and len(receiver.inbox.deliveries) == 6


def test_clearing_is_refused_for_an_unknown_or_revoked_source_and_changes_nothing(w: World) -> None:
    enable_source(w.uow(), CODE, "https://source.example.cn/cb")
    with pytest.raises(NotFound) as unknown:
        clear_callback(w.uow(), "no_such_system")
    assert unknown.value.code == "source_not_found"
    revoke_source(w.uow(), CODE, "测试管理员")
    logged = _actions(w)
    assert logged[-1] == ("revoke_source", "测试管理员")
    with pytest.raises(Conflict) as revoked:
        clear_callback(w.uow(), CODE)
    assert revoked.value.code == "source_revoked"
    assert _url(w) == "https://source.example.cn/cb" and _actions(w) == logged


def test_the_command_line_clears_with_no_callback(
    w: World,
    client: TestClient,  # noqa: F811
    receiver: Receiver,  # noqa: F811
    tmp_path: Path,
) -> None:
    issued = enable_source(w.uow(), CODE, receiver.url)
    a = push(client, {"X-Api-Key": issued.key}, "CL-1")
    cli = world_cli(w, tmp_path)

    both = cli("sources", "enable", CODE, "--callback", receiver.url, "--no-callback")
    assert both.returncode == 1 and "错误[bad_callback_url]" in both.stderr and _url(w) == receiver.url

    done = cli("sources", "enable", CODE, "--no-callback")
    assert done.returncode == 0, done.stderr
    assert f"回调地址已清除（原为 {receiver.url}）" in done.stdout and "API 密钥不变" in done.stdout
    assert "未投递的回调 1 条转入死信" in done.stdout and "zfsrc_" not in done.stdout
    assert _url(w) is None and authenticate_source(w.uow(), issued.key).code == CODE  # same key
    assert [r.status for r in rows(w.engine, TARGET)] == ["dead"]
    assert _actions(w)[-1][0] == "clear_callback" and _actions(w)[-1][1].startswith("命令行:")
    listed = {s["code"]: s for s in json.loads(cli("sources", "list", "--json").stdout)}
    assert listed[CODE]["callback_url"] is None and listed[CODE]["status"] == "enabled"

    again = cli("sources", "enable", CODE, "--no-callback")
    assert again.returncode == 0 and "回调地址本未设置" in again.stdout
    file_and_decide(w, a)
    assert len(rows(w.engine, TARGET)) == 1  # nothing queued while there is no URL

    custom = cli("sources", "add", "--code", "xianning_grid", "--name", "咸宁网格化监管平台",
                 "--callback", "https://grid.example.cn/zhifa")  # fmt: skip
    assert custom.returncode == 0, custom.stderr
    cleared = cli("sources", "add", "--code", "xianning_grid", "--no-callback")
    assert cleared.returncode == 0 and "回调地址已清除" in cleared.stdout
    assert _url(w, "xianning_grid") is None

    reset = cli("sources", "add", "--code", "xianning_grid", "--callback", "https://grid.example.cn/zhifa")
    assert reset.returncode == 0 and cli("sources", "revoke", "xianning_grid").returncode == 0
    assert _url(w, "xianning_grid") == "https://grid.example.cn/zhifa"  # revoked, the URL kept
    fresh = cli("sources", "add", "--code", "xianning_grid", "--no-callback")
    assert fresh.returncode == 0, fresh.stderr
    key = fresh.stdout.strip().splitlines()[-1]
    assert key.startswith("zfsrc_") and authenticate_source(w.uow(), key).callback_url is None

    with w.uow() as uow:  # re-enabled with --no-callback: a new key and no URL; no key ever logged
        notes = " ".join(uow.session.scalars(select(OutboxAction.note)))
    assert "zfsrc_" not in notes and "已启用" in notes

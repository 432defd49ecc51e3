"""Helpers for the ledger audit tests: demo cases as real data, and tampering as a grudging DBA would."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, text

from zhifa.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from zhifa.demo.cases import load_demo_cases
from zhifa.identity.agencies import load_hubei_agencies
from zhifa.identity.users import add_user
from zhifa.store.uow import UnitOfWork

TODAY = date(2026, 11, 26)
SQLITE_GUARDS = (
    "ledger_events_no_update", "ledger_events_no_delete", "ledger_heads_no_delete",
    "ledger_heads_forward_only", "ledger_checkpoints_no_update", "ledger_checkpoints_no_delete",
)  # fmt: skip


def demo_world(engine: Engine) -> None:
    """The demo agencies, users and cases (every stage, fines, 文号, signatures)."""
    with UnitOfWork(engine) as uow:
        load_hubei_agencies(uow.session)
        for u in DEMO_USERS:
            add_user(
                uow.session, None, username=u.username, display_name=u.name, agency_code=u.agency,
                roles=list(u.roles), password=DEMO_PASSWORD, credential_no=u.credential_no,
                legal_qualification=u.legal, demo=True,
            )  # fmt: skip
        uow.commit()
    load_demo_cases(lambda: UnitOfWork(engine), TODAY)


def case_rows_deletes(which: str = "") -> tuple[str, ...]:
    """DELETEs a DBA runs to remove case rows (`which`: a WHERE on cases) with the rows that refer to them.

    Read from the models, so a table added later that refers to cases is removed with them as well."""
    import zhifa.store.models  # noqa: F401  (registers every table)
    from zhifa.store.db import Base

    where = f" WHERE {which}" if which else ""
    children = [
        f"DELETE FROM {t.name} WHERE {fk.parent.name} IN (SELECT id FROM cases{where})"
        for t in reversed(Base.metadata.sorted_tables)
        for fk in t.foreign_keys
        if fk.column.table.name == "cases"
    ]
    return (*children, f"DELETE FROM cases{where}")


def as_dba(engine: Engine, *statements: str, **params: Any) -> None:
    """Run statements with the ledger guards switched off (SQLite: dropped; PostgreSQL: replica role)."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            for name in SQLITE_GUARDS:
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        for statement in statements:
            conn.execute(text(statement), params)


def one(engine: Engine, sql: str, **params: Any) -> Any:
    """The first column of the first row."""
    with engine.connect() as conn:
        return conn.execute(text(sql), params).first()[0]  # type: ignore[index]

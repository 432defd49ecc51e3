"""Gapless, unique document numbers (文号) per agency, document type and year."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from zhifa.domain.docno import DocNumber
from zhifa.errors import NotFound, ValidationFailed
from zhifa.identity.agencies import agency_key
from zhifa.store.hot import Hot
from zhifa.store.models.documents import DocNumberCounter, IssuedDocNumber
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork


def _insert_counter_if_missing(uow: UnitOfWork, agency_id: int, doc_type: str, year: int) -> None:
    dialect = uow.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(DocNumberCounter).values(agency_id=agency_id, doc_type=doc_type, year=year, last=0)
    uow.session.execute(stmt.on_conflict_do_nothing(index_elements=["agency_id", "doc_type", "year"]))


_C = cast(Table, DocNumberCounter.__table__).c
_INCREMENT = Hot(
    update(DocNumberCounter.__table__)
    .where(
        _C.agency_id == bindparam("b_agency"),
        _C.doc_type == bindparam("b_type"),
        _C.year == bindparam("b_year"),
    )
    .values(last=_C.last + 1)
    .returning(_C.last)
)
_ISSUED = cast(Table, IssuedDocNumber.__table__)
_RECORD_ISSUED = Hot(
    insert(_ISSUED), columns=["agency_id", "doc_type", "year", "number", "docno", "subject", "issued_at"]
)


def _increment(uow: UnitOfWork, agency_id: int, doc_type: str, year: int) -> int | None:
    """`UPDATE ... SET last = last + 1 RETURNING last`, None when the counter row does not exist yet."""
    number: int | None = _INCREMENT.scalar(
        uow.session, {"b_agency": agency_id, "b_type": doc_type, "b_year": year}
    )
    return number


def allocate_docno(
    uow: UnitOfWork, agency_code: str, doc_type: str, year: int, subject: str = ""
) -> DocNumber:
    """Take the next number inside the caller's transaction; a rollback gives the number back.

    The counter row is incremented with one `UPDATE ... RETURNING`, which holds the row lock until the
    transaction ends (PostgreSQL) or runs under the database write lock (SQLite, BEGIN IMMEDIATE), so two
    concurrent writers can neither take the same number nor leave a gap.
    """
    if not (2000 <= year <= 2100):
        raise ValidationFailed(f"文号年份 {year} 不合理", code="bad_docno_year")
    agency = agency_key(uow.session, agency_code)
    if agency is None:
        raise NotFound(f"机构 {agency_code} 不存在", code="agency_not_found")
    agency_id, prefix = agency.id, agency.docno_prefix
    DocNumber(prefix=prefix, doc_type=doc_type, year=year, number=1)  # validates the type
    number = _increment(uow, agency_id, doc_type, year)
    if number is None:  # the first number of this agency, type and year: create the counter row
        _insert_counter_if_missing(uow, agency_id, doc_type, year)
        number = _increment(uow, agency_id, doc_type, year)
    assert number is not None
    docno = DocNumber(prefix=prefix, doc_type=doc_type, year=year, number=number)
    issued = {
        "agency_id": agency_id, "doc_type": doc_type, "year": year, "number": number, "docno": str(docno),
        "subject": subject, "issued_at": datetime.now(UTC),
    }  # fmt: skip
    _RECORD_ISSUED.many(uow.session, [issued])
    return docno


def issued_numbers(uow: UnitOfWork, agency_code: str, doc_type: str, year: int) -> list[int]:
    """All numbers issued for one agency, type and year, ascending (for gap checks and audits)."""
    rows = uow.session.execute(
        select(IssuedDocNumber.number)
        .join(Agency, Agency.id == IssuedDocNumber.agency_id)
        .where(Agency.code == agency_code, IssuedDocNumber.doc_type == doc_type, IssuedDocNumber.year == year)
        .order_by(IssuedDocNumber.number)
    )
    return [r[0] for r in rows]

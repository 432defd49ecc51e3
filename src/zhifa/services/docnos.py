"""Gapless, unique document numbers (文号) per agency, document type and year."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from zhifa.domain.archive_no import COUNTER as ARCHIVE_COUNTER
from zhifa.domain.archive_no import ArchiveNumber, Retention
from zhifa.domain.docno import DocNumber
from zhifa.errors import NotFound, ValidationFailed
from zhifa.identity.agencies import AgencyKey, agency_key
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
    agency = _agency(uow, agency_code, year)
    DocNumber(prefix=agency.docno_prefix, doc_type=doc_type, year=year, number=1)  # validates the type
    number = _take(uow, agency.id, doc_type, year)
    docno = DocNumber(prefix=agency.docno_prefix, doc_type=doc_type, year=year, number=number)
    _record(uow, agency.id, doc_type, year, number, str(docno), subject)
    return docno


def allocate_archive_no(
    uow: UnitOfWork, agency_code: str, year: int, retention: Retention, subject: str = ""
) -> ArchiveNumber:
    """The next 归档号 of the agency and year (domain.archive_no), gapless like the 文号 (same counters)."""
    agency = _agency(uow, agency_code, year)
    number = _take(uow, agency.id, ARCHIVE_COUNTER, year)
    archive_no = ArchiveNumber(agency_code, year, retention, number)
    _record(uow, agency.id, ARCHIVE_COUNTER, year, number, str(archive_no), subject)
    return archive_no


def _agency(uow: UnitOfWork, agency_code: str, year: int) -> AgencyKey:
    if not (2000 <= year <= 2100):
        raise ValidationFailed(f"文号年份 {year} 不合理", code="bad_docno_year")
    agency = agency_key(uow.session, agency_code)
    if agency is None:
        raise NotFound(f"机构 {agency_code} 不存在", code="agency_not_found")
    return agency


def _take(uow: UnitOfWork, agency_id: int, doc_type: str, year: int) -> int:
    number = _increment(uow, agency_id, doc_type, year)
    if number is None:  # the first number of this agency, type and year: create the counter row
        _insert_counter_if_missing(uow, agency_id, doc_type, year)
        number = _increment(uow, agency_id, doc_type, year)
    assert number is not None
    return number


def _record(
    uow: UnitOfWork, agency_id: int, doc_type: str, year: int, number: int, text: str, subject: str
) -> None:
    issued = {
        "agency_id": agency_id, "doc_type": doc_type, "year": year, "number": number, "docno": text,
        "subject": subject, "issued_at": datetime.now(UTC),
    }  # fmt: skip
    _RECORD_ISSUED.many(uow.session, [issued])


def issued_numbers(uow: UnitOfWork, agency_code: str, doc_type: str, year: int) -> list[int]:
    """All numbers issued for one agency, type and year, ascending (for gap checks and audits)."""
    rows = uow.session.execute(
        select(IssuedDocNumber.number)
        .join(Agency, Agency.id == IssuedDocNumber.agency_id)
        .where(Agency.code == agency_code, IssuedDocNumber.doc_type == doc_type, IssuedDocNumber.year == year)
        .order_by(IssuedDocNumber.number)
    )
    return [r[0] for r in rows]

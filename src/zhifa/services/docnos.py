"""Gapless, unique document numbers (文号) per agency, document type and year."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from zhifa.domain.docno import DocNumber
from zhifa.errors import NotFound, ValidationFailed
from zhifa.store.models.documents import DocNumberCounter, IssuedDocNumber
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork


def _insert_counter_if_missing(uow: UnitOfWork, agency_id: int, doc_type: str, year: int) -> None:
    dialect = uow.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(DocNumberCounter).values(agency_id=agency_id, doc_type=doc_type, year=year, last=0)
    uow.session.execute(stmt.on_conflict_do_nothing(index_elements=["agency_id", "doc_type", "year"]))


def _increment(uow: UnitOfWork, agency_id: int, doc_type: str, year: int) -> int | None:
    """`UPDATE ... SET last = last + 1 RETURNING last`, None when the counter row does not exist yet."""
    result: int | None = uow.session.execute(
        update(DocNumberCounter)
        .where(
            DocNumberCounter.agency_id == agency_id,
            DocNumberCounter.doc_type == doc_type,
            DocNumberCounter.year == year,
        )
        .values(last=DocNumberCounter.last + 1)
        .returning(DocNumberCounter.last)
    ).scalar_one_or_none()
    return result


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
    agency = uow.session.execute(
        select(Agency.id, Agency.docno_prefix).where(Agency.code == agency_code)
    ).one_or_none()
    if agency is None:
        raise NotFound(f"机构 {agency_code} 不存在", code="agency_not_found")
    DocNumber(prefix=agency.docno_prefix, doc_type=doc_type, year=year, number=1)  # validates the type
    number = _increment(uow, agency.id, doc_type, year)
    if number is None:  # the first number of this agency, type and year: create the counter row
        _insert_counter_if_missing(uow, agency.id, doc_type, year)
        number = _increment(uow, agency.id, doc_type, year)
    assert number is not None
    docno = DocNumber(prefix=agency.docno_prefix, doc_type=doc_type, year=year, number=number)
    uow.session.add(
        IssuedDocNumber(
            agency_id=agency.id,
            doc_type=doc_type,
            year=year,
            number=number,
            docno=str(docno),
            subject=subject,
            issued_at=datetime.now(UTC),
        )
    )
    uow.flush()
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

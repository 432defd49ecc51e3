"""文号 are gapless and unique per agency, type and year, even with many concurrent writers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from zhifa.errors import NotFound, ValidationFailed
from zhifa.services.docnos import allocate_docno, issued_numbers
from zhifa.store.models.identity import Agency
from zhifa.store.uow import UnitOfWork


def _agency(engine: Engine, code: str = "421281", prefix: str = "赤壁市监") -> None:
    with UnitOfWork(engine) as uow:
        uow.session.add(
            Agency(
                code=code,
                name="赤壁市市场监督管理局",
                short_name="赤壁",
                level="county",
                division_code=code,
                docno_prefix=prefix,
                path=f"/420000/421200/{code}/",
            )
        )
        uow.commit()


def test_numbers_follow_the_format_鄂市监处罚_2026_12号_without_padding(engine: Engine) -> None:
    _agency(engine)
    with UnitOfWork(engine) as uow:
        first = allocate_docno(uow, "421281", "处罚", 2025)
        second = allocate_docno(uow, "421281", "处罚", 2025)
        notice = allocate_docno(uow, "421281", "罚告", 2025)
        next_year = allocate_docno(uow, "421281", "处罚", 2026)
        uow.commit()
    assert str(first) == "赤壁市监处罚〔2025〕1号"
    assert str(second) == "赤壁市监处罚〔2025〕2号"
    assert str(notice) == "赤壁市监罚告〔2025〕1号"  # each document type counts on its own
    assert str(next_year) == "赤壁市监处罚〔2026〕1号"  # and each year starts again at 1


def test_a_rolled_back_transaction_gives_its_number_back(engine: Engine) -> None:
    _agency(engine)
    with UnitOfWork(engine) as uow:
        allocate_docno(uow, "421281", "处罚", 2026)
        # no commit: the case operation failed
    with UnitOfWork(engine) as uow:
        docno = allocate_docno(uow, "421281", "处罚", 2026)
        uow.commit()
    assert docno.number == 1


def test_many_concurrent_writers_leave_no_gap_and_no_duplicate(engine: Engine) -> None:
    _agency(engine)
    writers, per_writer = 16, 8

    def work(worker: int) -> list[int]:
        taken = []
        for i in range(per_writer):
            with UnitOfWork(engine) as uow:
                docno = allocate_docno(uow, "421281", "处罚", 2026, subject=f"w{worker}-{i}")
                if (worker + i) % 5 == 0:
                    continue  # this one rolls back: its number must be reused, not lost
                uow.commit()
                taken.append(docno.number)
        return taken

    with ThreadPoolExecutor(max_workers=writers) as pool:
        results = [n for chunk in pool.map(work, range(writers)) for n in chunk]
    assert len(results) == len(set(results)), "同一文号被分配了两次"
    with UnitOfWork(engine) as uow:
        numbers = issued_numbers(uow, "421281", "处罚", 2026)
    assert numbers == list(range(1, len(results) + 1)), "文号出现断号"
    assert sorted(results) == numbers


def test_unknown_agency_or_type_is_refused_and_nothing_is_written(engine: Engine) -> None:
    _agency(engine)
    with UnitOfWork(engine) as uow, pytest.raises(NotFound):
        allocate_docno(uow, "999999", "处罚", 2026)
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as err:
        allocate_docno(uow, "421281", "不存在", 2026)
    assert err.value.code == "unknown_doc_type"
    with UnitOfWork(engine) as uow:
        assert issued_numbers(uow, "421281", "处罚", 2026) == []

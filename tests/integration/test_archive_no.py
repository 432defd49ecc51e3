"""归档号 assigned at archiving (程序规定 第七十八条; format after DA/T 22-2015): agency code, closing year,
保管期限 and a gapless sequence per agency and year; on the 卷宗封面 and in the bundle, checked by verify."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date as D
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.integration.case_helpers import World, file_body, make_world
from tests.integration.document_helpers import PARTY, docx_text, penalty_case
from tests.integration.test_dossier import _resign
from zhifa.documents import bundle, dossier_service
from zhifa.domain.archive_no import ArchiveNumber, Retention
from zhifa.errors import ValidationFailed
from zhifa.services.docnos import issued_numbers


@pytest.fixture
def w(engine: Engine) -> World:
    return make_world(engine)


def _cover(w: World, case: str, tmp_path: Path) -> dict[str, str]:
    return dossier_service.show_dossier(w.uow(), w.h1, case, tmp_path)["cover"]


def test_the_format_reads_back_and_a_bad_one_is_named() -> None:
    number = ArchiveNumber("420102", 2026, Retention.THIRTY_YEARS, 7)
    assert str(number) == "420102-ZF·2026-D30-0007" and ArchiveNumber.parse(str(number)) == number
    with pytest.raises(ValidationFailed) as bad:
        ArchiveNumber.parse("2026-卷-001")
    assert bad.value.code == "bad_archive_no" and "机构代码-ZF·年度-保管期限-顺序号" in bad.value.message


def test_numbers_run_without_gaps_per_agency_and_year_with_the_retention(w: World, tmp_path: Path) -> None:
    first = penalty_case(w, "5000")  # closed 2026-04-08
    w.do(w.h1, first, "archive", {}, D(2026, 4, 9))
    assert _cover(w, first, tmp_path)["archive_no"] == "420102-ZF·2026-D30-0001"
    assert _cover(w, first, tmp_path)["retention"] == "定期30年"
    declined = w.clue(D(2026, 4, 1), PARTY)
    w.do(
        w.head,
        declined,
        "decline",
        {"ground": "minor_corrected_no_harm", "reason": "轻微并已改正"},
        D(2026, 4, 2),
    )
    w.do(w.h1, declined, "archive", {"volume": "盒3"}, D(2026, 4, 10))  # a clue not filed: ten years
    assert _cover(w, declined, tmp_path)["archive_no"] == "420102-ZF·2026-D10-0002"
    chosen = penalty_case(w, "6000")
    w.do(w.h1, chosen, "archive", {"retention": "Y"}, D(2026, 4, 10))
    assert _cover(w, chosen, tmp_path)["archive_no"] == "420102-ZF·2026-Y-0003"
    with w.uow() as uow:
        assert issued_numbers(uow, "420102", "归档", 2026) == [1, 2, 3]


def test_a_major_case_is_kept_permanently_程序规定_50(w: World, tmp_path: Path) -> None:
    case = w.clue(D(2026, 3, 2), PARTY)
    w.do(w.head, case, "file", file_body(w, PARTY, major_grounds=["complex"]), D(2026, 3, 4))
    w.do(w.head, case, "terminate", {"reason": "当事人注销且无权利义务承受人"}, D(2026, 3, 6))
    w.do(w.head, case, "close", {"ground": "terminated"}, D(2026, 3, 7))
    w.do(w.h1, case, "archive", {}, D(2026, 3, 9))
    assert _cover(w, case, tmp_path)["archive_no"] == "420102-ZF·2026-Y-0001"


def test_cover_and_bundle_carry_it_and_verify_checks_it(w: World, tmp_path: Path) -> None:
    case = penalty_case(w, "5000")
    w.do(w.h1, case, "archive", {}, D(2026, 4, 9))
    data = dossier_service.export_dossier(w.uow(), w.h1, case, tmp_path, with_pdf=False)
    zf = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["archive_no"] == "420102-ZF·2026-D30-0001" and manifest["retention"] == "定期30年"
    cover = docx_text(zf.read("dossier/卷宗封面.docx"))
    assert "420102-ZF·2026-D30-0001" in cover and "定期30年" in cover
    assert bundle.verify_bundle(data).ok
    forged = bundle.verify_bundle(_resign(data, {**manifest, "archive_no": "420102-ZF·2026-D30-0002"}))
    assert not forged.ok and forged.code == "bundle_archive_no_mismatch"

"""Where the assistant learns from: the precedent library in the database, or a folder of decisions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from zhifa.config import Settings
from zhifa.errors import NotFound
from zhifa.precedents.loading import load_folder
from zhifa.precedents.record import PrecedentRecord, ProvisionRef
from zhifa.store.models.precedents import Precedent


def _record(row: Precedent) -> PrecedentRecord:
    return PrecedentRecord(
        docid=row.docid,
        docno=row.docno,
        bureau=row.bureau,
        decision_date=row.decision_date,
        party_kind=row.party_kind,
        party_name_masked=row.party_name_masked,
        facts=row.facts or "",
        evidence=list(row.evidence or []),
        analysis=row.analysis or "",
        discretion=dict(row.discretion or {}),
        violated=[ProvisionRef.from_json(p) for p in row.violated or []],
        basis=[ProvisionRef.from_json(p) for p in row.basis or []],
        penalties=list(row.penalties or []),
        fine=row.fine,
        confiscated=row.confiscated,
        facts_amounts={k: Decimal(str(v)) for k, v in (row.facts_amounts or {}).items()},
        violation_type=row.violation_type,
        problems=list(row.problems or []),
    )


def records_from_db(engine: Engine) -> list[PrecedentRecord]:
    """Every stored precedent as a record (empty when the library is empty or not migrated)."""
    try:
        with Session(engine) as session:
            rows = session.scalars(select(Precedent).order_by(Precedent.docid)).all()
            return [_record(r) for r in rows]
    except (OperationalError, ProgrammingError):
        return []


def records_from_folder(folder: Path, settings: Settings) -> list[PrecedentRecord]:
    """Parse a folder of decisions (index.jsonl or PDF/DOCX/TXT files), using the text cache."""
    if not folder.exists():
        raise NotFound(f"文书目录不存在：{folder}", code="path_not_found", details={"path": str(folder)})
    return load_folder(folder, settings.var_dir / "cache" / "precedents").records


def training_records(
    settings: Settings, engine: Engine | None, folder: Path | None
) -> tuple[list[PrecedentRecord], str]:
    """Records to train on and their source: a folder, else the DB library, else <data_dir>/decisions."""
    if folder is not None:
        return records_from_folder(folder, settings), str(folder)
    if engine is not None:
        stored = records_from_db(engine)
        if stored:
            return stored, "判例库（数据库）"
    default = Path(settings.data_dir) / "decisions"
    if not default.exists():
        raise NotFound(
            "判例库为空且找不到文书目录：请先运行 zhifa precedents import，或指定文书目录",
            code="no_training_data",
        )
    return records_from_folder(default, settings), str(default)

"""Use cases of the precedent library: import a folder (idempotent by file hash), list, show, search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, delete, select

from zhifa.errors import LibraryEmpty, NotFound, ValidationFailed
from zhifa.precedents.loading import Loaded, file_hash, list_sources, load_one
from zhifa.precedents.record import PrecedentRecord, ProvisionRef
from zhifa.store.models.precedents import Precedent, PrecedentImportFailure
from zhifa.store.uow import UnitOfWork

if TYPE_CHECKING:
    from zhifa.law.library import LawLibrary
    from zhifa.search.port import SearchIndex

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class ImportSummary:
    """Counts of an import and every document not fully parsed, with its reasons."""

    files: int = 0
    duplicate_rows: int = 0
    unchanged: int = 0
    added: int = 0
    updated: int = 0
    complete: int = 0
    partial: list[tuple[str, str, list[str]]] = field(default_factory=list)  # docid, docno, problems
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # docid, code, message

    def as_json(self) -> dict[str, Any]:
        """JSON for `--json` and the API."""
        return {
            "files": self.files, "duplicate_index_rows": self.duplicate_rows, "unchanged": self.unchanged,
            "added": self.added, "updated": self.updated, "complete": self.complete,
            "partial": [{"docid": d, "docno": n, "problems": p} for d, n, p in self.partial],
            "failed": [{"docid": d, "code": c, "message": m} for d, c, m in self.failed],
        }  # fmt: skip


def resolve_refs(refs: list[ProvisionRef], library: LawLibrary | None, as_of: Any) -> list[ProvisionRef]:
    """Fill law_title and version from the law library (left as parsed when it cannot resolve them)."""
    if library is None or not library.laws:
        return refs
    out = []
    for ref in refs:
        try:
            prov = library.resolve(ref.law, ref.article, ref.paragraph, ref.item, as_of=as_of)
        except Exception:  # NotFound or a part number the version lacks: keep the parsed reference
            try:
                prov = library.resolve(ref.law, ref.article, as_of=as_of)
            except Exception:
                out.append(ref)
                continue
        version = prov.version_date.isoformat() if prov.version_date else None
        out.append(ProvisionRef(ref.law, ref.article, ref.paragraph, ref.item, prov.law_title, version))
    return out


def violation_type_of(rec: PrecedentRecord) -> str | None:
    """The catalog violation type its provisions point to (zhifa.assistant.classify_labels), or None."""
    from zhifa.assistant.classify_labels import type_of  # the assistant's labels import this package

    return type_of(rec)


def _money(value: Decimal | None) -> Decimal | None:
    return value.quantize(Decimal("0.01")) if value is not None else None


def _apply(row: Precedent, rec: PrecedentRecord, loaded: Loaded, now: datetime) -> None:
    row.source_hash = loaded.file_hash
    row.source_name = loaded.source.path.name[:255]
    row.docno, row.bureau, row.decision_date = rec.docno, rec.bureau, rec.decision_date
    row.party_kind, row.party_name_masked = rec.party_kind, rec.party_name_masked
    row.facts, row.evidence, row.analysis = rec.facts, rec.evidence, rec.analysis
    row.discretion = rec.discretion
    row.violated = [p.to_json() for p in rec.violated]
    row.basis = [p.to_json() for p in rec.basis]
    row.penalties = rec.penalties
    row.fine, row.confiscated = _money(rec.fine), _money(rec.confiscated)
    row.facts_amounts = {k: str(v) for k, v in rec.facts_amounts.items()}
    row.violation_type = rec.violation_type
    row.problems = rec.problems
    row.complete = rec.complete
    row.imported_at = now


def import_folder(
    engine: Engine,
    path: Path,
    *,
    cache_dir: Path | None = None,
    library: LawLibrary | None = None,
    index: SearchIndex | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> ImportSummary:
    """Import every decision under path; unchanged files (same hash) are skipped unless `force` (e.g. after
    the law library was imported, to resolve the provisions); failures are listed."""
    if not path.exists():
        raise ValidationFailed(f"路径不存在：{path}", code="path_not_found")
    sources, duplicates = list_sources(path)
    summary = ImportSummary(files=len(sources), duplicate_rows=duplicates)
    with engine.connect() as conn:
        known = {d: h for d, h in conn.execute(select(Precedent.docid, Precedent.source_hash))}
    changed: list[str] = []
    for done, source in enumerate(sources, 1):
        digest = file_hash(source.path) if source.path.exists() else ""
        if digest and known.get(source.docid) == digest and not force:
            summary.unchanged += 1
            with UnitOfWork(engine) as uow:  # keep counts honest for unchanged partial records
                row = uow.session.scalars(select(Precedent).where(Precedent.docid == source.docid)).one()
                if row.complete:
                    summary.complete += 1
                else:
                    summary.partial.append((row.docid, row.docno or "", list(row.problems)))
        else:
            _store(engine, load_one(source, cache_dir), library, summary, changed)
        if progress:
            progress(done, len(sources))
    if index is not None and changed:
        from zhifa.precedents.search_index import index_precedents

        index_precedents(engine, index, changed)
    return summary


def _store(
    engine: Engine, loaded: Loaded, library: LawLibrary | None, summary: ImportSummary, changed: list[str]
) -> None:
    now = datetime.now(UTC)
    docid = loaded.source.docid
    with UnitOfWork(engine) as uow:
        s = uow.session
        if loaded.record is None:
            s.execute(delete(PrecedentImportFailure).where(PrecedentImportFailure.docid == docid))
            failure = PrecedentImportFailure(docid=docid, source_hash=loaded.file_hash, attempted_at=now)
            failure.source_name = loaded.source.path.name[:255]
            failure.code, failure.message = loaded.error_code or "error", (loaded.error or "")[:500]
            s.add(failure)
            uow.commit()
            summary.failed.append((docid, loaded.error_code or "error", loaded.error or ""))
            return
        rec = loaded.record
        rec.violated = resolve_refs(rec.violated, library, rec.decision_date)
        rec.basis = resolve_refs(rec.basis, library, rec.decision_date)
        rec.violation_type = violation_type_of(rec)
        row = s.scalars(select(Precedent).where(Precedent.docid == docid)).one_or_none()
        if row is None:
            row = Precedent(docid=docid)
            s.add(row)
            summary.added += 1
        else:
            summary.updated += 1
        _apply(row, rec, loaded, now)
        s.execute(delete(PrecedentImportFailure).where(PrecedentImportFailure.docid == docid))
        uow.commit()
    changed.append(docid)
    if rec.complete:
        summary.complete += 1
    else:
        summary.partial.append((docid, rec.docno or "", rec.problems))


def precedent_json(row: Precedent, *, full: bool = True) -> dict[str, Any]:
    """A stored precedent as JSON (masked already)."""
    out: dict[str, Any] = {
        "docid": row.docid, "docno": row.docno, "bureau": row.bureau,
        "decision_date": row.decision_date.isoformat() if row.decision_date else None,
        "party_kind": row.party_kind, "party_name": row.party_name_masked,
        "violated": row.violated, "basis": row.basis, "penalties": row.penalties,
        "fine": str(row.fine) if row.fine is not None else None,
        "confiscated": str(row.confiscated) if row.confiscated is not None else None,
        "violation_type": row.violation_type, "complete": row.complete, "problems": row.problems,
    }  # fmt: skip
    if full:
        from zhifa.precedents.people import mask_people, named_people

        evidence = [str(e) for e in row.evidence or []]
        names = named_people([row.facts or "", row.analysis or "", *evidence])
        discretion = dict(row.discretion or {})
        if names and discretion.get("reasons"):
            discretion["reasons"] = [mask_people(str(r), names) for r in discretion["reasons"]]
        out.update(
            facts=mask_people(row.facts or "", names), evidence=[mask_people(e, names) for e in evidence],
            analysis=mask_people(row.analysis or "", names), discretion=discretion,
        )  # fmt: skip
    return out


def empty_notice(engine: Engine) -> str | None:
    """The Chinese notice that the precedent library is empty and how to fill it; None when it is not."""
    with engine.connect() as conn:
        if conn.execute(select(Precedent.docid).limit(1)).first() is not None:
            return None
    return LibraryEmpty.of("判例库", "precedent_library_empty").message


def require_precedents(engine: Engine) -> None:
    """LibraryEmpty (naming how to fill it) when no precedent was imported."""
    if empty_notice(engine) is not None:
        raise LibraryEmpty.of("判例库", "precedent_library_empty")


def get_precedent(engine: Engine, docid: str) -> dict[str, Any]:
    """One precedent by docid; NotFound otherwise."""
    with UnitOfWork(engine) as uow:
        row = uow.session.scalars(select(Precedent).where(Precedent.docid == docid)).one_or_none()
        if row is None:
            raise NotFound(f"未找到判例：{docid}", code="precedent_not_found")
        return precedent_json(row)

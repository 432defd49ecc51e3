"""Session-wide import of the real law corpus (once) for the law library tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from zhifa.config import Settings
from zhifa.law.importer import ImportReport
from zhifa.law.library import LawLibrary
from zhifa.law.service import law_index, run_import
from zhifa.search.port import SearchIndex


@dataclass
class Corpus:
    """The imported corpus: engine, settings (search dir), library, index and the import report."""

    engine: Engine
    settings: Settings
    library: LawLibrary
    index: SearchIndex
    report: ImportReport


def import_corpus(engine: Engine, var_dir: Path, data_dir: Path) -> Corpus:
    """Import <data_dir>/laws into engine with a search index under var_dir."""
    settings = Settings(database_url=str(engine.url), var_dir=var_dir, data_dir=data_dir)
    report = run_import(engine, settings, data_dir / "laws")
    return Corpus(engine, settings, LawLibrary(engine), law_index(settings), report)

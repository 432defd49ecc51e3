"""A changed law file, parsed and hashed, on its way from the importer to the writer and the index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.law.parse import ParsedLaw
from zhifa.law.sources import LawFile


@dataclass
class Pending:
    """A changed file ready to be written."""

    file: LawFile
    parsed: ParsedLaw
    digest: str
    version_date: date | None
    effective_from: date | None

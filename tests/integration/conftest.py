"""Fixtures shared by the integration tests: the real law corpus imported once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import PG_URL
from tests.integration.law_corpus_support import Corpus, import_corpus
from zhifa.law.library import LawLibrary
from zhifa.store.db import make_engine
from zhifa.store.migrate import upgrade


@pytest.fixture(scope="session")
def corpus(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """The whole corpus imported once (SQLite, or PostgreSQL when ZHIFA_TEST_DATABASE_URL is set).

    The engine's URL alone reaches the data (the PostgreSQL schema is in its query string), so a CLI
    run with ZHIFA_DATABASE_URL=corpus_url(corpus) sees the same library.
    """
    root = tmp_path_factory.mktemp("law-corpus")
    if PG_URL:
        schema = f"zhifa_law_{os.getpid()}"
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        engine = make_engine(url.render_as_string(hide_password=False))
    else:
        engine = make_engine(f"sqlite:///{root / 'zhifa.db'}")
    upgrade(engine)
    yield import_corpus(engine, root / "var", data_dir)
    LawLibrary.invalidate()
    engine.dispose()
    if PG_URL:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def corpus_url(corpus: Corpus) -> str:
    """ZHIFA_DATABASE_URL of the session corpus (password kept)."""
    return corpus.engine.url.render_as_string(hide_password=False)
